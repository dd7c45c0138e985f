//! The admin's view of the jobs table: list, inspect, retry a dead job.

use practicum_domain::{identity::Role, FieldErrors, Timestamp};
use practicum_store::jobs::{self, JobFilter, JobRecord};
use serde::Serialize;
use serde_json::Value;

use crate::read_model::stored_json;
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

read_model! {
    /// A job as admins see it.
    #[derive(Debug, Clone, Serialize)]
    pub struct JobView from JobRecord {
        pub id: i64,
        pub kind: String,
        pub payload: Value = stored_json,
        pub status: String,
        pub attempts: i32,
        pub max_attempts: i32,
        pub run_at: Timestamp,
        pub lease_owner: Option<String>,
        pub lease_expires_at: Option<Timestamp>,
        pub last_error: Option<String>,
        pub dedupe_key: Option<String>,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
        pub finished_at: Option<Timestamp>,
    }
}

/// Filters of `GET /admin/jobs`.
#[derive(Debug, Clone, Default)]
pub struct JobListFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
}

const STATUSES: &[&str] = &["queued", "running", "succeeded", "dead"];

impl App {
    pub async fn list_jobs(
        &self,
        actor: &Actor,
        filter: JobListFilter,
        page: PageRequest,
    ) -> Result<Page<JobView>, AppError> {
        actor.require(&[Role::Admin])?;
        if let Some(s) = &filter.status {
            if !STATUSES.contains(&s.as_str()) {
                return Err(FieldErrors::single(
                    "status",
                    format!("must be one of {}", STATUSES.join(", ")),
                )
                .into());
            }
        }
        if filter.kind.as_ref().is_some_and(|k| k.len() > 64) {
            return Err(FieldErrors::single("kind", "at most 64 characters").into());
        }
        let mut conn = self.db.read().await?;
        let (rows, total) = jobs::list(
            &mut conn,
            &JobFilter {
                status: filter.status.as_deref(),
                kind: filter.kind.as_deref(),
            },
            page.limit(),
            page.offset(),
        )
        .await?;
        Ok(Page::new(rows, total, page).convert())
    }

    pub async fn get_job(&self, actor: &Actor, id: i64) -> Result<JobView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        jobs::find(&mut conn, id)
            .await?
            .map(JobView::from)
            .ok_or(AppError::NotFound(ErrorCode::JobNotFound))
    }

    /// A dead job back to queued, due now, with its attempts reset (409 unless dead).
    pub async fn retry_job(&self, actor: &Actor, id: i64) -> Result<JobView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        if !jobs::retry_dead(&mut tx, id, self.now_ms()).await? {
            return match jobs::find(&mut tx, id).await? {
                None => Err(AppError::NotFound(ErrorCode::JobNotFound)),
                Some(j) => Err(AppError::conflict(
                    ErrorCode::JobNotDead,
                    format!("only a dead job can be retried; this one is {}", j.status),
                )),
            };
        }
        let job = jobs::find(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("retried job vanished"))?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, job_id = id, "dead job queued again");
        Ok(job.into())
    }

    /// Jobs per status, for the `/metrics` gauges.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(jobs::count_by_status(&mut conn).await?)
    }

    /// Queue lag, for the `/metrics` gauge: per job kind, how long the oldest due job has
    /// waited, in seconds; 0 for a built-in kind with nothing due.
    pub async fn job_queue_lag(&self) -> Result<Vec<(String, f64)>, AppError> {
        let now = self.now_ms();
        let mut conn = self.db.read().await?;
        let due = jobs::oldest_due_by_kind(&mut conn, now).await?;
        let mut lag: Vec<(String, f64)> = due
            .into_iter()
            .map(|(kind, since)| (kind, (now - since).max(0) as f64 / 1e3))
            .collect();
        for kind in super::JobRegistry::with_builtins().kinds() {
            if !lag.iter().any(|(k, _)| k == kind) {
                lag.push((kind.to_owned(), 0.0));
            }
        }
        lag.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(lag)
    }
}
