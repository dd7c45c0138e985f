//! Monthly partitions of the event log, created ahead (PostgreSQL; no-op on SQLite).

use practicum_store::partitions::{self, ANALYTICS_EVENTS};

use crate::{App, AppError};

impl App {
    /// Makes sure the event log has a partition for this month and each of the next
    /// `months_ahead` months (at most 24). Idempotent; returns the partitions created.
    pub async fn ensure_analytics_partitions(
        &self,
        months_ahead: u32,
    ) -> Result<Vec<String>, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let created =
            partitions::ensure_monthly(&mut tx, &ANALYTICS_EVENTS, now, months_ahead.min(24))
                .await?;
        tx.commit().await?;
        Ok(created)
    }
}
