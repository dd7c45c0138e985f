//! The single error → HTTP mapping and the envelope every error response uses:
//! `{"error": {"code": "snake_case", "message": "...", "details": ...}}`.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use practicum_app::{AppError, ErrorCode};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::{
    openapi::{schema::Type, Object, ObjectBuilder},
    IntoResponses, ToSchema,
};

use crate::middleware::request_id::current_request_id;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable, snake_case: one of the codes listed in
    /// `docs/API-CONVENTIONS.md` (the enum of this schema).
    #[schema(schema_with = error_code_schema)]
    pub code: ErrorCode,
    /// For humans; may change between versions.
    pub message: String,
    /// Structured context: invalid `fields` for 422, a report for 412, the `request_id` for 500.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

/// The 401 of a route that needs a signed-in caller, for `responses(...)` of `utoipa::path`.
#[derive(IntoResponses)]
#[response(status = 401, description = "Not signed in")]
pub struct NotSignedIn(pub ErrorBody);

/// The 401 of an admin route called without an admin-scoped token (see `AdminUser`).
#[derive(IntoResponses)]
#[response(status = 401, description = "No admin-scoped token")]
pub struct NoAdminToken(pub ErrorBody);

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
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
            ErrorCode::RateLimited,
            format!("too many attempts; retry in {retry_after} s"),
        );
        e.retry_after = Some(retry_after);
        e
    }

    pub fn unauthenticated(message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            message,
        )
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        // The status and the code come from app's single table (`AppError::status`, also
        // recorded in the ML history); only the envelope's text and details are added here.
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = e.code();
        // The table of codes (and the docs listing it) says which statuses each code has.
        debug_assert!(
            code.statuses().contains(&status.as_u16()),
            "{code} is not listed with status {status} in crates/app/src/error_code.rs"
        );
        match e {
            AppError::Invalid(fields) => Self::new(status, code, "some fields are invalid")
                .with_details(json!({ "fields": fields.0 })),
            AppError::BadRequest { message, .. }
            | AppError::Unauthorized { message, .. }
            | AppError::PayloadTooLarge { message, .. }
            | AppError::UnsupportedMedia { message, .. }
            | AppError::Unprocessable { message, .. }
            | AppError::Forbidden { message, .. } => Self::new(status, code, message),
            AppError::NotFound(_) => {
                let message = e.to_string();
                Self::new(status, code, message)
            }
            AppError::Conflict {
                message, details, ..
            } => {
                let mut e = Self::new(status, code, message);
                e.details = details;
                e
            }
            AppError::Precondition {
                message, details, ..
            } => Self::new(status, code, message).with_details(details),
            AppError::Unavailable {
                message,
                retry_after,
                ..
            } => {
                let mut e = Self::new(status, code, message);
                e.retry_after = retry_after;
                e
            }
            AppError::Internal { message, location } => {
                // The cause stays in the log, tied to the request id; the client learns nothing.
                tracing::error!(%location, error = %message, "internal error");
                Self::new(status, code, "an internal error occurred")
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
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::BAD_REQUEST => ErrorCode::BadRequest,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::UnprocessableEntity,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::Error,
    }
}

/// The schema of `ErrorDetail.code`: a string whose values are every [`ErrorCode`].
fn error_code_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Stable, machine-readable: one of the codes listed (with their statuses) in \
             docs/API-CONVENTIONS.md.",
        ))
        .enum_values(Some(ErrorCode::ALL.iter().map(|c| c.as_str())))
        .examples([json!(ErrorCode::EmailTaken.as_str())])
        .build()
}
