//! Admin routes of adaptive learning, approval requests: pending, evidence, approve, reject.

use axum::{extract::State, Json};
use practicum_app::{adaptive::ApprovalDecision, PageRequest};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath, AppQuery},
    state::ApiState,
};

/// Pending approval requests, oldest first (admin).
#[utoipa::path(get, path = "/admin/approvals/pending", tag = "adaptive", security(("bearer" = [])),
    params(TrackPageQuery),
    responses(
        (status = 200, description = "One page of pending requests", body = ApprovalPage),
        NoAdminToken,
    ))]
pub async fn pending_approvals(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppQuery(q): AppQuery<TrackPageQuery>,
) -> ApiResult<Json<ApprovalPage>> {
    let page = state
        .app
        .pending_approvals(&actor, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(ApprovalPage::from(page)))
}

/// The evidence behind a request (admin): the learner's submitted level exams and rank
/// finals at the stage they ask to leave, each with its score per module.
#[utoipa::path(get, path = "/admin/approvals/{approval_id}/evidence", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    responses(
        (status = 200, description = "The request and the learner's exams", body = ApprovalEvidenceResponse),
        NoAdminToken,
        (status = 404, description = "No such request", body = ErrorBody),
    ))]
pub async fn approval_evidence(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<ApprovalEvidenceResponse>> {
    Ok(Json(state.app.approval_evidence(&actor, id).await?.into()))
}

/// Approve a request (admin): the stage completes and the next one starts, pinning the
/// then-current settings (or the learner graduates).
#[utoipa::path(post, path = "/admin/approvals/{approval_id}/approve", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    responses(
        (status = 200, description = "The decided request", body = ApprovalResponse),
        NoAdminToken,
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    ))]
pub async fn approve(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<ApprovalResponse>> {
    Ok(Json(
        state
            .app
            .decide_approval(&actor, id, ApprovalDecision::Approve)
            .await?
            .into(),
    ))
}

/// Reject a request with a reason (admin): the stage is active again.
#[utoipa::path(post, path = "/admin/approvals/{approval_id}/reject", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "The decided request", body = ApprovalResponse),
        NoAdminToken,
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody),
    ))]
pub async fn reject(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<RejectRequest>,
) -> ApiResult<Json<ApprovalResponse>> {
    Ok(Json(
        state
            .app
            .decide_approval(
                &actor,
                id,
                ApprovalDecision::Reject {
                    reason: body.reason,
                },
            )
            .await?
            .into(),
    ))
}
