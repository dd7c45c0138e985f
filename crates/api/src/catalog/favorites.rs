//! `GET /courses/favorites`: the caller's bookmarked courses.

use axum::{extract::State, http::HeaderMap, response::Response};
use practicum_app::PageRequest;

use super::{
    courses::{accept_language, json_body, page_response},
    dto::CoursePage,
};
use crate::{
    error::{ApiResult, NotSignedIn},
    extract::{AppQuery, CurrentUser},
    page::PageQuery,
    state::ApiState,
};

/// The caller's bookmarked courses (published ones), most recently published first; texts
/// honour `Accept-Language` like the catalog. Bookmark with `POST /courses/{slug}/favorite`.
#[utoipa::path(get, path = "/courses/favorites", tag = "learning", security(("bearer" = [])),
    params(
        PageQuery,
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses(
        (status = 200, description = "One page of the caller's favorites", body = CoursePage,
            headers(("Content-Language" = String, description = "The languages of the texts"))),
        NotSignedIn,
    ))]
pub async fn list_favorite_courses(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let page = PageRequest::new(q.page, q.page_size);
    let listing = state
        .app
        .favorite_courses(&actor, page, accept_language(&headers))
        .await?;
    let body = CoursePage::from(listing.page);
    Ok(page_response(json_body(&body)?, &listing.languages))
}
