//! Durable background jobs: a typed registry of handlers keyed by kind, workers that
//! claim jobs with a lease and retry failures with exponential backoff, a scheduler that
//! enqueues periodic jobs once per slot across processes, the built-in kinds, and the
//! admin's views.
//!
//! Adding a kind is one registration:
//! `registry.register("analytics_refresh", |app, _payload| async move { app.refresh_analytics().await.map(drop) });`

mod admin;
mod builtin;
mod schedule;
mod worker;

use std::{collections::HashMap, future::Future, sync::Arc, time::Duration};

use futures::future::BoxFuture;
use serde_json::Value;

pub use crate::state::housekeeping::HousekeepingConfig;
pub use admin::{JobListFilter, JobView};
pub use schedule::{Schedule, DEFAULT_SCHEDULES};
pub use worker::{JobOutcome, Worker};

use crate::{App, AppError};

type HandlerFn = Arc<dyn Fn(App, Value) -> BoxFuture<'static, Result<(), AppError>> + Send + Sync>;

/// Handlers by job kind.
#[derive(Clone, Default)]
pub struct JobRegistry {
    handlers: HashMap<&'static str, HandlerFn>,
}

impl std::fmt::Debug for JobRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.handlers.keys()).finish()
    }
}

impl JobRegistry {
    /// An empty registry (tests register their own kinds).
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in kinds: `cleanup_tokens`, `cleanup_history`, `partition_upkeep`,
    /// `email_outbox`. Other contexts register theirs here too.
    pub fn with_builtins() -> Self {
        let mut r = Self::new();
        builtin::register(&mut r);
        r
    }

    /// Registers (or replaces) the handler of `kind`. A handler gets the app and the job's
    /// JSON payload; an `Err` is a failed attempt (retried with backoff). Handlers must be
    /// idempotent: a job whose worker dies mid-run is run again.
    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F) -> &mut Self
    where
        F: Fn(App, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), AppError>> + Send + 'static,
    {
        self.handlers.insert(
            kind,
            Arc::new(move |app, payload| Box::pin(handler(app, payload))),
        );
        self
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut k: Vec<_> = self.handlers.keys().copied().collect();
        k.sort_unstable();
        k
    }

    fn get(&self, kind: &str) -> Option<HandlerFn> {
        self.handlers.get(kind).cloned()
    }
}

/// Worker and scheduler tunables (settings `JOBS_*`).
#[derive(Debug, Clone)]
pub struct JobsConfig {
    /// Concurrent workers in this process; 0 runs none (and no scheduler).
    pub workers: usize,
    /// How long an idle worker waits before looking for due jobs again.
    pub poll_interval: Duration,
    /// How long a claim holds a job; a worker that dies releases it when this expires.
    pub lease: Duration,
    /// First retry delay; doubled per attempt up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Random extra delay, as a fraction of the backoff (0 = none).
    pub backoff_jitter: f64,
    /// Attempts before a job is dead.
    pub max_attempts: i32,
    /// Periodic jobs.
    pub schedules: Vec<Schedule>,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            workers: 2,
            poll_interval: Duration::from_secs(1),
            lease: Duration::from_secs(300),
            backoff_base: Duration::from_secs(10),
            backoff_max: Duration::from_secs(3600),
            backoff_jitter: 0.25,
            max_attempts: 5,
            schedules: Schedule::builtin_defaults(),
        }
    }
}

impl JobsConfig {
    /// The retry delay after failed attempt number `attempt` (1-based), before jitter.
    pub fn backoff(&self, attempt: i32) -> Duration {
        let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.backoff_base
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.backoff_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let c = JobsConfig {
            backoff_base: Duration::from_secs(10),
            backoff_max: Duration::from_secs(60),
            ..JobsConfig::default()
        };
        assert_eq!(c.backoff(1), Duration::from_secs(10));
        assert_eq!(c.backoff(2), Duration::from_secs(20));
        assert_eq!(c.backoff(3), Duration::from_secs(40));
        assert_eq!(c.backoff(4), Duration::from_secs(60));
        assert_eq!(c.backoff(99), Duration::from_secs(60));
    }
}
