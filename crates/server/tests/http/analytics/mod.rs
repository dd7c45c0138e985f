//! `/analytics/*` and `/courses/trending`: rollups against hand-computed figures, who may
//! read them, user activity, decay, and the monthly partitions on PostgreSQL.

mod cli;
mod figures;
mod incremental;
mod partitions;
mod rollups;
mod trending;

use practicum_store::Session;
use sqlx::Row;

use crate::support::TestApp;

/// Moves the events of course `slug` back by `hours`. The log is append-only and the
/// refresh folds in only new events, so rewriting history also forgets the partial
/// aggregates: the next refresh rebuilds them (as an operator would with `--full`).
pub async fn age_events(t: &TestApp, slug: &str, hours: i64) {
    let mut tx = t.db.db.write().await.unwrap();
    sqlx::query(
        "UPDATE analytics_events SET occurred_at = occurred_at - $1 \
         WHERE course_id = (SELECT id FROM courses WHERE slug = $2)",
    )
    .bind(hours * 3_600_000)
    .bind(slug)
    .execute(tx.conn())
    .await
    .unwrap();
    practicum_store::analytics::reset_incremental(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A single text value from the database.
pub async fn text(t: &TestApp, sql: &str) -> String {
    let mut conn = t.db.db.read().await.unwrap();
    sqlx::query(sql)
        .fetch_one(conn.conn())
        .await
        .unwrap()
        .try_get::<String, _>("s")
        .unwrap()
}

#[track_caller]
pub fn close(actual: &serde_json::Value, expected: f64) {
    let a = actual.as_f64().unwrap_or(f64::NAN);
    assert!((a - expected).abs() < 1e-6, "{a} != {expected}");
}
