//! How ML failures become [`AppError`]s. The status and code a history row records are
//! `AppError::status` and `AppError::code`, the same the API answers with.

use super::{classify_images::MAX_TOP_K, MlLimits, UploadProblem};
use crate::ErrorCode;
use crate::{
    ports::{ClassifyError, ImageProblem},
    AppError,
};

pub(super) fn image_error(problem: ImageProblem, message: String) -> AppError {
    match problem {
        ImageProblem::Empty => AppError::bad_request(ErrorCode::EmptyInput, message),
        ImageProblem::NotAnImage => AppError::unprocessable(ErrorCode::NotAnImage, message),
        ImageProblem::Truncated => AppError::unprocessable(ErrorCode::TruncatedImage, message),
        ImageProblem::DecompressionBomb => {
            AppError::unprocessable(ErrorCode::DecompressionBomb, message)
        }
        ImageProblem::Unsupported => {
            AppError::unsupported_media(ErrorCode::UnsupportedImageFormat, message)
        }
        ImageProblem::TooLarge => AppError::payload_too_large(ErrorCode::ImageTooLarge, message),
    }
}

pub(super) fn upload_error(problem: &UploadProblem, limits: &MlLimits) -> AppError {
    match problem {
        UploadProblem::Image(ImageProblem::Empty) => image_error(
            ImageProblem::Empty,
            "no image was sent: send a multipart field named image (or a JSON data field)".into(),
        ),
        UploadProblem::Image(ImageProblem::TooLarge) => image_error(
            ImageProblem::TooLarge,
            format!(
                "an image is larger than the limit of {} bytes",
                limits.max_image_bytes
            ),
        ),
        UploadProblem::Image(p) => image_error(*p, "the upload is not a usable image".into()),
        UploadProblem::TooManyImages => AppError::payload_too_large(
            ErrorCode::TooManyImages,
            format!(
                "at most {} images may be sent in one request",
                limits.max_images_per_request
            ),
        ),
        UploadProblem::InvalidTopK => AppError::Invalid(practicum_domain::FieldErrors::single(
            "top_k",
            format!("must be an integer from 1 to {MAX_TOP_K}"),
        )),
        UploadProblem::Malformed(m) => {
            AppError::bad_request(ErrorCode::MalformedMultipart, m.clone())
        }
    }
}

pub(super) fn classify_error(e: ClassifyError) -> AppError {
    match e {
        ClassifyError::Input {
            problem, message, ..
        } => image_error(problem, message),
        ClassifyError::QueueFull => AppError::Unavailable {
            code: ErrorCode::InferenceQueueFull,
            message: "the inference queue is full; retry shortly".into(),
            retry_after: Some(1),
        },
        ClassifyError::Engine(m) => AppError::internal(format!("inference failed: {m}")),
    }
}
