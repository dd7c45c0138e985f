use std::panic::Location;

use practicum_domain::FieldErrors;
use practicum_store::StoreError;
use serde_json::Value;

use crate::ErrorCode;

/// What a use-case can answer besides success, in business terms. Each variant has one HTTP
/// status ([`AppError::status`], the only status table: `api` answers it and the ML history
/// records it); `api` adds the error envelope.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Invalid input values (422), every bad field at once.
    #[error(transparent)]
    Invalid(#[from] FieldErrors),
    /// A malformed request that is not about one field (400).
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    /// Missing or unusable credentials (401).
    #[error("{message}")]
    Unauthorized { code: ErrorCode, message: String },
    /// The upload is larger than allowed (413).
    #[error("{message}")]
    PayloadTooLarge { code: ErrorCode, message: String },
    /// The body's media type or format is not supported (415).
    #[error("{message}")]
    UnsupportedMedia { code: ErrorCode, message: String },
    /// Well-formed but unusable content that is not about one field, such as an image
    /// that cannot be decoded (422 with its own code).
    #[error("{message}")]
    Unprocessable { code: ErrorCode, message: String },
    /// Authenticated but not allowed (403).
    #[error("{message}")]
    Forbidden { code: ErrorCode, message: String },
    /// The thing does not exist, or the caller may not know it exists (404); the code is
    /// the thing's `…_not_found` code.
    #[error("{} not found", .0.missing_thing())]
    NotFound(ErrorCode),
    /// Conflicts with the current state (409).
    #[error("{message}")]
    Conflict {
        code: ErrorCode,
        message: String,
        details: Option<Value>,
    },
    /// A domain precondition is not met (412), with the report in `details`.
    #[error("{message}")]
    Precondition {
        code: ErrorCode,
        message: String,
        details: Value,
    },
    /// Temporarily unable to serve (503); `retry_after` in seconds.
    #[error("{message}")]
    Unavailable {
        code: ErrorCode,
        message: String,
        retry_after: Option<u64>,
    },
    /// A bug or an infrastructure failure. The message is logged, never returned.
    #[error("internal error at {location}: {message}")]
    Internal {
        message: String,
        location: &'static Location<'static>,
    },
}

impl AppError {
    /// The HTTP status this error is answered with: the single mapping that the API's error
    /// responses and the ML request history both use.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest { .. } => 400,
            AppError::Unauthorized { .. } => 401,
            AppError::Forbidden { .. } => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict { .. } => 409,
            AppError::Precondition { .. } => 412,
            AppError::PayloadTooLarge { .. } => 413,
            AppError::UnsupportedMedia { .. } => 415,
            AppError::Invalid(_) | AppError::Unprocessable { .. } => 422,
            AppError::Internal { .. } => 500,
            AppError::Unavailable { .. } => 503,
        }
    }

    /// The code of the error envelope.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Invalid(_) => ErrorCode::ValidationFailed,
            AppError::BadRequest { code, .. }
            | AppError::Unauthorized { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Precondition { code, .. }
            | AppError::PayloadTooLarge { code, .. }
            | AppError::UnsupportedMedia { code, .. }
            | AppError::Unprocessable { code, .. }
            | AppError::Unavailable { code, .. }
            | AppError::NotFound(code) => *code,
            AppError::Internal { .. } => ErrorCode::Internal,
        }
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn payload_too_large(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::PayloadTooLarge {
            code,
            message: message.into(),
        }
    }

    pub fn unsupported_media(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::UnsupportedMedia {
            code,
            message: message.into(),
        }
    }

    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            message: message.into(),
        }
    }

    #[track_caller]
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal {
            message: message.into(),
            location: Location::caller(),
        }
    }
}

impl From<StoreError> for AppError {
    /// Store errors that a use-case did not map to a business conflict are unexpected,
    /// except contention, which the client may retry.
    #[track_caller]
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy => AppError::Unavailable {
                code: ErrorCode::DatabaseBusy,
                message: "the database is busy; retry shortly".into(),
                retry_after: Some(1),
            },
            StoreError::NotFound => AppError::NotFound(ErrorCode::ResourceNotFound),
            other => AppError::Internal {
                message: format!("{other}: {:?}", std::error::Error::source(&other)),
                location: Location::caller(),
            },
        }
    }
}

/// A field's value once [`FieldErrors::into_result`] passed: `None` there is a bug (a
/// check that failed without pushing its error), answered as an internal error.
#[track_caller]
pub(crate) fn validated<T>(value: Option<T>) -> Result<T, AppError> {
    match value {
        Some(v) => Ok(v),
        None => Err(AppError::internal(
            "a field failed validation without an error",
        )),
    }
}

/// Reads a store result's unique and foreign-key violations as business refusals: where a
/// use-case names the constraint that holds its invariant and the answer it gives when the
/// constraint fires. Any other store error converts as [`From<StoreError>`] does, located at the caller.
pub(crate) trait OnViolation<T> {
    /// A unique violation of `constraint` is the conflict (409) `code` with `message`.
    fn conflict_on(
        self,
        constraint: &str,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Result<T, AppError>;

    /// A unique violation of any of `constraints` is the error `refusal` builds.
    fn refuse_on(
        self,
        constraints: &[&str],
        refusal: impl FnOnce() -> AppError,
    ) -> Result<T, AppError>;

    /// A foreign-key violation is the error `refusal` builds.
    fn refuse_on_foreign_key(self, refusal: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OnViolation<T> for Result<T, StoreError> {
    #[track_caller]
    fn conflict_on(
        self,
        constraint: &str,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Result<T, AppError> {
        self.refuse_on(&[constraint], || AppError::conflict(code, message))
    }

    #[track_caller]
    fn refuse_on(
        self,
        constraints: &[&str],
        refusal: impl FnOnce() -> AppError,
    ) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(e) if e.is_unique_any(constraints) => Err(refusal()),
            Err(e) => Err(AppError::from(e)),
        }
    }

    #[track_caller]
    fn refuse_on_foreign_key(self, refusal: impl FnOnce() -> AppError) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(StoreError::ForeignKey { .. }) => Err(refusal()),
            Err(e) => Err(AppError::from(e)),
        }
    }
}

impl From<practicum_auth::PasswordError> for AppError {
    #[track_caller]
    fn from(e: practicum_auth::PasswordError) -> Self {
        AppError::internal(e.to_string())
    }
}
