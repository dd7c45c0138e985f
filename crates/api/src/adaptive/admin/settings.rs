//! Admin routes of adaptive learning, settings versions: create, list.

use axum::{extract::State, http::StatusCode, Json};
use serde_json::{Map, Value};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath},
    state::ApiState,
};

/// Create the track's next settings version and make it current (admin). Fields left
/// out keep the current version's values. Learners' stages keep the version they pinned.
#[utoipa::path(post, path = "/admin/tracks/{slug}/settings", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = SettingsRequest,
    responses(
        (status = 201, description = "The new current version", body = SettingsVersionResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Another version was created at the same time", body = ErrorBody),
        (status = 422, description = "Inconsistent settings; `details.fields` names them", body = ErrorBody),
    ))]
pub async fn create_settings(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<Map<String, Value>>,
) -> ApiResult<(StatusCode, Json<SettingsVersionResponse>)> {
    let v = state
        .app
        .create_settings_version(&actor, &slug, body)
        .await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

/// The track's settings versions, newest (current) first (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/settings", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    responses(
        (status = 200, description = "Versions", body = SettingsVersionList),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
    ))]
pub async fn list_settings(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<SettingsVersionList>> {
    let items: Vec<SettingsVersionResponse> = state
        .app
        .list_settings_versions(&actor, &slug)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(SettingsVersionList {
        total: items.len(),
        items,
    }))
}
