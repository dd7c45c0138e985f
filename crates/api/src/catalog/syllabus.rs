//! A course's modules and lessons: listed, added, edited, moved, reordered, deleted.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::catalog::{LessonPatch, ModulePatch};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
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
#[utoipa::path(post, path = "/courses/{slug}/modules", operation_id = "create_course_module", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = CreateModuleRequest,
    responses(
        (status = 201, description = "The new module", body = ModuleResponse),
        NotSignedIn,
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
        NotSignedIn,
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
        NotSignedIn,
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

/// Rename a module or change its description (omitted fields stay).
#[utoipa::path(patch, path = "/courses/{slug}/modules/{module_id}", operation_id = "update_course_module", tag = "courses", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("module_id" = i64, Path, description = "A module of the course"),
    ),
    request_body = UpdateModuleRequest,
    responses(
        (status = 200, description = "The module", body = ModuleResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course, or no such module in it", body = ErrorBody),
        (status = 422, description = "Invalid title or description", body = ErrorBody),
    ))]
pub async fn update_module(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<UpdateModuleRequest>,
) -> ApiResult<Json<ModuleResponse>> {
    let patch = ModulePatch {
        title: body.title,
        description: body.description,
    };
    let m = state
        .app
        .update_course_module(&actor, &slug, module_id, patch)
        .await?;
    Ok(Json(m.into()))
}

/// Delete a module with its lessons. Refused while learners have completed any of its
/// lessons, unless the course is a draft.
#[utoipa::path(delete, path = "/courses/{slug}/modules/{module_id}", operation_id = "delete_course_module", tag = "courses", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("module_id" = i64, Path, description = "A module of the course"),
    ),
    responses(
        (status = 204, description = "Deleted; later modules move up"),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course, or no such module in it", body = ErrorBody),
        (status = 409, description = "`module_has_completions`: learners completed its lessons and the course is not a draft", body = ErrorBody),
    ))]
pub async fn delete_module(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .delete_course_module(&actor, &slug, module_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Put a module's lessons in a new order.
#[utoipa::path(post, path = "/courses/{slug}/modules/{module_id}/lessons/reorder", tag = "courses", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("module_id" = i64, Path, description = "A module of the course"),
    ),
    request_body = ReorderLessonsRequest,
    responses(
        (status = 200, description = "The module's lessons in the new order", body = Vec<LessonSummaryResponse>),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course, or no such module in it", body = ErrorBody),
        (status = 422, description = "Not exactly the module's lessons", body = ErrorBody),
    ))]
pub async fn reorder_lessons(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<ReorderLessonsRequest>,
) -> ApiResult<Json<Vec<LessonSummaryResponse>>> {
    let list = state
        .app
        .reorder_lessons(&actor, &slug, module_id, &body.lesson_ids)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Edit a lesson's title or content, or move it to the end of another module of the
/// same course (omitted fields stay).
#[utoipa::path(patch, path = "/lessons/{lesson_id}", tag = "courses", security(("bearer" = [])),
    params(("lesson_id" = i64, Path, description = "Lesson id")),
    request_body = UpdateLessonRequest,
    responses(
        (status = 200, description = "The lesson where it now is", body = LessonSummaryResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such lesson", body = ErrorBody),
        (status = 409, description = "`lesson_moved`: moved meanwhile by someone else; reload and retry", body = ErrorBody),
        (status = 422, description = "Invalid title or content, or a module of another course", body = ErrorBody),
    ))]
pub async fn update_lesson(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(lesson_id): AppPath<i64>,
    AppJson(body): AppJson<UpdateLessonRequest>,
) -> ApiResult<Json<LessonSummaryResponse>> {
    let patch = LessonPatch {
        title: body.title,
        content: body.content,
        module_id: body.module_id,
    };
    let l = state.app.update_lesson(&actor, lesson_id, patch).await?;
    Ok(Json(l.into()))
}

/// Delete a lesson. Refused while learners have completed it, unless the course is a
/// draft.
#[utoipa::path(delete, path = "/lessons/{lesson_id}", tag = "courses", security(("bearer" = [])),
    params(("lesson_id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 204, description = "Deleted; later lessons of its module move up"),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such lesson", body = ErrorBody),
        (status = 409, description = "`lesson_has_completions`: learners completed it and the course is not a draft", body = ErrorBody),
    ))]
pub async fn delete_lesson(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(lesson_id): AppPath<i64>,
) -> ApiResult<StatusCode> {
    state.app.delete_lesson(&actor, lesson_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
