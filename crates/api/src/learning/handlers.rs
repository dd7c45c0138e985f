//! Enrollment, favorites, lessons, quizzes, the activity log and the dashboard.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use practicum_app::{learning::ActivityInput, PageRequest};
use practicum_domain::FieldErrors;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, AppQuery, CurrentUser},
    page::PageQuery,
    state::ApiState,
};

/// Enroll in a published course (once).
#[utoipa::path(post, path = "/courses/{slug}/enroll", tag = "learning", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 201, description = "Enrolled", body = EnrollmentResponse),
        NotSignedIn,
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Already enrolled, or the course is not published", body = ErrorBody),
    ))]
pub async fn enroll(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<(StatusCode, Json<EnrollmentResponse>)> {
    let enrollment_id = state.app.enroll_in_course(&actor, &slug).await?;
    Ok((
        StatusCode::CREATED,
        Json(EnrollmentResponse {
            enrollment_id,
            course_slug: slug,
        }),
    ))
}

/// Bookmark a course, or remove the bookmark.
#[utoipa::path(post, path = "/courses/{slug}/favorite", tag = "learning", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "The bookmark's new state", body = FavoriteResponse),
        NotSignedIn,
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn toggle_favorite(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<FavoriteResponse>> {
    let favorited = state.app.toggle_favorite(&actor, &slug).await?;
    Ok(Json(FavoriteResponse { favorited }))
}

/// Whether the caller has bookmarked the course.
#[utoipa::path(get, path = "/courses/{slug}/favorite", tag = "learning", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "The bookmark's state", body = FavoriteResponse),
        NotSignedIn,
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn get_favorite(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<FavoriteResponse>> {
    let favorited = state.app.is_favorite(&actor, &slug).await?;
    Ok(Json(FavoriteResponse { favorited }))
}

/// A lesson with its content, for enrolled learners and the course's staff; translated
/// per `Accept-Language` when the course has that translation.
#[utoipa::path(get, path = "/lessons/{lesson_id}", tag = "learning", security(("bearer" = [])),
    params(
        ("lesson_id" = i64, Path, description = "Lesson id"),
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses(
        (status = 200, description = "The lesson", body = LessonResponse,
            headers(("Content-Language" = String, description = "The language of the texts"))),
        EnrollmentRefusals,
        (status = 404, description = "No such lesson", body = ErrorBody),
    ))]
pub async fn get_lesson(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(lesson_id): AppPath<i64>,
    headers: HeaderMap,
) -> ApiResult<impl IntoResponse> {
    let accept = crate::catalog::courses::accept_language(&headers);
    let lesson = state.app.read_lesson(&actor, lesson_id, accept).await?;
    let language = lesson.language.clone();
    Ok((
        [(header::CONTENT_LANGUAGE, language)],
        Json(LessonResponse::from(lesson)),
    ))
}

/// Mark a lesson completed (idempotent; enrolled learners only).
#[utoipa::path(post, path = "/lessons/{lesson_id}/complete", tag = "learning", security(("bearer" = [])),
    params(("lesson_id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "Completed (now or before)", body = CompletionResponse),
        EnrollmentRefusals,
        (status = 404, description = "No such lesson", body = ErrorBody),
    ))]
pub async fn complete_lesson(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(lesson_id): AppPath<i64>,
) -> ApiResult<Json<CompletionResponse>> {
    Ok(Json(
        state.app.complete_lesson(&actor, lesson_id).await?.into(),
    ))
}

/// Check an answer to a quiz question of a lesson.
#[utoipa::path(post, path = "/quizzes/answers/check", tag = "learning", security(("bearer" = [])),
    request_body = CheckAnswerRequest,
    responses(
        (status = 200, description = "The verdict and the correct option", body = CheckAnswerResponse),
        EnrollmentRefusals,
        (status = 404, description = "No such lesson or question", body = ErrorBody),
        (status = 422, description = "No answer, an answer that is not an option of the question, or a question found in several lessons without `lesson_id`", body = ErrorBody),
    ))]
pub async fn check_answer(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<CheckAnswerRequest>,
) -> ApiResult<Json<CheckAnswerResponse>> {
    let answer = body
        .answer_id
        .or(body.selected_answer_id)
        .ok_or_else(|| FieldErrors::single("answer_id", "is required"))
        .map_err(practicum_app::AppError::from)?;
    let verdict = state
        .app
        .check_quiz_answer(&actor, body.lesson_id, &body.question_id, &answer)
        .await?;
    Ok(Json(verdict.into()))
}

/// Record an event of the caller's learning activity.
#[utoipa::path(post, path = "/activity-log", tag = "learning", security(("bearer" = [])),
    request_body = ActivityRequest,
    responses(
        (status = 202, description = "Recorded", body = ActivityAccepted),
        NotSignedIn,
        (status = 422, description = "Invalid kind or payload, unknown course or lesson", body = ErrorBody),
    ))]
pub async fn record_activity(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<ActivityRequest>,
) -> ApiResult<(StatusCode, Json<ActivityAccepted>)> {
    let kind = body
        .kind
        .or(body.activity_type)
        .ok_or_else(|| FieldErrors::single("kind", "is required"))
        .map_err(practicum_app::AppError::from)?;
    let payload = body.payload.or(body.details.map(|d| match d {
        serde_json::Value::Object(_) => d,
        other => serde_json::json!({ "details": other }),
    }));
    let input = ActivityInput {
        kind,
        course_id: body.course_id,
        lesson_id: body.lesson_id,
        payload,
    };
    let event_id = state.app.record_activity(&actor, input).await?;
    Ok((StatusCode::ACCEPTED, Json(ActivityAccepted { event_id })))
}

/// The caller's events, newest first.
#[utoipa::path(get, path = "/activity-log", tag = "learning", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of events", body = ActivityPage),
        NotSignedIn,
    ))]
pub async fn my_activity(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<Json<ActivityPage>> {
    let page = state
        .app
        .my_activity(&actor, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(ActivityPage::from(page)))
}

/// The caller's enrolled courses with their progress, most recently active first.
#[utoipa::path(get, path = "/dashboard/my-courses", tag = "learning", security(("bearer" = [])),
    responses(
        (status = 200, description = "Enrolled courses", body = Vec<MyCourseResponse>),
        NotSignedIn,
    ))]
pub async fn my_courses(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<Vec<MyCourseResponse>>> {
    let list = state.app.my_courses(&actor).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The caller's progress in one course, lesson by lesson.
#[utoipa::path(get, path = "/dashboard/courses/{slug}", tag = "learning", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "Progress by module and lesson", body = CourseProgressResponse),
        EnrollmentRefusals,
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn course_progress(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<CourseProgressResponse>> {
    Ok(Json(state.app.course_progress(&actor, &slug).await?.into()))
}
