//! Courses and their workflow.

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use practicum_app::catalog::{LessonTranslation, ModuleTranslation, TranslationInput};
use practicum_app::{catalog::CourseQuery, AppError, PageRequest};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, AppQuery, CurrentUser, MaybeUser},
    page::PageQuery,
    state::ApiState,
};

/// The catalog: published courses, filtered, searched, sorted and paginated. Titles and
/// descriptions honour `Accept-Language` course by course; `Content-Language` lists the
/// languages of the page.
#[utoipa::path(get, path = "/courses", tag = "courses", security(),
    params(
        CourseListQuery,
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses(
        (status = 200, description = "One page of courses", body = CoursePage,
            headers(("Content-Language" = String, description = "The languages of the texts"))),
        (status = 422, description = "Invalid filter or sort", body = ErrorBody),
    ))]
pub async fn list_courses(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<CourseListQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let query = CourseQuery {
        category: q.category,
        tag: q.tag,
        teacher: q.teacher,
        price_min: q.price_min,
        price_max: q.price_max,
        free: q.free,
        search: q.search,
        sort: q.sort,
    };
    let page = state
        .app
        .course_list_page(
            query,
            PageRequest::new(q.page, q.page_size),
            accept_language(&headers),
            super::cards::page_body,
        )
        .await?;
    Ok(page_response(page.body, &page.languages))
}

/// The most enrolled published courses; titles and descriptions honour
/// `Accept-Language` course by course, like the catalog.
#[utoipa::path(get, path = "/courses/popular", tag = "courses", security(),
    params(
        PopularQuery,
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses((status = 200, description = "Most enrolled first", body = Vec<CourseSummaryResponse>,
        headers(("Content-Language" = String, description = "The languages of the texts")))))]
pub async fn popular_courses(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<PopularQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let page = state
        .app
        .popular_page(q.limit, accept_language(&headers), |courses| {
            json_body(
                &courses
                    .into_iter()
                    .map(CourseSummaryResponse::from)
                    .collect::<Vec<_>>(),
            )
        })
        .await?;
    Ok(page_response(page.body, &page.languages))
}

/// `body` as the JSON of a response.
pub(super) fn json_body<T: serde::Serialize>(body: &T) -> Result<Bytes, AppError> {
    serde_json::to_vec(body)
        .map(Bytes::from)
        .map_err(|e| AppError::internal(format!("serializing a page: {e}")))
}

/// A JSON response with its `Content-Language` (the languages of its texts, when known).
pub(super) fn page_response(body: Bytes, languages: &[String]) -> Response {
    let response = (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response();
    with_content_language(response, languages)
}

/// `body` as JSON, with `Content-Language` listing `languages` when there are any.
fn json_with_languages<T: serde::Serialize>(body: T, languages: &[String]) -> Response {
    with_content_language(Json(body).into_response(), languages)
}

fn with_content_language(mut response: Response, languages: &[String]) -> Response {
    if languages.is_empty() {
        return response;
    }
    if let Ok(value) = header::HeaderValue::from_str(&languages.join(", ")) {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, value);
    }
    response
}

/// Published courses ranked by recent activity (views, lesson completions, reviews,
/// enrollments) with exponential time decay (half-life 72 h, last 30 days), as of the
/// last analytics refresh. Titles honour `Accept-Language` like `GET /courses`.
#[utoipa::path(get, path = "/courses/trending", tag = "courses", security(),
    params(
        PageQuery,
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses((status = 200, description = "Most trending first", body = CoursePage,
        headers(("Content-Language" = String, description = "The languages of the texts")))))]
pub async fn trending_courses(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<impl IntoResponse> {
    let listing = state
        .app
        .trending_courses(
            PageRequest::new(q.page, q.page_size),
            accept_language(&headers),
        )
        .await?;
    let body = CoursePage::from(listing.page);
    Ok(json_with_languages(body, &listing.languages))
}

/// The Ustat rule: published courses with at least `min_reviews` visible reviews
/// (`TOP_RATED_MIN_REVIEWS`, default 10), by average rating (then more reviews), each with
/// its dense rank. Titles honour `Accept-Language` like `GET /courses`.
#[utoipa::path(get, path = "/courses/top-rated", tag = "courses", security(),
    params(
        PageQuery,
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses((status = 200, description = "Best average first", body = TopRatedPage,
        headers(("Content-Language" = String, description = "The languages of the texts")))))]
pub async fn top_rated_courses(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<impl IntoResponse> {
    let listing = state
        .app
        .top_rated_courses(
            PageRequest::new(q.page, q.page_size),
            accept_language(&headers),
        )
        .await?;
    let body = TopRatedPage {
        items: listing
            .page
            .items
            .into_iter()
            .map(|r| RankedCourseResponse {
                rank: r.rank,
                course: r.course.into(),
            })
            .collect(),
        total: listing.page.total,
        page: listing.page.page,
        page_size: listing.page.page_size,
        min_reviews: listing.min_reviews,
    };
    Ok(json_with_languages(body, &listing.languages))
}

/// Start a course (a draft); its slug is derived from the title and unique.
#[utoipa::path(post, path = "/courses", tag = "courses", security(("bearer" = [])),
    request_body = CreateCourseRequest,
    responses(
        (status = 201, description = "The new draft", body = CourseResponse),
        NotSignedIn,
        (status = 403, description = "Only teachers, producers and admins author courses", body = ErrorBody),
        (status = 422, description = "Invalid fields or unknown category", body = ErrorBody),
    ))]
pub async fn create_course(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<CreateCourseRequest>,
) -> ApiResult<(StatusCode, Json<CourseResponse>)> {
    let view = state.app.create_course(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// A course with its modules and lessons, in the best language of `Accept-Language` the
/// course is translated into (its own language otherwise; see `Content-Language`).
/// Unpublished courses are visible only to their teacher and staff.
#[utoipa::path(get, path = "/courses/{slug}", tag = "courses", security((), ("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("Accept-Language" = Option<String>, Header, description = "Preferred languages, with q-values"),
    ),
    responses(
        (status = 200, description = "The course and its outline", body = CourseResponse,
            headers(("Content-Language" = String, description = "The language of the texts"))),
        CourseReadRefusals,
    ))]
pub async fn get_course(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let viewer = viewer.as_ref();
    let page = state
        .app
        .course_page(viewer, &slug, accept_language(&headers), |view| {
            json_body(&CourseResponse::from(view))
        })
        .await?;
    // A view counts on a hit too; buffered, never a write on this read path (see
    // app::analytics::views). The page names its course, hit or not.
    if let Some(course_id) = page.course_id {
        state.app.note_course_view(course_id, viewer.map(|a| a.id));
    }
    Ok(page_response(page.body, &page.languages))
}

/// The `Accept-Language` header, when readable.
pub(crate) fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// Translate a course's texts (title, description, requirements, what learners will
/// learn, module titles and descriptions, lesson titles, lesson content) into a language
/// other than its own.
#[utoipa::path(put, path = "/courses/{slug}/translations/{lang}", tag = "courses", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Course address"),
        ("lang" = String, Path, description = "Language tag, e.g. de or pt-BR"),
    ),
    request_body = TranslationRequest,
    responses(
        (status = 200, description = "Stored", body = TranslationResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Invalid language or texts, the course's own language, or items of another course", body = ErrorBody),
    ))]
pub async fn put_translation(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath((slug, lang)): AppPath<(String, String)>,
    AppJson(body): AppJson<TranslationRequest>,
) -> ApiResult<Json<TranslationResponse>> {
    let input = TranslationInput {
        title: body.title,
        description: body.description,
        requirements: body.requirements,
        what_you_will_learn: body.what_you_will_learn,
        modules: body
            .modules
            .into_iter()
            .map(|m| ModuleTranslation {
                module_id: m.module_id,
                title: m.title,
                description: m.description,
            })
            .collect(),
        lessons: body
            .lessons
            .into_iter()
            .map(|l| LessonTranslation {
                lesson_id: l.lesson_id,
                title: l.title,
                content: l.content,
            })
            .collect(),
    };
    let language = state
        .app
        .translate_course(&actor, &slug, &lang, input)
        .await?;
    Ok(Json(TranslationResponse {
        course_slug: slug,
        language,
    }))
}

/// Edit a course (its teacher, a producer or an admin).
#[utoipa::path(patch, path = "/courses/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = UpdateCourseRequest,
    responses(
        (status = 200, description = "The updated course", body = CourseResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update_course(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<UpdateCourseRequest>,
) -> ApiResult<Json<CourseResponse>> {
    Ok(Json(
        state
            .app
            .update_course(&actor, &slug, body.into())
            .await?
            .into(),
    ))
}

/// Delete a course with its modules and lessons (not once learners are enrolled).
#[utoipa::path(delete, path = "/courses/{slug}", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 204, description = "Deleted"),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Learners are enrolled; archive it instead", body = ErrorBody),
    ))]
pub async fn delete_course(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_course(&actor, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Move a course through its workflow: the teacher submits a draft for review; a
/// producer or admin publishes it or sends it back (with an optional `comment` the teacher
/// sees); a published course can be archived.
#[utoipa::path(post, path = "/courses/{slug}/status", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body = CourseStatusRequest,
    responses(
        (status = 200, description = "The course in its new status", body = CourseResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 409, description = "Illegal move; `details.allowed` lists the allowed ones", body = ErrorBody),
        (status = 422, description = "Unknown status, or a comment with another move than back to draft", body = ErrorBody),
    ))]
pub async fn change_course_status(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CourseStatusRequest>,
) -> ApiResult<Json<CourseResponse>> {
    let course = state
        .app
        .change_course_status(&actor, &slug, &body.status, body.comment.as_deref())
        .await?;
    Ok(Json(CourseResponse::without_outline(course)))
}
