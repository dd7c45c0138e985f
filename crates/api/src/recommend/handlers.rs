//! Recommended courses and the interactions that feed them.

use axum::{extract::State, Json};
use practicum_app::PageRequest;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AppJson, AppQuery, CurrentUser},
    state::ApiState,
};

/// Published courses you are not enrolled in, best match first (top-rated without
/// history).
#[utoipa::path(get, path = "/recommendations", tag = "recommendations", security(("bearer" = [])),
    params(RecommendationQuery),
    responses(
        (status = 200, description = "One page of scored courses", body = RecommendationPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn recommendations(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<RecommendationQuery>,
) -> ApiResult<Json<RecommendationPage>> {
    let (page, weak) = state
        .app
        .recommendations(&actor, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(RecommendationPage {
        items: page
            .items
            .into_iter()
            .map(|r| RecommendedCourse {
                course: r.course.into(),
                score: r.score,
            })
            .collect(),
        total: page.total,
        page: page.page,
        page_size: page.page_size,
        weak_module_tags: weak,
    }))
}

/// Record an interaction with a course; it adds to your preference for its category.
#[utoipa::path(post, path = "/recommendations/interactions", tag = "recommendations", security(("bearer" = [])),
    request_body = InteractionRequest,
    responses(
        (status = 200, description = "Recorded", body = InteractionResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Unknown kind", body = ErrorBody),
    ))]
pub async fn record_interaction(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<InteractionRequest>,
) -> ApiResult<Json<InteractionResponse>> {
    let o = state
        .app
        .record_interaction(&actor, &body.course_slug, &body.kind)
        .await?;
    Ok(Json(InteractionResponse {
        course_slug: o.course_slug,
        category_slug: o.category_slug,
        weight: o.weight,
        preference: o.preference,
    }))
}
