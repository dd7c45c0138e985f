//! Reading an uploaded image out of a multipart body, the same way for every upload
//! route (avatars, course covers); the checks of the image itself are the use-case's.

use axum::{
    extract::{multipart::MultipartError, Multipart},
    http::StatusCode,
};
use practicum_app::upload::ImageUpload;

use crate::error::{ApiError, ApiResult};
use practicum_app::ErrorCode;

/// The file field `name` of the body (other fields are skipped): 422 when there is none,
/// 400 for a malformed body, 413 past the body limit.
pub(crate) async fn image_field(
    multipart: &mut Multipart,
    name: &'static str,
) -> ApiResult<ImageUpload> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e, name))?
    {
        if field.name() != Some(name) {
            continue;
        }
        let declared_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|e| multipart_error(e, name))?;
        return Ok(ImageUpload {
            declared_type,
            bytes: bytes.to_vec(),
        });
    }
    Err(
        practicum_app::AppError::from(practicum_domain::FieldErrors::single(
            name,
            format!("a file field named {name} is required"),
        ))
        .into(),
    )
}

fn multipart_error(e: MultipartError, name: &str) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("the {name} must be at most 1 MiB"),
        )
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedMultipart,
            e.body_text(),
        )
    }
}
