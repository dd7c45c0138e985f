//! Background jobs: retries with backoff, dead jobs, crash recovery, concurrent claims,
//! periodic dedupe, the built-in kinds, and `/admin/jobs`.

mod admin;
mod builtin;
mod lifecycle;
mod metrics;

use std::{
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc,
    },
    time::Duration,
};

use practicum_app::{
    jobs::{JobRegistry, JobsConfig, Worker},
    AppError,
};
use serde_json::Value;

use crate::support::*;

pub fn config(max_attempts: i32) -> Arc<JobsConfig> {
    Arc::new(JobsConfig {
        workers: 1,
        lease: Duration::from_secs(60),
        backoff_base: Duration::from_secs(10),
        backoff_max: Duration::from_secs(3600),
        backoff_jitter: 0.5,
        max_attempts,
        schedules: Vec::new(),
        ..JobsConfig::default()
    })
}

/// A registry with `flaky`, which fails its first `failures` runs, and the call counter.
pub fn flaky_registry(failures: u32) -> (JobRegistry, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let c = Arc::clone(&calls);
    let mut r = JobRegistry::new();
    r.register("flaky", move |_app, _payload| {
        let c = Arc::clone(&c);
        async move {
            if c.fetch_add(1, Ordering::SeqCst) < failures {
                Err(AppError::internal("boom"))
            } else {
                Ok(())
            }
        }
    });
    (r, calls)
}

/// A worker (`w1`) over [`flaky_registry`]`(failures)` that gives up after `max_attempts`;
/// returns it with the registry's call counter.
pub fn flaky_worker(t: &TestApp, failures: u32, max_attempts: i32) -> (Worker, Arc<AtomicU32>) {
    let (registry, calls) = flaky_registry(failures);
    (worker(t, &registry, &config(max_attempts), "w1"), calls)
}

/// Enqueues a `kind` job due at `run_at` (now when `None`); returns its id.
pub async fn enqueue(
    t: &TestApp,
    kind: &str,
    payload: Value,
    run_at: Option<i64>,
    max_attempts: i32,
) -> i64 {
    t.app
        .enqueue_job(kind, &payload, run_at, max_attempts)
        .await
        .expect("enqueue")
}

pub fn worker(t: &TestApp, registry: &JobRegistry, config: &Arc<JobsConfig>, id: &str) -> Worker {
    Worker::new(
        t.app.clone(),
        Arc::new(registry.clone()),
        Arc::clone(config),
        id.to_owned(),
    )
}
