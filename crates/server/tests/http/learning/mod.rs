//! Enrollment, favorites, lessons, quizzes, the activity log and the dashboard.

mod activity;
mod dashboard;
mod enrollment;
mod favorites;
mod lessons;

use practicum_store::Session;
use sqlx::Row;

use crate::support::TestApp;

/// Counts rows straight from the database, to check what the API cannot show.
pub async fn count(t: &TestApp, sql: &str) -> i64 {
    let mut conn = t.db.db.read().await.unwrap();
    sqlx::query(sql)
        .fetch_one(conn.conn())
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap()
}
