//! Admin routes of adaptive learning, tracks: create, list, change, delete.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::PageRequest;

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath, AppQuery},
    state::ApiState,
};

/// Create a track (admin), optionally with the stages of the given ranks.
#[utoipa::path(post, path = "/admin/tracks", tag = "adaptive", security(("bearer" = [])),
    request_body = CreateTrackRequest,
    responses(
        (status = 201, description = "The new track", body = TrackResponse),
        NoAdminToken,
        (status = 409, description = "Slug taken", body = ErrorBody),
        (status = 422, description = "Invalid slug, title or rank", body = ErrorBody),
    ))]
pub async fn create_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppJson(body): AppJson<CreateTrackRequest>,
) -> ApiResult<(StatusCode, Json<TrackResponse>)> {
    let input = practicum_app::adaptive::NewTrackInput {
        slug: body.slug,
        title: body.title,
        description: body.description,
        is_published: body.is_published,
        ranks: body.ranks,
    };
    let track = state.app.create_track(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(track.into())))
}

/// Every track, published or not (admin), one page in creation order.
#[utoipa::path(get, path = "/admin/tracks", operation_id = "admin_list_tracks", tag = "adaptive", security(("bearer" = [])),
    params(TrackPageQuery),
    responses(
        (status = 200, description = "Tracks in creation order", body = TrackPage),
        NoAdminToken,
    ))]
pub async fn list_tracks(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppQuery(q): AppQuery<TrackPageQuery>,
) -> ApiResult<Json<TrackPage>> {
    let page = PageRequest::new(q.page, q.page_size);
    Ok(Json(
        state.app.admin_list_tracks(&actor, page).await?.into(),
    ))
}

/// Change a track's title, description or publication (admin).
#[utoipa::path(patch, path = "/admin/tracks/{slug}", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = UpdateTrackRequest,
    responses(
        (status = 200, description = "The track", body = TrackResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Invalid title", body = ErrorBody),
    ))]
pub async fn update_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<UpdateTrackRequest>,
) -> ApiResult<Json<TrackResponse>> {
    let changes = practicum_app::adaptive::TrackChanges {
        title: body.title,
        description: body.description,
        is_published: body.is_published,
    };
    Ok(Json(
        state.app.update_track(&actor, &slug, changes).await?.into(),
    ))
}

/// Delete a track with its stages, modules, bank and settings (admin); refused (409)
/// once a learner has reached one of its stages — unpublish it instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    responses(
        (status = 204, description = "Deleted"),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_track(&actor, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
