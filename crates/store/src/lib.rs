//! Practicum's database layer: connections, migrations, repositories and the one place
//! where database errors are classified.
//!
//! Both backends run the same SQL text through sqlx's `Any` driver (`$1` placeholders work
//! on SQLite and PostgreSQL alike). Where the dialects must differ (DDL, row locks, full
//! text search) the difference is a `match` on [`Backend`] inside this crate, nowhere else.
//! See `docs/decisions/0001-sqlx-any.md` for why sqlx rather than SeaORM.

pub mod adaptive;
pub mod analytics;
mod backend;
pub mod backup;
pub mod catalog;
mod checkpoint;
pub mod coalesce;
mod direct;
mod error;
pub mod identity;
pub mod instrument;
pub mod jobs;
pub mod learning;
pub mod migrate;
pub mod ml;
pub mod notify;
pub mod partitions;
mod pool;
mod query;
pub mod recommend;
pub mod reviews;
pub mod routing;
mod row;
#[cfg(feature = "seed-load")]
pub mod seed_load;

pub use backend::{redact_url, Backend, Conn, Db, DbOptions, Session, StatementWrite, Tx};
pub use error::StoreError;
