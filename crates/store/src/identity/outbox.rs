//! The e-mail outbox: written in the caller's transaction, delivered by a background job.

use practicum_domain::Timestamp;

use crate::{row::get, Session, StoreError};

pub async fn enqueue(
    s: &mut dyn Session,
    recipient: &str,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO email_outbox (recipient, subject, body, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    get(&row, "id")
}

/// Number of messages not yet delivered (a gauge for operators and a test hook).
pub async fn pending_count(s: &mut dyn Session, recipient: &str) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM email_outbox WHERE recipient = $1 AND sent_at IS NULL",
    )
    .bind(recipient)
    .fetch_one(s.conn())
    .await?;
    get(&row, "n")
}
