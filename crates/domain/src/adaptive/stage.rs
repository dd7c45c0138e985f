//! The status of a learner's stage and the only moves it may make.
//!
//! ```text
//! active ──request_approval──▶ pending_approval ──approve──▶ completed
//!   │  ▲                              │
//!   │  └───────────reject─────────────┘
//!   └──────────auto_advance──────────────────────────────▶ completed
//! ```
//!
//! `completed` is final. Modelling the moves as events (rather than "set status to X")
//! lets the use-case say what happened, and makes every other move a typed error the
//! API can answer with 409.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a learner's stage stands. A learner has exactly one stage that is `Active` or
/// `PendingApproval` at any time (a partial unique index holds it under races).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    /// The learner works on the stage: content, exams.
    Active,
    /// The stage's final exam was passed; an admin must approve the transition.
    PendingApproval,
    /// Done; the learner has moved on (or graduated).
    Completed,
}

/// Something that happens to a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageEvent {
    /// A pass that needs an admin's decision (trainee exam, rank final).
    RequestApproval,
    /// A level 1 or 2 pass: the next level starts without approval.
    AutoAdvance,
    /// The admin approved the pending transition.
    Approve,
    /// The admin rejected it; the learner works on the stage again and may ask again.
    Reject,
}

/// A move the state machine does not allow, e.g. approving an active stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a stage that is {from} cannot {event}")]
pub struct IllegalStageTransition {
    pub from: StageStatus,
    pub event: StageEvent,
}

impl StageStatus {
    /// The status after `event`, or the typed refusal.
    pub fn apply(self, event: StageEvent) -> Result<StageStatus, IllegalStageTransition> {
        use StageEvent::*;
        use StageStatus::*;
        match (self, event) {
            (Active, RequestApproval) => Ok(PendingApproval),
            (Active, AutoAdvance) => Ok(Completed),
            (PendingApproval, Approve) => Ok(Completed),
            (PendingApproval, Reject) => Ok(Active),
            (from, event) => Err(IllegalStageTransition { from, event }),
        }
    }

    /// Whether this is the learner's current stage (active or awaiting approval).
    pub fn is_current(self) -> bool {
        matches!(self, StageStatus::Active | StageStatus::PendingApproval)
    }

    /// The name stored in the database and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Active => "active",
            StageStatus::PendingApproval => "pending_approval",
            StageStatus::Completed => "completed",
        }
    }
}

impl fmt::Display for StageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown stage status name (e.g. a corrupt database value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stage status `{0}`")]
pub struct UnknownStageStatus(pub String);

impl FromStr for StageStatus {
    type Err = UnknownStageStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            StageStatus::Active,
            StageStatus::PendingApproval,
            StageStatus::Completed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
        .ok_or_else(|| UnknownStageStatus(s.to_owned()))
    }
}

impl fmt::Display for StageEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StageEvent::RequestApproval => "request approval",
            StageEvent::AutoAdvance => "auto-advance",
            StageEvent::Approve => "be approved",
            StageEvent::Reject => "be rejected",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::StageEvent::*;
    use super::StageStatus::*;
    use super::*;

    const ALL_STATUSES: [StageStatus; 3] = [Active, PendingApproval, Completed];
    const ALL_EVENTS: [StageEvent; 4] = [RequestApproval, AutoAdvance, Approve, Reject];

    #[test]
    fn allowed_moves() {
        assert_eq!(Active.apply(RequestApproval), Ok(PendingApproval));
        assert_eq!(Active.apply(AutoAdvance), Ok(Completed));
        assert_eq!(PendingApproval.apply(Approve), Ok(Completed));
        assert_eq!(PendingApproval.apply(Reject), Ok(Active));
    }

    #[test]
    fn every_other_move_is_a_typed_error() {
        let allowed = [
            (Active, RequestApproval),
            (Active, AutoAdvance),
            (PendingApproval, Approve),
            (PendingApproval, Reject),
        ];
        for from in ALL_STATUSES {
            for event in ALL_EVENTS {
                if allowed.contains(&(from, event)) {
                    continue;
                }
                assert_eq!(
                    from.apply(event),
                    Err(IllegalStageTransition { from, event }),
                    "{from} + {event:?}"
                );
            }
        }
    }

    #[test]
    fn completed_is_final_and_a_second_decision_is_refused() {
        let err = Completed.apply(Approve).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a stage that is completed cannot be approved"
        );
        let approved = PendingApproval.apply(Approve).unwrap();
        assert!(approved.apply(Reject).is_err());
    }

    #[test]
    fn rejection_allows_asking_again() {
        let s = Active.apply(RequestApproval).unwrap();
        let s = s.apply(Reject).unwrap();
        assert_eq!(s.apply(RequestApproval), Ok(PendingApproval));
    }

    #[test]
    fn status_names_round_trip() {
        for s in ALL_STATUSES {
            assert_eq!(s.as_str().parse::<StageStatus>(), Ok(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert!("done".parse::<StageStatus>().is_err());
        assert!(Active.is_current() && PendingApproval.is_current() && !Completed.is_current());
    }
}
