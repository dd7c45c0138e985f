//! The course workflow: who may move a course from one status to another.

use std::{fmt, str::FromStr};

/// Where a course is in its life: written (`draft`), waiting for moderation (`review`),
/// visible in the catalog (`published`), or retired (`archived`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CourseStatus {
    Draft,
    Review,
    Published,
    Archived,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of draft, review, published, archived")]
pub struct StatusError;

/// The capacity in which someone moves a course: its own teacher, or platform staff
/// (producers and admins), who moderate. Anyone else moves nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Owner,
    Staff,
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 4] = [
        CourseStatus::Draft,
        CourseStatus::Review,
        CourseStatus::Published,
        CourseStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Draft => "draft",
            CourseStatus::Review => "review",
            CourseStatus::Published => "published",
            CourseStatus::Archived => "archived",
        }
    }

    /// Only published courses are in the public catalog.
    pub fn is_public(self) -> bool {
        self == CourseStatus::Published
    }

    /// Whether a module or lesson that learners completed may be deleted. Completions are
    /// part of learners' records; a draft has never been public (a published course never
    /// returns to draft), so only there may completed content go. Otherwise the content
    /// is edited instead.
    pub fn may_delete_completed_content(self) -> bool {
        self == CourseStatus::Draft
    }

    /// The statuses `mover` may move a course in this status to. The teacher submits a
    /// draft for review; staff publish it or send it back; either retires a published
    /// course. Archived is final.
    pub fn allowed_moves(self, mover: Mover) -> Vec<CourseStatus> {
        use CourseStatus::*;
        match (self, mover) {
            (Draft, _) => vec![Review],
            (Review, Mover::Staff) => vec![Published, Draft],
            (Review, Mover::Owner) => vec![],
            (Published, _) => vec![Archived],
            (Archived, _) => vec![],
        }
    }

    /// Moves to `to` when allowed; otherwise the moves that are, for the 409 report.
    pub fn move_to(
        self,
        to: CourseStatus,
        mover: Mover,
    ) -> Result<CourseStatus, Vec<CourseStatus>> {
        let allowed = self.allowed_moves(mover);
        if allowed.contains(&to) {
            Ok(to)
        } else {
            Err(allowed)
        }
    }
}

impl FromStr for CourseStatus {
    type Err = StatusError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CourseStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(StatusError)
    }
}

impl fmt::Display for CourseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CourseStatus::*;

    #[test]
    fn the_workflow() {
        assert_eq!(Draft.move_to(Review, Mover::Owner), Ok(Review));
        assert_eq!(Review.move_to(Published, Mover::Owner), Err(vec![]));
        assert_eq!(Review.move_to(Published, Mover::Staff), Ok(Published));
        assert_eq!(Review.move_to(Draft, Mover::Staff), Ok(Draft));
        assert_eq!(Draft.move_to(Published, Mover::Staff), Err(vec![Review]));
        assert_eq!(Published.move_to(Archived, Mover::Owner), Ok(Archived));
        assert_eq!(Published.move_to(Draft, Mover::Staff), Err(vec![Archived]));
        for to in CourseStatus::ALL {
            assert!(Archived.move_to(to, Mover::Staff).is_err());
        }
    }

    #[test]
    fn only_drafts_lose_completed_content() {
        assert!(Draft.may_delete_completed_content());
        for s in [Review, Published, Archived] {
            assert!(!s.may_delete_completed_content(), "{s}");
        }
    }

    #[test]
    fn round_trips() {
        for s in CourseStatus::ALL {
            assert_eq!(s.as_str().parse::<CourseStatus>(), Ok(s));
        }
        assert!("live".parse::<CourseStatus>().is_err());
    }
}
