//! Admin routes of adaptive learning, a track's modules: add, rename or move, delete.

use axum::{extract::State, http::StatusCode, Json};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath},
    state::ApiState,
};

/// Add a module to a track (admin); names are unique per track.
#[utoipa::path(post, path = "/admin/tracks/{slug}/modules", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = CreateTrackModuleRequest,
    responses(
        (status = 201, description = "The module", body = TrackModuleResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Name taken in this track", body = ErrorBody),
        (status = 422, description = "Empty name", body = ErrorBody),
    ))]
pub async fn create_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateTrackModuleRequest>,
) -> ApiResult<(StatusCode, Json<TrackModuleResponse>)> {
    let module = state
        .app
        .create_module(&actor, &slug, &body.name, body.position)
        .await?;
    Ok((StatusCode::CREATED, Json(module.into())))
}

/// Rename or move a module (admin).
#[utoipa::path(patch, path = "/admin/tracks/{slug}/modules/{module_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("module_id" = i64, Path, description = "Module id"),
    ),
    request_body = UpdateTrackModuleRequest,
    responses(
        (status = 204, description = "Changed"),
        NoAdminToken,
        (status = 404, description = "No such track or module", body = ErrorBody),
        (status = 409, description = "Name taken in this track", body = ErrorBody),
        (status = 422, description = "Empty or over-long name", body = ErrorBody),
    ))]
pub async fn update_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<UpdateTrackModuleRequest>,
) -> ApiResult<StatusCode> {
    let changes = practicum_app::adaptive::ModuleChanges {
        name: body.name,
        position: body.position,
    };
    state
        .app
        .update_module(&actor, &slug, module_id, changes)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a module with its questions and articles (admin); refused (409) when any of
/// them is in a learner's history — retire them instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/modules/{module_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("module_id" = i64, Path, description = "Module id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        NoAdminToken,
        (status = 404, description = "No such track or module", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state.app.delete_module(&actor, &slug, module_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
