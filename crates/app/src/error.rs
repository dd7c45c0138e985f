use std::panic::Location;

use practicum_domain::FieldErrors;
use practicum_store::StoreError;
use serde_json::Value;

/// What a use-case can answer besides success, in business terms. `api` maps each variant
/// to one HTTP status and the error envelope; nothing else decides statuses.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Invalid input values (422), every bad field at once.
    #[error(transparent)]
    Invalid(#[from] FieldErrors),
    /// A malformed request that is not about one field (400).
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// Missing or unusable credentials (401).
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// The upload is larger than allowed (413).
    #[error("{message}")]
    PayloadTooLarge { code: &'static str, message: String },
    /// The body's media type or format is not supported (415).
    #[error("{message}")]
    UnsupportedMedia { code: &'static str, message: String },
    /// Well-formed but unusable content that is not about one field, such as an image
    /// that cannot be decoded (422 with its own code).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// Authenticated but not allowed (403).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// The thing does not exist, or the caller may not know it exists (404).
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// Conflicts with the current state (409).
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        details: Option<Value>,
    },
    /// A domain precondition is not met (412), with the report in `details`.
    #[error("{message}")]
    Precondition {
        code: &'static str,
        message: String,
        details: Value,
    },
    /// Temporarily unable to serve (503); `retry_after` in seconds.
    #[error("{message}")]
    Unavailable {
        code: &'static str,
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
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
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
                code: "database_busy",
                message: "the database is busy; retry shortly".into(),
                retry_after: Some(1),
            },
            StoreError::NotFound => AppError::NotFound { what: "resource" },
            other => AppError::Internal {
                message: format!("{other}: {:?}", std::error::Error::source(&other)),
                location: Location::caller(),
            },
        }
    }
}

impl From<practicum_auth::PasswordError> for AppError {
    #[track_caller]
    fn from(e: practicum_auth::PasswordError) -> Self {
        AppError::internal(e.to_string())
    }
}
