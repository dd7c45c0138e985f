//! `POST /recommendations/interactions`: a learner's interaction with a course adds to
//! their preference for its category.

use practicum_domain::{identity::UserId, FieldErrors, Timestamp};
use practicum_store::{catalog::courses::CourseRecord, recommend, Session};

use crate::{catalog::visible_course, identity::Actor, App, AppError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionKind {
    View,
    Bookmark,
    Start,
    Complete,
}

impl InteractionKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "view" => Some(Self::View),
            "bookmark" => Some(Self::Bookmark),
            "start" => Some(Self::Start),
            "complete" => Some(Self::Complete),
            _ => None,
        }
    }

    /// What the interaction adds to the category preference.
    pub fn weight(self) -> f64 {
        match self {
            Self::View => 0.1,
            Self::Bookmark => 0.3,
            Self::Start => 0.5,
            Self::Complete => 1.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct InteractionOutcome {
    pub course_slug: String,
    pub category_slug: Option<String>,
    pub weight: f64,
    /// The learner's preference for the category now; `None` for a course without one.
    pub preference: Option<f64>,
}

/// Adds `kind`'s weight to `user`'s preference for the course's category (nothing for a
/// course without a category). Shared by interactions and enrollment (`start`).
pub(crate) async fn feed_preference(
    s: &mut dyn Session,
    user: UserId,
    course: &CourseRecord,
    kind: InteractionKind,
    now: Timestamp,
) -> Result<Option<f64>, AppError> {
    match course.category_id {
        Some(category) => Ok(Some(
            recommend::add_preference(s, user, category, kind.weight(), now).await?,
        )),
        None => Ok(None),
    }
}

impl App {
    pub async fn record_interaction(
        &self,
        actor: &Actor,
        course_slug: &str,
        kind: &str,
    ) -> Result<InteractionOutcome, AppError> {
        let kind = InteractionKind::parse(kind).ok_or_else(|| {
            AppError::from(FieldErrors::single(
                "kind",
                "must be one of view, bookmark, start, complete",
            ))
        })?;
        let mut tx = self.db.write().await?;
        let course = visible_course(&mut tx, Some(actor), course_slug).await?;
        let preference = feed_preference(&mut tx, actor.id, &course, kind, self.now_ms()).await?;
        tx.commit().await?;
        Ok(InteractionOutcome {
            course_slug: course.slug,
            category_slug: course.category_slug,
            weight: kind.weight(),
            preference,
        })
    }
}
