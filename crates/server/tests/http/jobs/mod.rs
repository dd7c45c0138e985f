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

use practicum_api::ApiConfig;
use practicum_app::{
    jobs::{JobRegistry, JobsConfig, Worker},
    AppError,
};
use practicum_testkit::TestClock;

use crate::support::*;

/// 2027-01-15T00:00:00Z: a fixed start for the movable clock.
pub const T0: i64 = 1_800_000_000_000;

/// A test app whose clock only moves when the test says so.
pub async fn start(backend: Backend) -> Option<(TestApp, Arc<TestClock>)> {
    let clock = Arc::new(TestClock::new(T0));
    let c = Arc::clone(&clock);
    let t = TestApp::start_custom(
        backend,
        ApiConfig {
            auth_rate_limit_per_minute: 0,
            ..ApiConfig::default()
        },
        move |app| app.with_clock(c),
    )
    .await?;
    Some((t, clock))
}

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

pub fn worker(t: &TestApp, registry: &JobRegistry, config: &Arc<JobsConfig>, id: &str) -> Worker {
    Worker::new(
        t.app.clone(),
        Arc::new(registry.clone()),
        Arc::clone(config),
        id.to_owned(),
    )
}
