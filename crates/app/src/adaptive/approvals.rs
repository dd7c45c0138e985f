//! Admin approvals: `GET /admin/approvals/pending`, `POST /admin/approvals/{id}/approve`
//! and `/reject`.

use practicum_domain::{
    adaptive::{StageEvent, StageStatus},
    identity::Role,
    FieldErrors,
};
use practicum_store::adaptive::{approvals, progress};

use super::{
    catalog_input::text_field,
    progression::{move_stage, start_stage},
    ApprovalView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// An admin's decision on a pending request.
#[derive(Debug, Clone)]
pub enum ApprovalDecision {
    Approve,
    Reject { reason: String },
}

fn decided() -> AppError {
    AppError::conflict(
        ErrorCode::ApprovalAlreadyDecided,
        "this request has already been decided",
    )
}

impl App {
    /// Pending requests, oldest first.
    pub async fn pending_approvals(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<ApprovalView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let (rows, total) = approvals::list_pending(&mut conn, page.limit(), page.offset()).await?;
        Ok(Page::new(rows, total, page).convert())
    }

    /// Decides a pending request (404 unknown, 409 decided — also when two admins race:
    /// the request is claimed by a conditional update). Approve: the stage completes and
    /// the next one starts, pinning the then-current settings (or the learner graduates).
    /// Reject (a reason is required): the stage is active again and the learner may pass
    /// the exam's follow-up again; passed exams stay passed.
    pub async fn decide_approval(
        &self,
        actor: &Actor,
        id: i64,
        decision: ApprovalDecision,
    ) -> Result<ApprovalView, AppError> {
        actor.require(&[Role::Admin])?;
        if let ApprovalDecision::Reject { reason } = &decision {
            let mut errors = FieldErrors::new();
            text_field(&mut errors, "reason", reason, 2000);
            errors.into_result()?;
        }
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let request = approvals::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ApprovalRequestNotFound))?;
        if request.status != "pending" {
            return Err(decided());
        }
        let (approved, reason) = match &decision {
            ApprovalDecision::Approve => (true, None),
            ApprovalDecision::Reject { reason } => (false, Some(reason.trim())),
        };
        if !approvals::decide(&mut tx, id, approved, reason, actor.id, now).await? {
            return Err(decided());
        }
        let stage = progress::find_for_stage(&mut tx, request.user_id, request.from_stage_id)
            .await?
            .filter(|p| p.status == StageStatus::PendingApproval)
            .ok_or_else(|| AppError::internal("approval request without a pending stage"))?;
        if approved {
            move_stage(&mut tx, stage.id, stage.status, StageEvent::Approve, now).await?;
            if let Some(to) = request.to_stage_id {
                start_stage(&mut tx, request.user_id, stage.track_id, to, now).await?;
            }
        } else {
            move_stage(&mut tx, stage.id, stage.status, StageEvent::Reject, now).await?;
        }
        let view = approvals::find(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("approval request vanished"))?;
        self.notify(
            &mut tx,
            request.user_id,
            crate::notify::kinds::APPROVAL_DECIDED,
            serde_json::json!({
                "approval_id": id,
                "approved": approved,
                "reason": reason,
            }),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, approval_id = id, approved, "approval decided");
        Ok(view.into())
    }
}
