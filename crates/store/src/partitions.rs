//! Monthly range partitions on PostgreSQL (epoch-ms `created_at`), created ahead by the
//! `partition_upkeep` job. SQLite has no partitions: a no-op there.

use chrono::{Datelike, TimeZone, Utc};
use practicum_domain::Timestamp;

use crate::{Backend, Session, StoreError};

/// Tables partitioned by month on `created_at`; only these names are accepted (they
/// end up in DDL text).
pub const PARTITIONED_TABLES: &[&str] = &["ml_requests"];

/// Creates the monthly partitions of `table` for the month containing `now` and the
/// `months_ahead` following ones, when missing. Returns how many were created.
pub async fn ensure_monthly(
    s: &mut dyn Session,
    table: &str,
    now: Timestamp,
    months_ahead: u32,
) -> Result<u32, StoreError> {
    if s.backend() != Backend::Postgres {
        return Ok(0);
    }
    if !PARTITIONED_TABLES.contains(&table) {
        return Err(StoreError::Config(format!(
            "{table} is not a partitioned table"
        )));
    }
    let start = Utc
        .timestamp_millis_opt(now)
        .single()
        .ok_or_else(|| StoreError::Config(format!("bad timestamp {now}")))?;
    let (mut year, mut month) = (start.year(), start.month());
    let mut created = 0;
    for _ in 0..=months_ahead {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let from = month_start(year, month)?;
        let to = month_start(next_year, next_month)?;
        let name = format!("{table}_{year:04}_{month:02}");
        let exists = sqlx::query("SELECT 1 FROM pg_class WHERE relname = $1")
            .bind(&name)
            .fetch_optional(s.conn())
            .await?
            .is_some();
        if !exists {
            sqlx::query(&format!(
                "CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ({from}) TO ({to})"
            ))
            .execute(s.conn())
            .await?;
            created += 1;
        }
        (year, month) = (next_year, next_month);
    }
    Ok(created)
}

fn month_start(year: i32, month: u32) -> Result<i64, StoreError> {
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .single()
        .map(|d| d.timestamp_millis())
        .ok_or_else(|| StoreError::Config(format!("bad month {year}-{month}")))
}
