//! What a PASS does to the path, inside the PASS's transaction; and the stage moves that
//! approvals make. The rules are the domain's (`on_exam_passed`, `StageStatus::apply`).

use practicum_domain::adaptive::{on_exam_passed, ExamKind, ProgressionAction, StageEvent};
use practicum_store::{
    adaptive::{approvals, progress, settings},
    Session,
};

use super::{context::Learner, ProgressOutcome};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

/// Applies `event` to the learner's stage row through the state machine. A row that
/// moved meanwhile (a concurrent decision) is 409.
pub(crate) async fn move_stage(
    s: &mut dyn Session,
    progress_id: i64,
    from: practicum_domain::adaptive::StageStatus,
    event: StageEvent,
    now: i64,
) -> Result<(), AppError> {
    let to = from
        .apply(event)
        .map_err(|e| AppError::conflict(ErrorCode::IllegalStageTransition, e.to_string()))?;
    if !progress::set_status(s, progress_id, from, to, now).await? {
        return Err(AppError::conflict(
            ErrorCode::StageChanged,
            "the stage changed meanwhile; reload and retry",
        ));
    }
    Ok(())
}

/// Starts `stage_id` as the learner's active stage, pinning the track's current settings.
pub(crate) async fn start_stage(
    s: &mut dyn Session,
    user: practicum_domain::identity::UserId,
    track_id: i64,
    stage_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let version = settings::current(s, track_id)
        .await?
        .ok_or_else(|| AppError::internal("track lost its current settings version"))?;
    progress::insert_active(s, user, track_id, stage_id, version.id, now)
        .await
        .refuse_on(
            &[
                "stage_progress_one_current_key",
                "stage_progress_user_stage_key",
            ],
            || {
                AppError::conflict(
                    ErrorCode::StageAlreadyStarted,
                    "the next stage was already started",
                )
            },
        )?;
    Ok(())
}

/// The stage waits for an admin: `pending_approval` plus the request (`to`: the next
/// rank's first stage, or `None` to graduate).
async fn ask_approval(
    s: &mut dyn Session,
    p: &practicum_store::adaptive::progress::ProgressRecord,
    to: Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    move_stage(s, p.id, p.status, StageEvent::RequestApproval, now).await?;
    approvals::insert(s, p.user_id, p.stage_id, to, now)
        .await
        .conflict_on(
            "approval_requests_one_pending_key",
            ErrorCode::ApprovalAlreadyPending,
            "an approval is already pending",
        )
}

impl App {
    pub(crate) async fn progress_after_pass(
        &self,
        s: &mut dyn Session,
        l: &Learner,
        kind: ExamKind,
        now: i64,
    ) -> Result<ProgressOutcome, AppError> {
        let p = &l.progress;
        let action = on_exam_passed(p.key, kind, &l.ranks()?)
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok(match action {
            ProgressionAction::PendingApproval { to } => {
                let to_id = l
                    .stage_id(to)
                    .ok_or_else(|| AppError::internal(format!("track has no stage {to}")))?;
                let request_id = ask_approval(s, p, Some(to_id), now).await?;
                ProgressOutcome::PendingApproval {
                    to: Some(to),
                    request_id,
                }
            }
            ProgressionAction::Graduation => {
                let request_id = ask_approval(s, p, None, now).await?;
                ProgressOutcome::PendingApproval {
                    to: None,
                    request_id,
                }
            }
            ProgressionAction::AutoAdvanced { to } => {
                let to_id = l
                    .stage_id(to)
                    .ok_or_else(|| AppError::internal(format!("track has no stage {to}")))?;
                move_stage(s, p.id, p.status, StageEvent::AutoAdvance, now).await?;
                start_stage(s, p.user_id, p.track_id, to_id, now).await?;
                ProgressOutcome::AutoAdvanced { to }
            }
            ProgressionAction::RankFinalOpen => ProgressOutcome::RankFinalOpen,
        })
    }
}
