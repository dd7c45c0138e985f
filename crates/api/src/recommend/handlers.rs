//! Recommended courses and the interactions that feed them.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::{recommend::CourseRef, AppError, PageRequest};
use practicum_domain::{clock::to_datetime, FieldErrors};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppQuery, CurrentUser},
    page::PageQuery,
    state::ApiState,
};

/// Published courses you are not enrolled in, best match first (top-rated without
/// history).
#[utoipa::path(get, path = "/recommendations", tag = "recommendations", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of scored courses", body = RecommendationPage),
        NotSignedIn,
    ))]
pub async fn recommendations(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<PageQuery>,
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

/// Record an interaction with a course: it is stored (user, course, kind, time) and adds to
/// your preference for its category. The body is `{course_slug, kind}` or Ustat's
/// `{course_id, type}` (one name of each pair).
#[utoipa::path(post, path = "/recommendations/interactions", tag = "recommendations", security(("bearer" = [])),
    request_body = InteractionRequest,
    responses(
        (status = 201, description = "Stored", body = InteractionResponse),
        NotSignedIn,
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Unknown kind, or not exactly one course and one kind field", body = ErrorBody),
    ))]
pub async fn record_interaction(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<InteractionRequest>,
) -> ApiResult<(StatusCode, Json<InteractionResponse>)> {
    let mut errors = FieldErrors::new();
    let course = match (body.course_slug, body.course_id) {
        (Some(slug), None) => Some(CourseRef::Slug(slug)),
        (None, Some(id)) => Some(CourseRef::Id(id)),
        (Some(_), Some(_)) => {
            errors.push("course_slug", "send course_slug or course_id, not both");
            None
        }
        (None, None) => {
            errors.push("course_slug", "required (or course_id)");
            None
        }
    };
    let kind = match (body.kind, body.type_) {
        (Some(kind), None) => Some((kind, "kind")),
        (None, Some(kind)) => Some((kind, "type")),
        (Some(_), Some(_)) => {
            errors.push("kind", "send kind or type, not both");
            None
        }
        (None, None) => {
            errors.push("kind", "required (or type)");
            None
        }
    };
    errors.into_result().map_err(AppError::from)?;
    let (Some(course), Some((kind, field))) = (course, kind) else {
        return Err(AppError::internal("a field failed validation without an error").into());
    };
    let o = state
        .app
        .record_interaction(&actor, course, &kind, field)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(InteractionResponse {
            id: o.interaction_id,
            course_id: o.course_id,
            kind: o.kind.as_str(),
            type_: o.kind.as_str(),
            created_at: to_datetime(o.created_at),
            course_slug: o.course_slug,
            category_slug: o.category_slug,
            weight: o.weight,
            preference: o.preference,
        }),
    ))
}
