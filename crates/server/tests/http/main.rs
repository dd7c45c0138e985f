#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed unwrap is a failed test with its location"
)]
//! Black-box HTTP tests: the real router over a fresh database per test. The tree mirrors
//! the routes of `spec/api.md`. Each test body runs on SQLite and on PostgreSQL
//! (`…::case_1_sqlite`, `…::case_2_postgres`; `cargo test postgres` runs one backend).

mod adaptive;
mod analytics;
pub mod courses;
mod identity;
mod jobs;
mod learning;
mod ml;
mod notifications;
mod platform;
mod recommend;
mod reviews;
mod support;
