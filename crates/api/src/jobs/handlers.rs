use axum::{extract::State, Json};
use practicum_app::{jobs::JobListFilter, PageRequest};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppPath, AppQuery},
    state::ApiState,
};

/// Background jobs, newest first, filtered by status and kind (admin).
#[utoipa::path(get, path = "/admin/jobs", tag = "jobs", security(("bearer" = [])),
    params(BackgroundJobQuery),
    responses(
        (status = 200, description = "One page of jobs", body = BackgroundJobPage),
        NoAdminToken,
        (status = 422, description = "Unknown status", body = ErrorBody),
    ))]
pub async fn list_jobs(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppQuery(q): AppQuery<BackgroundJobQuery>,
) -> ApiResult<Json<BackgroundJobPage>> {
    let page = state
        .app
        .list_jobs(
            &actor,
            JobListFilter {
                status: q.status,
                kind: q.kind,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(BackgroundJobPage::from(page)))
}

/// One background job (admin).
#[utoipa::path(get, path = "/admin/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = i64, Path, description = "Job id")),
    responses(
        (status = 200, description = "The job", body = BackgroundJobResponse),
        NoAdminToken,
        (status = 404, description = "No such job", body = ErrorBody),
    ))]
pub async fn get_job(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<BackgroundJobResponse>> {
    Ok(Json(state.app.get_job(&actor, id).await?.into()))
}

/// Queue a dead job again, due now, with its attempts reset (admin).
#[utoipa::path(post, path = "/admin/jobs/{job_id}/retry", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = i64, Path, description = "Job id")),
    responses(
        (status = 200, description = "The job, queued", body = BackgroundJobResponse),
        NoAdminToken,
        (status = 404, description = "No such job", body = ErrorBody),
        (status = 409, description = "The job is not dead", body = ErrorBody),
    ))]
pub async fn retry_job(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<BackgroundJobResponse>> {
    Ok(Json(state.app.retry_job(&actor, id).await?.into()))
}
