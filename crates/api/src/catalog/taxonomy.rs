//! Categories and tags: listed by anyone, curated by producers and admins.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::catalog::{CategoryInput, CategoryPatch, TagPatch};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, CurrentUser},
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
        NotSignedIn,
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
        NotSignedIn,
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

/// Rename a category, change its slug or where it is nested (producers and admins).
#[utoipa::path(patch, path = "/courses/categories/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Category slug")),
    request_body = UpdateCategoryRequest,
    responses(
        (status = 200, description = "The category", body = CategoryResponse),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
        (status = 409, description = "The new slug is taken", body = ErrorBody),
        (status = 422, description = "Invalid name or slug, unknown parent, or a parent inside the category", body = ErrorBody),
    ))]
pub async fn update_category(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<UpdateCategoryRequest>,
) -> ApiResult<Json<CategoryResponse>> {
    let patch = CategoryPatch {
        name: body.name,
        slug: body.slug,
        parent_slug: body.parent_slug,
    };
    let c = state.app.update_category(&actor, &slug, patch).await?;
    Ok(Json(c.into()))
}

/// Delete a category (producers and admins); refused while courses are in it or
/// categories are nested in it.
#[utoipa::path(delete, path = "/courses/categories/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Category slug")),
    responses(
        (status = 204, description = "Deleted"),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
        (status = 409, description = "`category_in_use` (courses are in it) or `category_has_children`", body = ErrorBody),
    ))]
pub async fn delete_category(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_category(&actor, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rename a tag or change its slug (producers and admins).
#[utoipa::path(patch, path = "/courses/tags/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Tag slug")),
    request_body = UpdateTagRequest,
    responses(
        (status = 200, description = "The tag", body = TagResponse),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such tag", body = ErrorBody),
        (status = 409, description = "The new slug is taken", body = ErrorBody),
        (status = 422, description = "Invalid name or slug", body = ErrorBody),
    ))]
pub async fn update_tag(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<UpdateTagRequest>,
) -> ApiResult<Json<TagResponse>> {
    let patch = TagPatch {
        name: body.name,
        slug: body.slug,
    };
    let t = state.app.update_tag(&actor, &slug, patch).await?;
    Ok(Json(t.into()))
}

/// Delete a tag (producers and admins); refused while courses carry it.
#[utoipa::path(delete, path = "/courses/tags/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Tag slug")),
    responses(
        (status = 204, description = "Deleted"),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
        (status = 404, description = "No such tag", body = ErrorBody),
        (status = 409, description = "`tag_in_use`: courses carry it", body = ErrorBody),
    ))]
pub async fn delete_tag(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_tag(&actor, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
