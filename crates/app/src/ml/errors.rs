//! How ML failures become [`AppError`]s, and the status each one is recorded with.

use super::{classify_images::MAX_TOP_K, MlLimits, UploadProblem};
use crate::{
    ports::{ClassifyError, ImageProblem},
    AppError,
};

pub(super) fn image_error(problem: ImageProblem, message: String) -> AppError {
    match problem {
        ImageProblem::Empty => AppError::bad_request("empty_input", message),
        ImageProblem::NotAnImage => AppError::Unprocessable {
            code: "not_an_image",
            message,
        },
        ImageProblem::Truncated => AppError::Unprocessable {
            code: "truncated_image",
            message,
        },
        ImageProblem::DecompressionBomb => AppError::Unprocessable {
            code: "decompression_bomb",
            message,
        },
        ImageProblem::Unsupported => AppError::UnsupportedMedia {
            code: "unsupported_image_format",
            message,
        },
        ImageProblem::TooLarge => AppError::PayloadTooLarge {
            code: "image_too_large",
            message,
        },
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
        UploadProblem::TooManyImages => AppError::PayloadTooLarge {
            code: "too_many_images",
            message: format!(
                "at most {} images may be sent in one request",
                limits.max_images_per_request
            ),
        },
        UploadProblem::InvalidTopK => AppError::Invalid(practicum_domain::FieldErrors::single(
            "top_k",
            format!("must be an integer from 1 to {MAX_TOP_K}"),
        )),
        UploadProblem::Malformed(m) => AppError::bad_request("malformed_multipart", m.clone()),
    }
}

pub(super) fn classify_error(e: ClassifyError) -> AppError {
    match e {
        ClassifyError::Input {
            problem, message, ..
        } => image_error(problem, message),
        ClassifyError::QueueFull => AppError::Unavailable {
            code: "inference_queue_full",
            message: "the inference queue is full; retry shortly".into(),
            retry_after: Some(1),
        },
        ClassifyError::Engine(m) => AppError::internal(format!("inference failed: {m}")),
    }
}

/// The HTTP status the API answers for `e`, recorded in the history. The mapping itself
/// lives in `api` (`ApiError: From<AppError>`); this mirror is checked by the HTTP tests,
/// which compare each recorded status with the status received.
pub(super) fn status_of(e: &AppError) -> u16 {
    match e {
        AppError::Invalid(_) | AppError::Unprocessable { .. } => 422,
        AppError::BadRequest { .. } => 400,
        AppError::Unauthorized { .. } => 401,
        AppError::Forbidden { .. } => 403,
        AppError::NotFound { .. } => 404,
        AppError::Conflict { .. } => 409,
        AppError::Precondition { .. } => 412,
        AppError::PayloadTooLarge { .. } => 413,
        AppError::UnsupportedMedia { .. } => 415,
        AppError::Unavailable { .. } => 503,
        AppError::Internal { .. } => 500,
    }
}

pub(super) fn code_of(e: &AppError) -> &'static str {
    match e {
        AppError::Invalid(_) => "validation_failed",
        AppError::BadRequest { code, .. }
        | AppError::Unauthorized { code, .. }
        | AppError::Forbidden { code, .. }
        | AppError::Conflict { code, .. }
        | AppError::Precondition { code, .. }
        | AppError::PayloadTooLarge { code, .. }
        | AppError::UnsupportedMedia { code, .. }
        | AppError::Unprocessable { code, .. }
        | AppError::Unavailable { code, .. } => code,
        AppError::NotFound { .. } => "not_found",
        AppError::Internal { .. } => "internal",
    }
}
