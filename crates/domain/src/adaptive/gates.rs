//! Whether each step of the learner's path may be taken now: assigning the stage's
//! content, starting the level exam, starting the rank final, asking for approval.
//!
//! One decision per step. The use-case that performs a step refuses exactly when its
//! decision here refuses, with the same reason, and every report that predicts a step
//! (`GET /progress/eligibility`, the `actions` of `GET /progress/current-stage`, the
//! eligibility inside `GET /content/my`) shows the same decision — so a client that
//! reads "you may take the exam" never meets a refusal on start. Only what the decision
//! cannot know beforehand stays outside it: a bank too short for the draw (412 naming the
//! module) and a race lost to a concurrent request (the database constraints answer).

use serde::{Deserialize, Serialize};

use super::{rank::StageKey, stage::StageStatus};

/// One exam of the current stage as the learner left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExamState {
    pub passed: bool,
    /// An attempt started and not yet submitted.
    pub open_attempt: Option<i64>,
}

/// What the decisions need to know about the learner's current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathState {
    pub key: StageKey,
    pub status: StageStatus,
    pub diagnostic_submitted: bool,
    pub content_assigned: bool,
    /// A required article of the stage is not closed yet (its mini-test not passed).
    pub required_open: bool,
    pub level: ExamState,
    pub rank_final: ExamState,
}

/// Why a step cannot be taken now. `code` is the error code the refused request
/// answers with; `is_conflict` tells 409 (the step is done or under way) from 412 (a
/// step before it is missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Refusal {
    /// The stage waits for an administrator: nothing moves until the decision.
    StagePendingApproval,
    /// The track is completed: there is no current stage.
    Graduated,
    /// Content is assigned once per stage.
    ContentAlreadyAssigned,
    /// At `trainee_0` the diagnostic decides the weak modules: it comes first.
    DiagnosticRequired,
    /// The level exam follows the stage's reading: assign it first.
    ContentNotAssigned,
    /// A required article is still open.
    NotEligible,
    ExamAlreadyPassed,
    AttemptInProgress {
        attempt_id: Option<i64>,
    },
    /// The rank final opens at level 3 once its level exam is passed.
    RankFinalNotOpen,
    /// Approval follows a passed trainee exam or rank final.
    NothingToApprove,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::StagePendingApproval => "stage_pending_approval",
            Refusal::Graduated => "graduated",
            Refusal::ContentAlreadyAssigned => "content_already_assigned",
            Refusal::DiagnosticRequired => "diagnostic_required",
            Refusal::ContentNotAssigned => "content_not_assigned",
            Refusal::NotEligible => "not_eligible",
            Refusal::ExamAlreadyPassed => "exam_already_passed",
            Refusal::AttemptInProgress { .. } => "attempt_in_progress",
            Refusal::RankFinalNotOpen => "rank_final_not_open",
            Refusal::NothingToApprove => "nothing_to_approve",
        }
    }

    /// What the learner should do, in words.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::StagePendingApproval => "this stage waits for an administrator's approval",
            Refusal::Graduated => "you have completed the track",
            Refusal::ContentAlreadyAssigned => "content for this stage has already been assigned",
            Refusal::DiagnosticRequired => {
                "take the diagnostic first: it decides which modules need reading"
            }
            Refusal::ContentNotAssigned => {
                "assign this stage's content first (POST /content/assign)"
            }
            Refusal::NotEligible => "close every required article (pass its mini-test) first",
            Refusal::ExamAlreadyPassed => "this exam is already passed",
            Refusal::AttemptInProgress { .. } => {
                "an attempt of this exam is in progress; submit it first"
            }
            Refusal::RankFinalNotOpen => "the rank final opens after the level 3 exam is passed",
            Refusal::NothingToApprove => "approval follows a passed trainee exam or rank final",
        }
    }

    /// 409 when the step is done or under way; otherwise 412 (something comes first).
    pub fn is_conflict(self) -> bool {
        matches!(
            self,
            Refusal::StagePendingApproval
                | Refusal::ContentAlreadyAssigned
                | Refusal::ExamAlreadyPassed
                | Refusal::AttemptInProgress { .. }
        )
    }
}

fn active(s: &PathState) -> Result<(), Refusal> {
    match s.status {
        StageStatus::Active => Ok(()),
        StageStatus::PendingApproval => Err(Refusal::StagePendingApproval),
        StageStatus::Completed => Err(Refusal::Graduated),
    }
}

/// `POST /content/assign`: once per active stage; at `trainee_0` after the diagnostic.
pub fn assign_content(s: &PathState) -> Result<(), Refusal> {
    active(s)?;
    if s.content_assigned {
        return Err(Refusal::ContentAlreadyAssigned);
    }
    if s.key == StageKey::TRAINEE_0 && !s.diagnostic_submitted {
        return Err(Refusal::DiagnosticRequired);
    }
    Ok(())
}

/// `POST /exams/level/start`: the stage active, its level exam not passed and no attempt
/// open, the content assigned and every required article closed.
pub fn level_exam(s: &PathState) -> Result<(), Refusal> {
    active(s)?;
    if s.level.passed {
        return Err(Refusal::ExamAlreadyPassed);
    }
    if let Some(id) = s.level.open_attempt {
        return Err(Refusal::AttemptInProgress {
            attempt_id: Some(id),
        });
    }
    if !s.content_assigned {
        return Err(Refusal::ContentNotAssigned);
    }
    if s.required_open {
        return Err(Refusal::NotEligible);
    }
    Ok(())
}

/// `POST /exams/rank-final/start`: at level 3 (never `trainee_0`) after its level exam
/// passed, the final itself not passed and no attempt open.
pub fn rank_final(s: &PathState) -> Result<(), Refusal> {
    active(s)?;
    if s.key.level() != 3 || !s.level.passed {
        return Err(Refusal::RankFinalNotOpen);
    }
    if s.rank_final.passed {
        return Err(Refusal::ExamAlreadyPassed);
    }
    if let Some(id) = s.rank_final.open_attempt {
        return Err(Refusal::AttemptInProgress {
            attempt_id: Some(id),
        });
    }
    Ok(())
}

/// `POST /progress/request-approval` (asking again after a rejection): the stage active
/// and its closing exam passed — the level exam at `trainee_0`, the rank final elsewhere.
pub fn request_approval(s: &PathState) -> Result<(), Refusal> {
    active(s)?;
    let closing = if s.key == StageKey::TRAINEE_0 {
        s.level
    } else {
        s.rank_final
    };
    if closing.passed {
        Ok(())
    } else {
        Err(Refusal::NothingToApprove)
    }
}

/// Every step's decision at once, as the reports show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathActions {
    pub assign_content: Result<(), Refusal>,
    pub level_exam: Result<(), Refusal>,
    pub rank_final: Result<(), Refusal>,
    pub request_approval: Result<(), Refusal>,
}

impl PathActions {
    pub fn of(s: &PathState) -> Self {
        Self {
            assign_content: assign_content(s),
            level_exam: level_exam(s),
            rank_final: rank_final(s),
            request_approval: request_approval(s),
        }
    }

    /// A graduated learner has no current stage: every step is refused.
    pub fn graduated() -> Self {
        Self {
            assign_content: Err(Refusal::Graduated),
            level_exam: Err(Refusal::Graduated),
            rank_final: Err(Refusal::Graduated),
            request_approval: Err(Refusal::Graduated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::rank::Rank;

    fn state(key: StageKey) -> PathState {
        PathState {
            key,
            status: StageStatus::Active,
            diagnostic_submitted: true,
            content_assigned: true,
            required_open: false,
            level: ExamState::default(),
            rank_final: ExamState::default(),
        }
    }

    fn junior(level: u8) -> StageKey {
        StageKey::new(Rank::Junior, level).expect("junior level")
    }

    #[test]
    fn content_not_assigned_is_not_eligible() {
        let s = PathState {
            content_assigned: false,
            ..state(StageKey::TRAINEE_0)
        };
        assert_eq!(level_exam(&s), Err(Refusal::ContentNotAssigned));
        assert_eq!(assign_content(&s), Ok(()));
    }

    #[test]
    fn the_diagnostic_comes_before_content_only_at_trainee_0() {
        let fresh = PathState {
            diagnostic_submitted: false,
            content_assigned: false,
            ..state(StageKey::TRAINEE_0)
        };
        assert_eq!(assign_content(&fresh), Err(Refusal::DiagnosticRequired));
        let later = PathState {
            key: junior(1),
            ..fresh
        };
        assert_eq!(assign_content(&later), Ok(()));
    }

    #[test]
    fn an_open_required_article_blocks_the_level_exam_only() {
        let s = PathState {
            required_open: true,
            ..state(junior(3))
        };
        assert_eq!(level_exam(&s), Err(Refusal::NotEligible));
        assert_eq!(rank_final(&s), Err(Refusal::RankFinalNotOpen));
    }

    #[test]
    fn the_rank_final_opens_after_the_level_3_exam() {
        let mut s = state(junior(3));
        assert_eq!(rank_final(&s), Err(Refusal::RankFinalNotOpen));
        s.level.passed = true;
        assert_eq!(level_exam(&s), Err(Refusal::ExamAlreadyPassed));
        assert_eq!(rank_final(&s), Ok(()));
        s.rank_final.open_attempt = Some(7);
        assert_eq!(
            rank_final(&s),
            Err(Refusal::AttemptInProgress {
                attempt_id: Some(7)
            })
        );
        assert_eq!(request_approval(&s), Err(Refusal::NothingToApprove));
        s.rank_final = ExamState {
            passed: true,
            open_attempt: None,
        };
        assert_eq!(rank_final(&s), Err(Refusal::ExamAlreadyPassed));
        assert_eq!(request_approval(&s), Ok(()));
        let at_level_2 = PathState {
            key: junior(2),
            ..s
        };
        assert_eq!(rank_final(&at_level_2), Err(Refusal::RankFinalNotOpen));
    }

    #[test]
    fn a_pending_stage_refuses_every_step_with_the_same_reason() {
        let s = PathState {
            status: StageStatus::PendingApproval,
            ..state(StageKey::TRAINEE_0)
        };
        let all = PathActions::of(&s);
        for decision in [
            all.assign_content,
            all.level_exam,
            all.rank_final,
            all.request_approval,
        ] {
            assert_eq!(decision, Err(Refusal::StagePendingApproval));
        }
        assert!(Refusal::StagePendingApproval.is_conflict());
        assert!(!Refusal::ContentNotAssigned.is_conflict());
    }

    #[test]
    fn trainee_0_asks_approval_after_its_level_exam() {
        let mut s = state(StageKey::TRAINEE_0);
        assert_eq!(request_approval(&s), Err(Refusal::NothingToApprove));
        s.level.passed = true;
        assert_eq!(request_approval(&s), Ok(()));
    }
}
