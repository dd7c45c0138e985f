//! Categories and tags.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::catalog::CategoryInput;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AppJson, CurrentUser},
    state::ApiState,
};

/// All categories, by name; nesting through `parent_id`.
#[utoipa::path(get, path = "/courses/categories", tag = "courses", security(),
    responses((status = 200, description = "Categories", body = Vec<CategoryResponse>)))]
pub async fn list_categories(
    State(state): State<ApiState>,
) -> ApiResult<Json<Vec<CategoryResponse>>> {
    let list = state.app.list_categories().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Add a category (producers and admins).
#[utoipa::path(post, path = "/courses/categories", tag = "courses", security(("bearer" = [])),
    request_body = CreateCategoryRequest,
    responses(
        (status = 201, description = "The new category", body = CategoryResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 409, description = "Slug taken", body = ErrorBody),
        (status = 422, description = "Invalid name or slug, unknown parent", body = ErrorBody),
    ))]
pub async fn create_category(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<CreateCategoryRequest>,
) -> ApiResult<(StatusCode, Json<CategoryResponse>)> {
    let input = CategoryInput {
        name: body.name,
        slug: body.slug,
        parent_slug: body.parent_slug,
    };
    let c = state.app.create_category(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// All tags, by slug.
#[utoipa::path(get, path = "/courses/tags", tag = "courses", security(),
    responses((status = 200, description = "Tags", body = Vec<TagResponse>)))]
pub async fn list_tags(State(state): State<ApiState>) -> ApiResult<Json<Vec<TagResponse>>> {
    let list = state.app.list_tags().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Add a tag (teachers, producers and admins).
#[utoipa::path(post, path = "/courses/tags", tag = "courses", security(("bearer" = [])),
    request_body = CreateTagRequest,
    responses(
        (status = 201, description = "The new tag", body = TagResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Students cannot add tags", body = ErrorBody),
        (status = 409, description = "Tag exists", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
    ))]
pub async fn create_tag(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<CreateTagRequest>,
) -> ApiResult<(StatusCode, Json<TagResponse>)> {
    let t = state.app.create_tag(&actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(t.into())))
}
