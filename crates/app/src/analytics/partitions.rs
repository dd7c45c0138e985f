//! Monthly partitions of the event log, created ahead (PostgreSQL; no-op on SQLite).

use chrono::{Datelike, TimeZone, Utc};
use practicum_domain::Timestamp;
use practicum_store::analytics::{self, MonthPartition};

use crate::{App, AppError};

/// The partition of the month `months` after the one containing `now` (UTC).
pub(crate) fn month_partition(now: Timestamp, months: u32) -> Option<MonthPartition> {
    let t = Utc.timestamp_millis_opt(now).single()?;
    let index = t.year() * 12 + t.month0() as i32 + months as i32;
    let start = |i: i32| {
        Utc.with_ymd_and_hms(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1, 0, 0, 0)
            .single()
    };
    let from = start(index)?;
    let to = start(index + 1)?;
    Some(MonthPartition {
        name: format!("analytics_events_y{:04}m{:02}", from.year(), from.month()),
        from: from.timestamp_millis(),
        to: to.timestamp_millis(),
    })
}

impl App {
    /// Makes sure the event log has a partition for this month and each of the next
    /// `months_ahead` months (at most 24). Idempotent; returns the partitions created.
    pub async fn ensure_analytics_partitions(
        &self,
        months_ahead: u32,
    ) -> Result<Vec<String>, AppError> {
        let now = self.now_ms();
        let months: Vec<MonthPartition> = (0..=months_ahead.min(24))
            .filter_map(|m| month_partition(now, m))
            .collect();
        let mut tx = self.db.write().await?;
        let created = analytics::ensure_partitions(&mut tx, &months).await?;
        tx.commit().await?;
        Ok(created)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_roll_over_the_year() {
        // 2026-12-15T00:00:00Z
        let now = 1_797_292_800_000;
        let dec = month_partition(now, 0).unwrap();
        assert_eq!(dec.name, "analytics_events_y2026m12");
        assert_eq!(dec.from, 1_796_083_200_000); // 2026-12-01
        let jan = month_partition(now, 1).unwrap();
        assert_eq!(jan.name, "analytics_events_y2027m01");
        assert_eq!(jan.from, dec.to);
        assert_eq!(jan.to, 1_801_440_000_000); // 2027-02-01
    }
}
