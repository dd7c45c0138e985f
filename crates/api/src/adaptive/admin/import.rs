//! Admin routes of adaptive learning, bulk import of a track's modules, questions and articles.

use axum::{extract::State, http::StatusCode, Json};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath},
    state::ApiState,
};

/// Import modules, questions and articles from one document (admin). The document is
/// validated as a whole: one bad row is a 422 naming its index and field
/// (`questions[3].options`), and nothing is written.
#[utoipa::path(post, path = "/admin/tracks/{slug}/import", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = ImportRequest,
    responses(
        (status = 201, description = "What was created", body = ImportResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "A module name collides", body = ErrorBody),
        (status = 422, description = "Invalid rows, by index and field", body = ErrorBody),
    ))]
pub async fn import_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<ImportRequest>,
) -> ApiResult<(StatusCode, Json<ImportResponse>)> {
    let summary = state.app.import_track(&actor, &slug, body.into()).await?;
    Ok((StatusCode::CREATED, Json(summary.into())))
}
