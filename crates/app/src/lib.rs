//! Use-cases: one file per user intention, each one transaction. `api` calls these and
//! nothing else; they orchestrate domain rules and the store.

// First: the modules below use its macro.
#[macro_use]
mod read_model;

pub mod adaptive;
pub mod analytics;
mod app;
pub mod catalog;
mod error;
mod error_code;
pub mod identity;
pub mod jobs;
pub mod learning;
pub mod ml;
pub mod notify;
mod page;
pub mod ports;
mod readiness;
pub mod recommend;
pub mod reviews;
mod state;
pub mod upload;

pub use app::{App, AppConfig};
pub use error::AppError;
pub(crate) use error::{validated, OnViolation};
pub use error_code::{ErrorCode, UnknownErrorCode};
pub use page::{Page, PageRequest};
pub use practicum_auth::{HashCost, PasswordHasher, Scope};
/// The request id that slow-query log lines carry (set per request by the API).
pub use practicum_store::instrument::{current_request_id, with_request_id};
/// Lag-tolerant reads on the primary for a client that wrote a moment ago.
pub use practicum_store::routing::with_primary_reads;
pub use practicum_store::{Backend, Db, DbOptions};
pub use readiness::Readiness;
/// The catalog context's state: the cache of the public catalog reads.
pub use state::catalog_cache;
