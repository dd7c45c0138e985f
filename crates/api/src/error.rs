//! The single error → HTTP mapping and the envelope every error response uses:
//! `{"error": {"code": "snake_case", "message": "...", "details": ...}}`.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use practicum_app::AppError;
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::middleware::request_id::current_request_id;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable, snake_case.
    #[schema(example = "email_taken")]
    pub code: String,
    /// For humans; may change between versions.
    pub message: String,
    /// Structured context: invalid `fields` for 422, a report for 412, the `request_id` for 500.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many attempts; retry in {retry_after} s"),
        );
        e.retry_after = Some(retry_after);
        e
    }

    pub fn unauthenticated(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(fields) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "some fields are invalid",
            )
            .with_details(json!({ "fields": fields.0 })),
            AppError::BadRequest { code, message } => {
                Self::new(StatusCode::BAD_REQUEST, code, message)
            }
            AppError::Unauthorized { code, message } => {
                Self::new(StatusCode::UNAUTHORIZED, code, message)
            }
            AppError::PayloadTooLarge { code, message } => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, code, message)
            }
            AppError::UnsupportedMedia { code, message } => {
                Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, code, message)
            }
            AppError::Unprocessable { code, message } => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            }
            AppError::Forbidden { code, message } => {
                Self::new(StatusCode::FORBIDDEN, code, message)
            }
            AppError::NotFound { what } => Self::new(
                StatusCode::NOT_FOUND,
                format!("{}_not_found", what),
                format!("{what} not found"),
            ),
            AppError::Conflict {
                code,
                message,
                details,
            } => {
                let mut e = Self::new(StatusCode::CONFLICT, code, message);
                e.details = details;
                e
            }
            AppError::Precondition {
                code,
                message,
                details,
            } => Self::new(StatusCode::PRECONDITION_FAILED, code, message).with_details(details),
            AppError::Unavailable {
                code,
                message,
                retry_after,
            } => {
                let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message);
                e.retry_after = retry_after;
                e
            }
            AppError::Internal { message, location } => {
                // The cause stays in the log, tied to the request id; the client learns nothing.
                tracing::error!(%location, error = %message, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let details = if self.status.is_server_error() && self.details.is_none() {
            current_request_id().map(|id| json!({ "request_id": id }))
        } else {
            self.details
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                details,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// Default code for an error status produced outside our handlers (axum, tower-http).
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "unprocessable_entity",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}
