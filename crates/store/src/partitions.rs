//! Monthly range partitions on PostgreSQL (an epoch-ms column, a `{table}_default`
//! partition as safety net), created ahead by jobs. SQLite has no partitions: a no-op.
//! One mechanism for every partitioned table (the ML request history, the event log).

use chrono::{Datelike, TimeZone, Utc};
use practicum_domain::Timestamp;

use crate::query::run;
use crate::{Backend, Session, StoreError};

/// A table partitioned by month. Only these constants exist: their names end up in DDL.
#[derive(Debug)]
pub struct Partitioned {
    pub table: &'static str,
    /// The epoch-ms partition key.
    pub column: &'static str,
    /// The partition's name for a year and month (1-based).
    name: fn(i32, u32) -> String,
}

/// The ML request history (`ml_requests_2026_12`).
pub const ML_REQUESTS: Partitioned = Partitioned {
    table: "ml_requests",
    column: "created_at",
    name: |y, m| format!("ml_requests_{y:04}_{m:02}"),
};

/// The analytics event log (`analytics_events_y2026m12`).
pub const ANALYTICS_EVENTS: Partitioned = Partitioned {
    table: "analytics_events",
    column: "occurred_at",
    name: |y, m| format!("analytics_events_y{y:04}m{m:02}"),
};

/// One month's partition: its name and `[from, to)` range in epoch ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthPartition {
    pub name: String,
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Partitioned {
    /// The partition of the month `months` after the one containing `now` (UTC).
    pub fn month(&self, now: Timestamp, months: u32) -> Option<MonthPartition> {
        let t = Utc.timestamp_millis_opt(now).single()?;
        let index = t.year() * 12 + t.month0() as i32 + i32::try_from(months).ok()?;
        let start = |i: i32| {
            Utc.with_ymd_and_hms(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1, 0, 0, 0)
                .single()
        };
        let from = start(index)?;
        let to = start(index + 1)?;
        Some(MonthPartition {
            name: (self.name)(from.year(), from.month()),
            from: from.timestamp_millis(),
            to: to.timestamp_millis(),
        })
    }
}

/// Creates the partitions of `p` for the month containing `now` and the `months_ahead`
/// following ones, when missing. Rows of such a month that landed in the DEFAULT
/// partition are moved into the new one before it is attached (attaching would fail
/// otherwise). An advisory lock per table serialises concurrent callers. Returns the
/// partitions created.
pub async fn ensure_monthly(
    s: &mut dyn Session,
    p: &Partitioned,
    now: Timestamp,
    months_ahead: u32,
) -> Result<Vec<String>, StoreError> {
    if s.backend() != Backend::Postgres {
        return Ok(Vec::new());
    }
    run(
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1)) AS locked")
            .bind(format!("partitions:{}", p.table)),
        s.conn(),
    )
    .await?;
    let (table, column) = (p.table, p.column);
    let mut created = Vec::new();
    for m in 0..=months_ahead {
        let MonthPartition { name, from, to } = p
            .month(now, m)
            .ok_or_else(|| StoreError::Config(format!("bad timestamp {now}")))?;
        let exists = sqlx::query(
            "SELECT 1 AS one FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname = $1 AND n.nspname = current_schema()",
        )
        .bind(&name)
        .fetch_optional(s.conn())
        .await?
        .is_some();
        if exists {
            continue;
        }
        // Each statement prepared on its own (a multi-statement `raw_sql` future is not
        // `Send` for every lifetime, which a job handler needs).
        for statement in [
            format!("CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"),
            format!(
                "WITH moved AS (DELETE FROM {table}_default \
                 WHERE {column} >= {from} AND {column} < {to} RETURNING *) \
                 INSERT INTO {name} SELECT * FROM moved"
            ),
            format!(
                "ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ({from}) TO ({to})"
            ),
        ] {
            run(sqlx::query(&statement), s.conn()).await?;
        }
        created.push(name);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_roll_over_the_year() {
        // 2026-12-15T00:00:00Z
        let now = 1_797_292_800_000;
        let dec = ANALYTICS_EVENTS.month(now, 0).unwrap();
        assert_eq!(dec.name, "analytics_events_y2026m12");
        assert_eq!(dec.from, 1_796_083_200_000); // 2026-12-01
        let jan = ANALYTICS_EVENTS.month(now, 1).unwrap();
        assert_eq!(jan.name, "analytics_events_y2027m01");
        assert_eq!(jan.from, dec.to);
        assert_eq!(jan.to, 1_801_440_000_000); // 2027-02-01
        assert_eq!(
            ML_REQUESTS.month(now, 1).unwrap().name,
            "ml_requests_2027_01"
        );
    }
}
