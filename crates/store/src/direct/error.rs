//! SQLite's errors as sqlx reports them: a database error carries SQLite's extended
//! result code as its `code()` and SQLite's message, with the same kinds (unique, foreign
//! key, not null, check), so `StoreError`'s mapping reads them as before.

use std::{borrow::Cow, error::Error as StdError, fmt};

use rusqlite::ffi;
use sqlx::error::{DatabaseError, ErrorKind};

/// What went wrong running a statement on a [`super::DirectConn`].
#[derive(Debug)]
pub(crate) enum DirectError {
    /// SQLite answered with an error code.
    Sqlite(SqliteError),
    /// The statement or its values are not what this driver can run (a bug, not data).
    Protocol(String),
}

impl DirectError {
    pub(super) fn protocol(message: impl Into<String>) -> Self {
        Self::Protocol(message.into())
    }

    /// `SQLITE_BUSY` or `SQLITE_LOCKED` (any extended code of either).
    pub(super) fn is_busy(&self) -> bool {
        matches!(self, Self::Sqlite(e) if matches!(e.code & 0xff, ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED))
    }
}

impl From<rusqlite::Error> for DirectError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(failure, message) => Self::Sqlite(SqliteError {
                code: failure.extended_code,
                message: message.unwrap_or_else(|| failure.to_string()),
            }),
            other => Self::Protocol(other.to_string()),
        }
    }
}

impl From<DirectError> for sqlx::Error {
    fn from(e: DirectError) -> Self {
        match e {
            DirectError::Sqlite(e) => sqlx::Error::Database(Box::new(e)),
            DirectError::Protocol(message) => sqlx::Error::Protocol(message),
        }
    }
}

/// An error SQLite answered with.
#[derive(Debug)]
pub(crate) struct SqliteError {
    /// The extended result code.
    code: i32,
    message: String,
}

impl fmt::Display for SqliteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl StdError for SqliteError {}

impl DatabaseError for SqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(self.code.to_string().into())
    }

    fn as_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn StdError + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn StdError + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}
