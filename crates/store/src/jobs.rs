//! Durable background jobs: enqueue, claim with a lease, complete or fail while holding
//! it, and the admin's views. Claiming is the one statement where the backends differ:
//! PostgreSQL locks the chosen row with `FOR UPDATE SKIP LOCKED`, so concurrent claimers
//! pass over each other's rows; SQLite runs the same statement inside its single-writer
//! `BEGIN IMMEDIATE` transaction, where no other writer can interleave.

use practicum_domain::Timestamp;

use crate::query::{affected, all, changed, count, optional, run};
use crate::row::decode;
use crate::{row::get, Backend, Db, Session, StoreError};

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRecord {
    pub id: i64,
    pub kind: String,
    /// JSON text.
    pub payload: String,
    /// `queued`, `running`, `succeeded` or `dead`.
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

/// Proof of a claim: completion and failure only apply while the job still carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub job_id: i64,
    pub owner: String,
    pub attempt: i32,
}

impl JobRecord {
    pub fn lease(&self) -> Option<Lease> {
        self.lease_owner.as_ref().map(|owner| Lease {
            job_id: self.id,
            owner: owner.clone(),
            attempt: self.attempts,
        })
    }
}

const COLUMNS: &str = "id, kind, payload, status, attempts, max_attempts, run_at, lease_owner, \
                       lease_expires_at, last_error, dedupe_key, created_at, updated_at, finished_at";

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub run_at: Timestamp,
    pub max_attempts: i32,
    /// Unique when set: a second job with the same key is not enqueued.
    pub dedupe_key: Option<&'a str>,
}

/// Enqueues a job, in the caller's transaction. With a `dedupe_key` already taken nothing
/// is inserted and `None` comes back (the periodic scheduler relies on this: several
/// processes enqueue each slot once).
pub async fn enqueue(
    s: &mut dyn Session,
    job: &NewJob<'_>,
    now: Timestamp,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, dedupe_key, \
         created_at, updated_at) VALUES ($1, $2, 'queued', 0, $3, $4, $5, $6, $6) \
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(job.kind)
    .bind(job.payload)
    .bind(job.max_attempts)
    .bind(job.run_at)
    .bind(job.dedupe_key)
    .bind(now)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| get(&r, "id")).transpose()
}

/// Claims the next due job for `owner` until `lease_until`: a queued job whose `run_at`
/// has come, or a running one whose lease expired (its worker died) and that has attempts
/// left. Jobs whose lease expired on their last attempt are declared dead first. One
/// transaction of its own.
pub async fn claim(
    db: &Db,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<JobRecord>, StoreError> {
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let mut tx = db.write().await?;
    run(
        sqlx::query(
            "UPDATE jobs SET status = 'dead', lease_owner = NULL, lease_expires_at = NULL, \
             finished_at = $1, updated_at = $1, \
             last_error = COALESCE(last_error || ' / ', '') || 'lease expired on the last attempt' \
             WHERE status = 'running' AND lease_expires_at <= $1 AND attempts >= max_attempts",
        )
        .bind(now),
        tx.conn(),
    )
    .await?;
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = $2, \
         lease_expires_at = $3, updated_at = $1 \
         WHERE id = (SELECT id FROM jobs \
                     WHERE (status = 'queued' AND run_at <= $1) \
                        OR (status = 'running' AND lease_expires_at <= $1) \
                     ORDER BY run_at, id LIMIT 1{lock}) \
         RETURNING {COLUMNS}"
    );
    let claim = sqlx::query(&sql).bind(now).bind(owner).bind(lease_until);
    let job = optional(claim, tx.conn(), decode).await?;
    tx.commit().await?;
    Ok(job)
}

/// Marks the job succeeded if `lease` still holds it. `false`: the lease was lost (it
/// expired and another worker claimed the job), and nothing changed.
pub async fn complete(
    s: &mut dyn Session,
    lease: &Lease,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE jobs SET status = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, \
             finished_at = $4, updated_at = $4 \
             WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3",
        )
        .bind(lease.job_id)
        .bind(&lease.owner)
        .bind(lease.attempt)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Records a failed attempt if `lease` still holds the job: back to queued at `retry_at`,
/// or dead when it was the last attempt. Returns the new status, `None` if the lease was
/// lost.
pub async fn fail(
    s: &mut dyn Session,
    lease: &Lease,
    error: &str,
    retry_at: Timestamp,
    now: Timestamp,
) -> Result<Option<String>, StoreError> {
    let error: String = error.chars().take(2000).collect();
    let row = sqlx::query(
        "UPDATE jobs SET \
           status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
           run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE $4 END, \
           finished_at = CASE WHEN attempts >= max_attempts THEN $5 ELSE NULL END, \
           lease_owner = NULL, lease_expires_at = NULL, last_error = $6, updated_at = $5 \
         WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3 \
         RETURNING status",
    )
    .bind(lease.job_id)
    .bind(&lease.owner)
    .bind(lease.attempt)
    .bind(retry_at)
    .bind(now)
    .bind(error)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| get(&r, "status")).transpose()
}

/// Extends a held lease (long jobs); `false` if it was lost.
pub async fn extend_lease(
    s: &mut dyn Session,
    lease: &Lease,
    until: Timestamp,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE jobs SET lease_expires_at = $4, updated_at = $5 \
             WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3",
        )
        .bind(lease.job_id)
        .bind(&lease.owner)
        .bind(lease.attempt)
        .bind(until)
        .bind(now),
        s.conn(),
    )
    .await
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<JobRecord>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
        .bind(id)
        .fetch_optional(s.conn())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Filters of the admin listing.
#[derive(Debug, Clone, Default)]
pub struct JobFilter<'a> {
    pub status: Option<&'a str>,
    pub kind: Option<&'a str>,
}

/// Newest first, with the total.
pub async fn list(
    s: &mut dyn Session,
    filter: &JobFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<JobRecord>, i64), StoreError> {
    const WHERE: &str = "($1 IS NULL OR status = $1) AND ($2 IS NULL OR kind = $2)";
    let sql =
        format!("SELECT {COLUMNS} FROM jobs WHERE {WHERE} ORDER BY id DESC LIMIT $3 OFFSET $4");
    let page = sqlx::query(&sql).bind(filter.status).bind(filter.kind);
    let jobs = all(page.bind(limit).bind(offset), s.conn(), decode).await?;
    let sql = format!("SELECT COUNT(*) AS n FROM jobs WHERE {WHERE}");
    let total = count(
        sqlx::query(&sql).bind(filter.status).bind(filter.kind),
        s.conn(),
    )
    .await?;
    Ok((jobs, total))
}

/// A dead job back to queued, due now, with a fresh set of attempts. `false` unless it
/// was dead.
pub async fn retry_dead(s: &mut dyn Session, id: i64, now: Timestamp) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, finished_at = NULL, \
             updated_at = $2 WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Jobs per status (for the gauges): one grouped query.
pub async fn count_by_status(s: &mut dyn Session) -> Result<Vec<(String, i64)>, StoreError> {
    let query = sqlx::query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status");
    all(query, s.conn(), |r| Ok((get(r, "status")?, get(r, "n")?))).await
}

/// Deletes finished (succeeded) jobs that ended before `before`; dead ones stay for the
/// admin to look at.
pub async fn delete_finished(s: &mut dyn Session, before: Timestamp) -> Result<u64, StoreError> {
    affected(
        sqlx::query("DELETE FROM jobs WHERE status = 'succeeded' AND finished_at < $1")
            .bind(before),
        s.conn(),
    )
    .await
}

/// For each kind with a due job (queued and `run_at` passed, or running with an expired
/// lease: what [`claim`] would take), when the oldest of them became due.
pub async fn oldest_due_by_kind(
    s: &mut dyn Session,
    now: Timestamp,
) -> Result<Vec<(String, Timestamp)>, StoreError> {
    let rows = sqlx::query(
        "SELECT kind, MIN(CASE WHEN status = 'queued' THEN run_at ELSE lease_expires_at END) \
         AS due_since FROM jobs \
         WHERE (status = 'queued' AND run_at <= $1) \
            OR (status = 'running' AND lease_expires_at <= $1) \
         GROUP BY kind",
    )
    .bind(now)
    .fetch_all(s.conn())
    .await?;
    rows.iter()
        .map(|r| Ok((get(r, "kind")?, get(r, "due_since")?)))
        .collect()
}
