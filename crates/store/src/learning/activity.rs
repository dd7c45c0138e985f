//! The activity log: a learner's events, newest first.

use practicum_domain::{analytics::EventKind, identity::UserId, Timestamp};

use crate::query::{all, count, new_id};
use crate::row::decode;
use crate::{Session, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRecord {
    pub id: i64,
    pub kind: String,
    pub course_id: Option<i64>,
    pub lesson_id: Option<i64>,
    /// A JSON object, validated before it was stored.
    pub payload: String,
    pub occurred_at: Timestamp,
}

pub struct NewActivity<'a> {
    pub user_id: UserId,
    pub kind: &'a str,
    pub course_id: Option<i64>,
    pub lesson_id: Option<i64>,
    pub payload: &'a str,
    pub now: Timestamp,
}

/// What a learner's step in a course (an enrollment, a first completion) records besides
/// its own row: their activity row (`activity_kind`, payload `{}`) and the analytics event
/// (`event`, with `amount_cents`). The step's statement writes them with it
/// ([`crate::learning::enrollments::enroll_by_slug`],
/// [`crate::learning::progress::complete_if_enrolled`]).
#[derive(Debug, Clone, Copy)]
pub struct StepLog<'a> {
    pub activity_kind: &'a str,
    pub event: EventKind,
    pub amount_cents: Option<i64>,
}

pub async fn record(s: &mut dyn Session, a: &NewActivity<'_>) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(a.user_id.0)
        .bind(a.kind)
        .bind(a.course_id)
        .bind(a.lesson_id)
        .bind(a.payload)
        .bind(a.now),
        s.conn(),
    )
    .await
}

/// One page of the user's events, newest first, and the total.
pub async fn page(
    s: &mut dyn Session,
    user_id: UserId,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ActivityRecord>, i64), StoreError> {
    let total: i64 = count(
        sqlx::query("SELECT COUNT(*) AS n FROM activity_log WHERE user_id = $1").bind(user_id.0),
        s.conn(),
    )
    .await?;
    let items = all(
        sqlx::query(
            "SELECT id, kind, course_id, lesson_id, payload, occurred_at FROM activity_log \
             WHERE user_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2 OFFSET $3",
        )
        .bind(user_id.0)
        .bind(limit)
        .bind(offset),
        s.conn(),
        decode,
    )
    .await?;
    Ok((items, total))
}
