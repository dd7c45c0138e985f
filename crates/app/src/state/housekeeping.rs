//! The jobs context's state: retention and look-ahead of the built-in housekeeping jobs.

use std::time::Duration;

/// Retention and look-ahead of the built-in housekeeping jobs (settings).
#[derive(Debug, Clone)]
pub struct HousekeepingConfig {
    /// ML request history older than this is deleted by `cleanup_history`; also finished
    /// jobs.
    pub history_retention: Duration,
    /// Monthly partitions created ahead by `partition_upkeep`.
    pub partition_months_ahead: u32,
    /// Outbox messages sent per `email_outbox` run.
    pub email_batch: i64,
    /// A message that failed this many times is no longer tried.
    pub email_max_attempts: i32,
}

impl Default for HousekeepingConfig {
    fn default() -> Self {
        Self {
            history_retention: Duration::from_secs(90 * 86_400),
            partition_months_ahead: 3,
            email_batch: 50,
            email_max_attempts: 10,
        }
    }
}
