//! A course's cover image: uploaded by its teacher or staff, served to whoever may see
//! the course.

use axum::{
    extract::{Multipart, State},
    http::header,
    response::IntoResponse,
    Json,
};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppPath, CurrentUser, MaybeUser},
    state::ApiState,
    upload::image_field,
};

/// Upload the course's cover (multipart field `cover`; PNG, JPEG or WebP, ≤ 1 MiB, checked
/// like avatars). It becomes the course's `cover_image_url`.
#[utoipa::path(put, path = "/courses/{slug}/cover", tag = "courses", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    request_body(content = CoverForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The course with its new cover_image_url", body = CourseResponse),
        NotSignedIn,
        (status = 403, description = "Not the course's teacher or staff", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 413, description = "Larger than the body limit", body = ErrorBody),
        (status = 422, description = "Not a PNG, JPEG or WebP image, larger than 1 MiB, or no `cover` field", body = ErrorBody),
    ))]
pub async fn upload_cover(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    mut multipart: Multipart,
) -> ApiResult<Json<CourseResponse>> {
    let upload = image_field(&mut multipart, "cover").await?;
    let view = state.app.upload_course_cover(&actor, &slug, upload).await?;
    Ok(Json(view.into()))
}

/// The course's uploaded cover image (published courses: anyone; others: their teacher
/// and staff).
#[utoipa::path(get, path = "/courses/{slug}/cover", tag = "courses", security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "Course address")),
    responses(
        (status = 200, description = "The image", content_type = "image/*", body = Vec<u8>),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 404, description = "No such course, not visible to the caller, or no uploaded cover", body = ErrorBody),
    ))]
pub async fn get_cover(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<impl IntoResponse> {
    let cover = state.app.course_cover(viewer.as_ref(), &slug).await?;
    let cache = if cover.public {
        "public, max-age=300"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, cover.content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        cover.bytes,
    ))
}
