//! Aggregates of the history, computed in the database: never loads the rows.
//!
//! Percentiles are the linear-interpolation percentile of `processing_ms` (numpy's
//! default, PostgreSQL's `percentile_cont`). PostgreSQL computes them with
//! `percentile_cont`; SQLite has no such aggregate, so the rank is computed from
//! `COUNT(*)` and the two neighbouring values are read with `ORDER BY … LIMIT 2 OFFSET k`
//! (the index on `created_at` keeps the window filter cheap).

use practicum_domain::Timestamp;
use sqlx::any::AnyRow;

use crate::{row::get, Backend, Session, StoreError};

/// The time window and model of a statistics query; every bound is optional. `to` is exclusive.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatsScope<'a> {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    /// `(name, version)`; `None` = every row.
    pub model: Option<(&'a str, &'a str)>,
}

/// Aggregates over the rows in a scope. Zero everywhere for an empty scope.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MlStats {
    pub total_requests: i64,
    pub error_requests: i64,
    pub mean_processing_ms: f64,
    pub median_processing_ms: f64,
    pub p95_processing_ms: f64,
    pub p99_processing_ms: f64,
    pub average_input_bytes: f64,
    pub average_image_width: f64,
    pub average_image_height: f64,
}

/// `$1..$4`: from, to, model name, model version.
const SCOPE: &str = "($1 IS NULL OR created_at >= $1) AND ($2 IS NULL OR created_at < $2) \
                     AND ($3 IS NULL OR model_name = $3) AND ($4 IS NULL OR model_version = $4)";

fn bind_scope<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    scope: &StatsScope<'q>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q.bind(scope.from)
        .bind(scope.to)
        .bind(scope.model.map(|m| m.0))
        .bind(scope.model.map(|m| m.1))
}

fn opt_f64(r: &AnyRow, column: &str) -> Result<f64, StoreError> {
    Ok(get::<Option<f64>>(r, column)?.unwrap_or(0.0))
}

/// The statistics of one scope: a constant number of queries whatever the row count.
pub async fn compute(s: &mut dyn Session, scope: &StatsScope<'_>) -> Result<MlStats, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS n, \
         COUNT(CASE WHEN status_code >= 400 THEN 1 END) AS errors, \
         CAST(AVG(processing_ms) AS DOUBLE PRECISION) AS mean_ms, \
         CAST(AVG(input_bytes) AS DOUBLE PRECISION) AS avg_bytes, \
         CAST(AVG(image_width) AS DOUBLE PRECISION) AS avg_width, \
         CAST(AVG(image_height) AS DOUBLE PRECISION) AS avg_height \
         FROM ml_requests WHERE {SCOPE}"
    );
    let row = bind_scope(sqlx::query(&sql), scope)
        .fetch_one(s.conn())
        .await?;
    let total: i64 = get(&row, "n")?;
    let mut stats = MlStats {
        total_requests: total,
        error_requests: get(&row, "errors")?,
        mean_processing_ms: opt_f64(&row, "mean_ms")?,
        average_input_bytes: opt_f64(&row, "avg_bytes")?,
        average_image_width: opt_f64(&row, "avg_width")?,
        average_image_height: opt_f64(&row, "avg_height")?,
        ..MlStats::default()
    };
    if total == 0 {
        return Ok(stats);
    }
    let [p50, p95, p99] = match s.backend() {
        Backend::Postgres => {
            let sql = format!(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY processing_ms) AS p50, \
                 percentile_cont(0.95) WITHIN GROUP (ORDER BY processing_ms) AS p95, \
                 percentile_cont(0.99) WITHIN GROUP (ORDER BY processing_ms) AS p99 \
                 FROM ml_requests WHERE {SCOPE}"
            );
            let row = bind_scope(sqlx::query(&sql), scope)
                .fetch_one(s.conn())
                .await?;
            [
                opt_f64(&row, "p50")?,
                opt_f64(&row, "p95")?,
                opt_f64(&row, "p99")?,
            ]
        }
        Backend::Sqlite => [
            sqlite_percentile(s, scope, total, 0.5).await?,
            sqlite_percentile(s, scope, total, 0.95).await?,
            sqlite_percentile(s, scope, total, 0.99).await?,
        ],
    };
    stats.median_processing_ms = p50;
    stats.p95_processing_ms = p95;
    stats.p99_processing_ms = p99;
    Ok(stats)
}

/// Linear interpolation between the values of rank `floor(p·(n−1))` and the next one.
async fn sqlite_percentile(
    s: &mut dyn Session,
    scope: &StatsScope<'_>,
    total: i64,
    p: f64,
) -> Result<f64, StoreError> {
    // Row counts are far below 2^52, and the rank lies in 0..total: the casts are exact.
    let (lower, fraction) = {
        let rank = p * (total - 1) as f64;
        (rank.floor() as i64, rank - rank.floor())
    };
    let sql = format!(
        "SELECT processing_ms FROM ml_requests WHERE {SCOPE} \
         ORDER BY processing_ms LIMIT 2 OFFSET $5"
    );
    let rows = bind_scope(sqlx::query(&sql), scope)
        .bind(lower)
        .fetch_all(s.conn())
        .await?;
    let value = |i: usize| -> Result<Option<f64>, StoreError> {
        rows.get(i)
            .map(|r| get::<f64>(r, "processing_ms"))
            .transpose()
    };
    let low = value(0)?.unwrap_or(0.0);
    Ok(match value(1)? {
        Some(high) => low + (high - low) * fraction,
        None => low,
    })
}

/// The `(name, version)` pairs that appear in a window, most used first.
pub async fn models(
    s: &mut dyn Session,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT model_name, model_version, COUNT(*) AS n FROM ml_requests \
         WHERE ($1 IS NULL OR created_at >= $1) AND ($2 IS NULL OR created_at < $2) \
         AND model_name IS NOT NULL AND model_version IS NOT NULL \
         GROUP BY model_name, model_version ORDER BY n DESC, model_name, model_version",
    )
    .bind(from)
    .bind(to)
    .fetch_all(s.conn())
    .await?;
    rows.iter()
        .map(|r| Ok((get(r, "model_name")?, get(r, "model_version")?)))
        .collect()
}
