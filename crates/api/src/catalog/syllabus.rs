//! A course's modules and lessons.

use axum::{extract::State, http::StatusCode, Json};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AppJson, AppPath, CurrentUser, MaybeUser},
    state::ApiState,
};

/// The course's modules, in order.
#[utoipa::path(get, path = "/courses/{slug}/modules", tag = "courses", security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "Modules in order", body = Vec<ModuleResponse>),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn list_modules(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<Vec<ModuleResponse>>> {
    let list = state.app.list_modules(viewer.as_ref(), &slug).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Append a module to the course.
#[utoipa::path(post, path = "/courses/{slug}/modules", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = CreateModuleRequest,
    responses(
        (status = 201, description = "The new module", body = ModuleResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Invalid title", body = ErrorBody),
    ))]
pub async fn create_module(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateModuleRequest>,
) -> ApiResult<(StatusCode, Json<ModuleResponse>)> {
    let m = state
        .app
        .add_module(&actor, &slug, &body.title, &body.description)
        .await?;
    Ok((StatusCode::CREATED, Json(m.into())))
}

/// Put the course's modules in a new order.
#[utoipa::path(post, path = "/courses/{slug}/modules/reorder", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = ReorderModulesRequest,
    responses(
        (status = 200, description = "Modules in the new order", body = Vec<ModuleResponse>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Not exactly the course's modules", body = ErrorBody),
    ))]
pub async fn reorder_modules(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<ReorderModulesRequest>,
) -> ApiResult<Json<Vec<ModuleResponse>>> {
    let list = state
        .app
        .reorder_modules(&actor, &slug, &body.module_ids)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The course's lessons (titles, no content), in outline order.
#[utoipa::path(get, path = "/courses/{slug}/lessons", tag = "courses", security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "Lessons in order", body = Vec<LessonSummaryResponse>),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn list_lessons(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<Vec<LessonSummaryResponse>>> {
    let list = state.app.list_lessons(viewer.as_ref(), &slug).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Append a lesson to one of the course's modules.
#[utoipa::path(post, path = "/courses/{slug}/lessons", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = CreateLessonRequest,
    responses(
        (status = 201, description = "The new lesson", body = LessonSummaryResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Invalid title or content, or a module of another course", body = ErrorBody),
    ))]
pub async fn create_lesson(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateLessonRequest>,
) -> ApiResult<(StatusCode, Json<LessonSummaryResponse>)> {
    let l = state
        .app
        .add_lesson(&actor, &slug, body.module_id, &body.title, body.content)
        .await?;
    Ok((StatusCode::CREATED, Json(l.into())))
}
