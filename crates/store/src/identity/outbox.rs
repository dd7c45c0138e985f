//! The e-mail outbox: written in the caller's transaction, delivered by a background job.

use practicum_domain::Timestamp;

use crate::query::{all, changed, count, new_id, run};
use crate::{row::decode, Session, StoreError};

pub async fn enqueue(
    s: &mut dyn Session,
    recipient: &str,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO email_outbox (recipient, subject, body, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Number of messages not yet delivered (a gauge for operators and a test hook).
pub async fn pending_count(s: &mut dyn Session, recipient: &str) -> Result<i64, StoreError> {
    let query = sqlx::query(
        "SELECT COUNT(*) AS n FROM email_outbox WHERE recipient = $1 AND sent_at IS NULL",
    )
    .bind(recipient);
    count(query, s.conn()).await
}

/// An undelivered message.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
}

/// Up to `limit` undelivered messages tried fewer than `max_attempts` times, oldest first.
pub async fn pending(
    s: &mut dyn Session,
    limit: i64,
    max_attempts: i32,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let query = sqlx::query(
        "SELECT id, recipient, subject, body, attempts FROM email_outbox \
         WHERE sent_at IS NULL AND attempts < $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(max_attempts)
    .bind(limit);
    all(query, s.conn(), decode).await
}

/// Takes the next delivery attempt of a message: counts it, only if nobody else took it
/// since `seen_attempts` was read and it is still unsent. `false`: another runner is on
/// it (so two overlapping outbox runs never send the same message twice).
pub async fn take_attempt(
    s: &mut dyn Session,
    id: i64,
    seen_attempts: i32,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE email_outbox SET attempts = attempts + 1 \
             WHERE id = $1 AND attempts = $2 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(seen_attempts),
        s.conn(),
    )
    .await
}

/// Records the result of a taken attempt: sent (`error` = `None`) or its error.
pub async fn record_result(
    s: &mut dyn Session,
    id: i64,
    error: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE email_outbox SET last_error = $2, \
             sent_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END \
             WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(error.map(|e| e.chars().take(2000).collect::<String>()))
        .bind(now),
        s.conn(),
    )
    .await
}
