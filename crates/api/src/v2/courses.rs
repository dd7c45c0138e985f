//! `GET /api/v2/courses/{slug}`.

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    Json,
};

use super::dto::CourseOverviewResponse;
use crate::{
    catalog::{courses::accept_language, dto::CourseReadRefusals},
    error::ApiResult,
    extract::{AppPath, MaybeUser},
    state::ApiState,
};

/// A course page in one answer: the course with its modules and lessons, its newest
/// visible reviews and its analytics summary (a fixed number of queries).
#[utoipa::path(get, path = "/courses/{slug}", tag = "courses", security((), ("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses(
        (status = 200, description = "The course, its reviews and figures", body = CourseOverviewResponse,
            headers(("Content-Language" = String, description = "The language of the texts"))),
        CourseReadRefusals,
    ))]
pub async fn get_course_overview(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let overview = state
        .app
        .course_overview(viewer.as_ref(), &slug, accept_language(&headers))
        .await?;
    let language = overview.view.language.clone();
    Ok((
        [(header::CONTENT_LANGUAGE, language)],
        Json(CourseOverviewResponse::from(overview)),
    )
        .into_response())
}
