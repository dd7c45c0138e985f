//! What the studio and the producers' console list: a teacher's own courses and the
//! moderation queue. Never cached (they differ per caller and include unpublished work).

use axum::{extract::State, Json};
use practicum_app::PageRequest;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppQuery, CurrentUser},
    state::ApiState,
};

/// The caller's own courses in every status (drafts included), most recently changed
/// first; teachers, producers and admins.
#[utoipa::path(get, path = "/courses/mine", tag = "courses", security(("bearer" = [])),
    params(StudioQuery),
    responses(
        (status = 200, description = "One page of the caller's courses", body = CoursePage),
        NotSignedIn,
        (status = 403, description = "Students author no courses", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    ))]
pub async fn list_my_courses(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<StudioQuery>,
) -> ApiResult<Json<CoursePage>> {
    let page = state
        .app
        .authored_courses(
            &actor,
            q.status.as_deref(),
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(page.into()))
}

/// Every teacher's courses in one status (`review` by default), the one waiting longest
/// first: the producers' review queue (producers and admins).
#[utoipa::path(get, path = "/courses/queue", tag = "courses", security(("bearer" = [])),
    params(StudioQuery),
    responses(
        (status = 200, description = "One page of the queue", body = CoursePage),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    ))]
pub async fn list_course_queue(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<StudioQuery>,
) -> ApiResult<Json<CoursePage>> {
    let page = state
        .app
        .moderation_queue(
            &actor,
            q.status.as_deref(),
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(page.into()))
}
