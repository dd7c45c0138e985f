//! What a passed exam does to the learner's path (applied in the PASS's transaction).
//!
//! - `trainee_0` level exam → approval of the move to the next rank's level 1;
//! - level 1 or 2 exam → the next level starts at once (auto-advance);
//! - level 3 exam → the rank final opens at the same stage;
//! - rank final → approval of the move to the next rank's level 1, or of graduation
//!   after the track's last rank.
//!
//! Anything else (a rank final below level 3, a stage outside the track) is a typed
//! error: the use-case has a bug or stale data, and must not guess.

use serde::Serialize;

use super::rank::{StageKey, TrackRanks};
use super::stage::StageStatus;

/// The two exams that move a learner along the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExamKind {
    Level,
    RankFinal,
}

/// The consequence of a PASS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum ProgressionAction {
    /// The stage waits for an admin; approving starts `to` (a `rank_transition`
    /// request).
    PendingApproval { to: StageKey },
    /// The stage is completed and `to` becomes active, pinning the then-current
    /// settings.
    AutoAdvanced { to: StageKey },
    /// The stage stays active; the learner may now take the rank final.
    RankFinalOpen,
    /// The stage waits for an admin; approving graduates the learner (a `graduation`
    /// request).
    Graduation,
}

impl ProgressionAction {
    /// The stage's status after the action (through the [`StageStatus`] state machine:
    /// approvals are `request_approval`, auto-advance completes).
    pub fn stage_status_after(self) -> StageStatus {
        match self {
            ProgressionAction::PendingApproval { .. } | ProgressionAction::Graduation => {
                StageStatus::PendingApproval
            }
            ProgressionAction::AutoAdvanced { .. } => StageStatus::Completed,
            ProgressionAction::RankFinalOpen => StageStatus::Active,
        }
    }
}

/// A PASS that cannot happen on this path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProgressionError {
    #[error("stage {0} is not part of this track")]
    StageNotInTrack(StageKey),
    #[error("stage {0} has no rank final; it is taken after a rank's level 3")]
    NoRankFinalAt(StageKey),
}

/// The action for a PASS of `exam` at `stage` on a track with `ranks`.
pub fn on_exam_passed(
    stage: StageKey,
    exam: ExamKind,
    ranks: &TrackRanks,
) -> Result<ProgressionAction, ProgressionError> {
    if !ranks.contains(stage) {
        return Err(ProgressionError::StageNotInTrack(stage));
    }
    let next_rank_or_graduation = || match ranks.next_rank(stage.rank()) {
        Some(rank) => ProgressionAction::PendingApproval {
            to: StageKey::first_of(rank),
        },
        None => ProgressionAction::Graduation,
    };
    match exam {
        ExamKind::Level if stage == StageKey::TRAINEE_0 => Ok(next_rank_or_graduation()),
        ExamKind::Level => Ok(match stage.next_level_in_rank() {
            Some(to) => ProgressionAction::AutoAdvanced { to },
            None => ProgressionAction::RankFinalOpen,
        }),
        ExamKind::RankFinal if stage.rank().last_level() == stage.level() && stage.level() > 0 => {
            Ok(next_rank_or_graduation())
        }
        ExamKind::RankFinal => Err(ProgressionError::NoRankFinalAt(stage)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::rank::Rank;
    use crate::adaptive::stage::{StageEvent, StageStatus};

    fn key(s: &str) -> StageKey {
        s.parse().unwrap()
    }

    fn passed(stage: &str, exam: ExamKind) -> Result<ProgressionAction, ProgressionError> {
        on_exam_passed(key(stage), exam, &TrackRanks::all())
    }

    #[test]
    fn trainee_pass_waits_for_approval_to_junior_1() {
        assert_eq!(
            passed("trainee_0", ExamKind::Level),
            Ok(ProgressionAction::PendingApproval {
                to: key("junior_1")
            })
        );
    }

    #[test]
    fn levels_1_and_2_auto_advance() {
        assert_eq!(
            passed("junior_1", ExamKind::Level),
            Ok(ProgressionAction::AutoAdvanced {
                to: key("junior_2")
            })
        );
        assert_eq!(
            passed("middle_2", ExamKind::Level),
            Ok(ProgressionAction::AutoAdvanced {
                to: key("middle_3")
            })
        );
    }

    #[test]
    fn level_3_opens_the_rank_final() {
        assert_eq!(
            passed("senior_3", ExamKind::Level),
            Ok(ProgressionAction::RankFinalOpen)
        );
    }

    #[test]
    fn rank_final_leads_to_the_next_rank_or_graduation() {
        assert_eq!(
            passed("junior_3", ExamKind::RankFinal),
            Ok(ProgressionAction::PendingApproval {
                to: key("middle_1")
            })
        );
        assert_eq!(
            passed("senior_3", ExamKind::RankFinal),
            Ok(ProgressionAction::Graduation)
        );
        let short = TrackRanks::new([Rank::Trainee, Rank::Junior, Rank::Senior]).unwrap();
        assert_eq!(
            on_exam_passed(key("junior_3"), ExamKind::RankFinal, &short),
            Ok(ProgressionAction::PendingApproval {
                to: key("senior_1")
            })
        );
        let two = TrackRanks::new([Rank::Trainee, Rank::Junior]).unwrap();
        assert_eq!(
            on_exam_passed(key("junior_3"), ExamKind::RankFinal, &two),
            Ok(ProgressionAction::Graduation)
        );
    }

    #[test]
    fn a_trainee_only_track_graduates_after_trainee_0() {
        let only = TrackRanks::new([Rank::Trainee]).unwrap();
        assert_eq!(
            on_exam_passed(StageKey::TRAINEE_0, ExamKind::Level, &only),
            Ok(ProgressionAction::Graduation)
        );
    }

    #[test]
    fn impossible_passes_are_errors() {
        for stage in ["trainee_0", "junior_1", "middle_2"] {
            assert_eq!(
                passed(stage, ExamKind::RankFinal),
                Err(ProgressionError::NoRankFinalAt(key(stage)))
            );
        }
        let short = TrackRanks::new([Rank::Trainee, Rank::Junior]).unwrap();
        assert_eq!(
            on_exam_passed(key("middle_1"), ExamKind::Level, &short),
            Err(ProgressionError::StageNotInTrack(key("middle_1")))
        );
    }

    #[test]
    fn the_resulting_status_is_reachable_by_the_state_machine() {
        let cases = [
            (
                "trainee_0",
                ExamKind::Level,
                Some(StageEvent::RequestApproval),
            ),
            ("junior_1", ExamKind::Level, Some(StageEvent::AutoAdvance)),
            ("junior_3", ExamKind::Level, None),
            (
                "senior_3",
                ExamKind::RankFinal,
                Some(StageEvent::RequestApproval),
            ),
        ];
        for (stage, exam, event) in cases {
            let action = passed(stage, exam).unwrap();
            let expected = match event {
                Some(e) => StageStatus::Active.apply(e).unwrap(),
                None => StageStatus::Active,
            };
            assert_eq!(action.stage_status_after(), expected, "{stage}");
        }
    }
}
