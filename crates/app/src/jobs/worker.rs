//! A worker: claims one due job at a time with a lease, runs its handler, and records
//! the result only while it still holds the lease.

use std::{sync::Arc, time::Instant};

use practicum_store::jobs::{self, JobRecord, Lease};
use tokio::sync::watch;

use super::{JobRegistry, JobsConfig};
use crate::{App, AppError};

/// What became of one claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Succeeded {
        id: i64,
        kind: String,
    },
    /// Failed; queued again for `run_at`.
    Retrying {
        id: i64,
        kind: String,
        attempt: i32,
        run_at: i64,
        error: String,
    },
    /// Failed on its last attempt.
    Dead {
        id: i64,
        kind: String,
        error: String,
    },
    /// The lease expired and another worker took the job: this result was not recorded.
    LeaseLost {
        id: i64,
        kind: String,
    },
}

impl JobOutcome {
    fn label(&self) -> &'static str {
        match self {
            JobOutcome::Succeeded { .. } => "succeeded",
            JobOutcome::Retrying { .. } => "retried",
            JobOutcome::Dead { .. } => "dead",
            JobOutcome::LeaseLost { .. } => "lease_lost",
        }
    }
}

/// One worker; several may run in a process and across processes.
#[derive(Clone)]
pub struct Worker {
    app: App,
    registry: Arc<JobRegistry>,
    config: Arc<JobsConfig>,
    id: String,
}

impl Worker {
    /// `id` names the lease owner (process and worker number) in the jobs table.
    pub fn new(app: App, registry: Arc<JobRegistry>, config: Arc<JobsConfig>, id: String) -> Self {
        Self {
            app,
            registry,
            config,
            id,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Claims the next due job (or a job whose lease expired), holding it for the
    /// configured lease.
    pub async fn claim(&self) -> Result<Option<JobRecord>, AppError> {
        let now = self.app.now_ms();
        let until = now + duration_ms(self.config.lease);
        Ok(jobs::claim(&self.app.db, &self.id, now, until).await?)
    }

    /// Runs a claimed job's handler and records the result.
    pub async fn execute(&self, job: JobRecord) -> Result<JobOutcome, AppError> {
        let started = Instant::now();
        let result = match self.registry.get(&job.kind) {
            Some(handler) => {
                let payload = serde_json::from_str(&job.payload).unwrap_or(serde_json::Value::Null);
                // A task of its own, so that a panicking handler is a failed attempt.
                // Off the request path: on SQLite its long statements leave the
                // runtime's worker thread to the requests while they run (ADR 0057).
                let task = tokio::spawn(practicum_store::instrument::off_request_path(handler(
                    self.app.clone(),
                    payload,
                )));
                match self.keep_lease(&job, task).await {
                    Ok(r) => r.map_err(|e| e.to_string()),
                    Err(e) => Err(format!("the handler panicked: {e}")),
                }
            }
            None => Err(format!(
                "no handler is registered for the kind {}",
                job.kind
            )),
        };
        metrics::histogram!("job_duration_seconds", "kind" => job.kind.clone())
            .record(started.elapsed().as_secs_f64());
        let outcome = self.finish(&job, result).await?;
        metrics::counter!("jobs_processed_total", "kind" => job.kind.clone(), "outcome" => outcome.label())
            .increment(1);
        match &outcome {
            JobOutcome::Succeeded { .. } => {
                tracing::debug!(job_id = job.id, kind = %job.kind, "job succeeded")
            }
            JobOutcome::Retrying {
                error,
                run_at,
                attempt,
                ..
            } => {
                tracing::warn!(job_id = job.id, kind = %job.kind, attempt, run_at, %error, "job failed; will retry")
            }
            JobOutcome::Dead { error, .. } => {
                tracing::error!(job_id = job.id, kind = %job.kind, %error, "job failed on its last attempt")
            }
            JobOutcome::LeaseLost { .. } => {
                tracing::warn!(job_id = job.id, kind = %job.kind, "job lease was lost; its result is discarded")
            }
        }
        Ok(outcome)
    }

    /// Waits for the handler, extending the lease every third of its length so that a
    /// long job is not taken over while its worker is alive. A lost lease is noticed when
    /// the result is recorded.
    async fn keep_lease(
        &self,
        job: &JobRecord,
        mut task: tokio::task::JoinHandle<Result<(), AppError>>,
    ) -> Result<Result<(), AppError>, tokio::task::JoinError> {
        let Some(lease) = job.lease() else {
            return task.await;
        };
        let every = (self.config.lease / 3).max(std::time::Duration::from_millis(100));
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                r = &mut task => return r,
                _ = tick.tick() => {
                    let now = self.app.now_ms();
                    let until = now + duration_ms(self.config.lease);
                    let extended = async {
                        let mut tx = self.app.db.write().await?;
                        let ok = jobs::extend_lease(&mut tx, &lease, until, now).await?;
                        tx.commit().await?;
                        Ok::<bool, practicum_store::StoreError>(ok)
                    };
                    match extended.await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(job_id = job.id, "job lease lost while running"),
                        Err(e) => tracing::warn!(job_id = job.id, error = %e, "extending a job lease failed"),
                    }
                }
            }
        }
    }

    /// Records the result of a claimed job, only while this claim still holds it.
    pub async fn finish(
        &self,
        job: &JobRecord,
        result: Result<(), String>,
    ) -> Result<JobOutcome, AppError> {
        let lease = job.lease().filter(|l| l.owner == self.id).unwrap_or(Lease {
            job_id: job.id,
            owner: self.id.clone(),
            attempt: job.attempts,
        });
        let now = self.app.now_ms();
        let (id, kind) = (job.id, job.kind.clone());
        let mut tx = self.app.db.write().await?;
        let outcome = match result {
            Ok(()) => {
                if jobs::complete(&mut tx, &lease, now).await? {
                    JobOutcome::Succeeded { id, kind }
                } else {
                    JobOutcome::LeaseLost { id, kind }
                }
            }
            Err(error) => {
                let run_at = now + self.retry_delay_ms(lease.attempt);
                match jobs::fail(&mut tx, &lease, &error, run_at, now)
                    .await?
                    .as_deref()
                {
                    Some("dead") => JobOutcome::Dead { id, kind, error },
                    Some(_) => JobOutcome::Retrying {
                        id,
                        kind,
                        attempt: lease.attempt,
                        run_at,
                        error,
                    },
                    None => JobOutcome::LeaseLost { id, kind },
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    fn retry_delay_ms(&self, attempt: i32) -> i64 {
        let base = duration_ms(self.config.backoff(attempt));
        let jitter = self.config.backoff_jitter.clamp(0.0, 1.0);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_precision_loss,
            reason = "a delay in ms, far below 2^52"
        )]
        let extra = (base as f64 * jitter * rand::random::<f64>()) as i64;
        base + extra
    }

    /// Claims and runs one job; `None` when nothing is due.
    pub async fn run_once(&self) -> Result<Option<JobOutcome>, AppError> {
        match self.claim().await? {
            Some(job) => self.execute(job).await.map(Some),
            None => Ok(None),
        }
    }

    /// Works until `shutdown` turns true; a job in progress is finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, "job worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            let idle = match self.run_once().await {
                Ok(Some(_)) => false,
                Ok(None) => true,
                Err(e) => {
                    tracing::warn!(worker = %self.id, error = %e, "job worker error");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = shutdown.changed() => {}
                    () = tokio::time::sleep(self.config.poll_interval) => {}
                }
            }
        }
        tracing::info!(worker = %self.id, "job worker stopped");
    }
}

pub(crate) fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}
