//! Periodic jobs. Every process runs a scheduler; each enqueues the job of the current
//! slot (`now / every`) with the dedupe key `kind:slot`, which the `jobs` table keeps
//! unique, so each slot runs once however many processes there are.

use std::time::Duration;

use practicum_store::jobs::{self, NewJob};
use serde_json::Value;
use tokio::sync::watch;

use super::worker::duration_ms;
use crate::{App, AppError};

/// One periodic job.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub kind: String,
    pub every: Duration,
    pub payload: Value,
}

/// The default `JOBS_SCHEDULES`.
pub const DEFAULT_SCHEDULES: &str =
    "cleanup_tokens=3600,cleanup_history=86400,partition_upkeep=86400,email_outbox=30,analytics_refresh=300,analytics_partitions=86400,calibrate_items=3600";

impl Schedule {
    pub fn builtin_defaults() -> Vec<Self> {
        Self::parse_list(DEFAULT_SCHEDULES).unwrap_or_default()
    }

    /// Parses `kind=seconds,kind=seconds` (empty: none).
    pub fn parse_list(text: &str) -> Result<Vec<Self>, String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                let (kind, secs) = item
                    .split_once('=')
                    .ok_or_else(|| format!("`{item}` is not kind=seconds"))?;
                let secs: u64 = secs
                    .trim()
                    .parse()
                    .map_err(|_| format!("`{item}`: seconds must be a positive integer"))?;
                if secs == 0 || kind.trim().is_empty() || kind.len() > 64 {
                    return Err(format!("`{item}`: needs a kind and seconds > 0"));
                }
                Ok(Self {
                    kind: kind.trim().to_owned(),
                    every: Duration::from_secs(secs),
                    payload: Value::Object(serde_json::Map::new()),
                })
            })
            .collect()
    }

    /// The dedupe key of the slot containing `now`.
    pub fn slot_key(&self, now: i64) -> String {
        let every = duration_ms(self.every).max(1);
        format!("{}:{}", self.kind, now.div_euclid(every))
    }
}

impl App {
    /// Enqueues a job due at `run_at` (now when `None`); returns its id.
    pub async fn enqueue_job(
        &self,
        kind: &str,
        payload: &Value,
        run_at: Option<i64>,
        max_attempts: i32,
    ) -> Result<i64, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let id = jobs::enqueue(
            &mut tx,
            &NewJob {
                kind,
                payload: &payload.to_string(),
                run_at: run_at.unwrap_or(now),
                max_attempts: max_attempts.clamp(1, 100),
                dedupe_key: None,
            },
            now,
        )
        .await?
        .ok_or_else(|| AppError::internal("a job without a dedupe key was not inserted"))?;
        tx.commit().await?;
        Ok(id)
    }

    /// Enqueues the current slot of every schedule not enqueued yet (by any process), in
    /// one transaction; returns how many this call enqueued.
    pub async fn enqueue_scheduled(
        &self,
        schedules: &[Schedule],
        max_attempts: i32,
    ) -> Result<usize, AppError> {
        if schedules.is_empty() {
            return Ok(0);
        }
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let mut added = 0;
        for s in schedules {
            let key = s.slot_key(now);
            let inserted = jobs::enqueue(
                &mut tx,
                &NewJob {
                    kind: &s.kind,
                    payload: &s.payload.to_string(),
                    run_at: now,
                    max_attempts: max_attempts.clamp(1, 100),
                    dedupe_key: Some(&key),
                },
                now,
            )
            .await?;
            added += usize::from(inserted.is_some());
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Runs the scheduler until `shutdown` turns true, checking every `tick`.
    pub async fn run_scheduler(
        self,
        schedules: Vec<Schedule>,
        max_attempts: i32,
        tick: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        loop {
            if let Err(e) = self.enqueue_scheduled(&schedules, max_attempts).await {
                tracing::warn!(error = %e, "enqueuing periodic jobs failed");
            }
            tokio::select! {
                _ = shutdown.changed() => return,
                () = tokio::time::sleep(tick) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schedules_and_slots() {
        let s = Schedule::parse_list(" a=60, b=1 ,").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].kind, "a");
        assert_eq!(s[0].every, Duration::from_secs(60));
        assert_eq!(s[0].slot_key(119_999), "a:1");
        assert_eq!(s[0].slot_key(120_000), "a:2");
        assert!(Schedule::parse_list("a").is_err());
        assert!(Schedule::parse_list("a=0").is_err());
        assert!(Schedule::parse_list("").unwrap().is_empty());
        assert_eq!(Schedule::builtin_defaults().len(), 7);
    }
}
