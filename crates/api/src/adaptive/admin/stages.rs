//! Admin routes of adaptive learning, a track's stages: add, delete.

use axum::{extract::State, http::StatusCode, Json};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath},
    state::ApiState,
};

/// Add a stage (`junior_2`) to a track (admin).
#[utoipa::path(post, path = "/admin/tracks/{slug}/stages", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = CreateStageRequest,
    responses(
        (status = 201, description = "The stage", body = StageResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "The stage exists", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
    ))]
pub async fn create_stage(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateStageRequest>,
) -> ApiResult<(StatusCode, Json<StageResponse>)> {
    let stage = state.app.create_stage(&actor, &slug, &body.stage).await?;
    Ok((StatusCode::CREATED, Json(stage.into())))
}

/// Delete a stage (`junior_2`) with its questions and articles (admin); refused (409)
/// once a learner has reached it.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/stages/{stage}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("stage" = String, Path, description = "Stage key, e.g. junior_2"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        NoAdminToken,
        (status = 404, description = "No such track or stage", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
    ))]
pub async fn delete_stage(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, stage)): AppPath<(String, String)>,
) -> ApiResult<StatusCode> {
    state.app.delete_stage(&actor, &slug, &stage).await?;
    Ok(StatusCode::NO_CONTENT)
}
