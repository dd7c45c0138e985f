//! Approval requests: a rank transition or a graduation waiting for an admin. At most one
//! pending request per (learner, from-stage): `approval_requests_one_pending_key`.

use practicum_domain::{adaptive::StageKey, identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{all, changed, count, new_id, optional};
use crate::{row::get, Session, StoreError};

#[derive(Debug, Clone)]
pub struct ApprovalRecord {
    pub id: i64,
    pub user_id: UserId,
    pub user_email: Option<String>,
    pub kind: String,
    pub from_stage_id: i64,
    pub from_key: StageKey,
    pub to_stage_id: Option<i64>,
    pub to_key: Option<StageKey>,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
}

const SELECT: &str = "SELECT r.id, r.user_id, u.email, r.kind, r.from_stage_id, \
     fs.rank AS from_rank, fs.level AS from_level, r.to_stage_id, ts.rank AS to_rank, \
     ts.level AS to_level, r.status, r.reason, r.created_at, r.decided_at \
     FROM approval_requests r JOIN users u ON u.id = r.user_id \
     JOIN stages fs ON fs.id = r.from_stage_id LEFT JOIN stages ts ON ts.id = r.to_stage_id";

fn key(rank: &str, level: i64) -> Result<StageKey, StoreError> {
    format!("{rank}_{level}").parse().map_err(
        |e: practicum_domain::adaptive::ParseStageKeyError| StoreError::Corrupt(e.to_string()),
    )
}

fn from_row(r: &AnyRow) -> Result<ApprovalRecord, StoreError> {
    let from_rank: String = get(r, "from_rank")?;
    let to_rank: Option<String> = get(r, "to_rank")?;
    let to_level: Option<i64> = get(r, "to_level")?;
    Ok(ApprovalRecord {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        user_email: get(r, "email")?,
        kind: get(r, "kind")?,
        from_stage_id: get(r, "from_stage_id")?,
        from_key: key(&from_rank, get(r, "from_level")?)?,
        to_stage_id: get(r, "to_stage_id")?,
        to_key: match (to_rank, to_level) {
            (Some(rank), Some(level)) => Some(key(&rank, level)?),
            _ => None,
        },
        status: get(r, "status")?,
        reason: get(r, "reason")?,
        created_at: get(r, "created_at")?,
        decided_at: get(r, "decided_at")?,
    })
}

/// Opens a request; `to_stage_id` is `None` for a graduation.
pub async fn insert(
    s: &mut dyn Session,
    user_id: UserId,
    from_stage_id: i64,
    to_stage_id: Option<i64>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let kind = if to_stage_id.is_some() {
        "rank_transition"
    } else {
        "graduation"
    };
    new_id(
        sqlx::query(
            "INSERT INTO approval_requests (user_id, kind, from_stage_id, to_stage_id, status, \
             created_at) VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
        )
        .bind(user_id.0)
        .bind(kind)
        .bind(from_stage_id)
        .bind(to_stage_id)
        .bind(now),
        s.conn(),
    )
    .await
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<ApprovalRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    optional(sqlx::query(&sql).bind(id), s.conn(), from_row).await
}

/// Pending requests, oldest first, one page and the total.
pub async fn list_pending(
    s: &mut dyn Session,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ApprovalRecord>, i64), StoreError> {
    let total: i64 = count(
        sqlx::query("SELECT COUNT(*) AS n FROM approval_requests WHERE status = 'pending'"),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "{SELECT} WHERE r.status = 'pending' ORDER BY r.created_at, r.id LIMIT $1 OFFSET $2"
    );
    let rows = all(
        sqlx::query(&sql).bind(limit).bind(offset),
        s.conn(),
        from_row,
    )
    .await?;
    Ok((rows, total))
}

/// Decides a pending request. False when it was no longer pending (a racing decision won).
pub async fn decide(
    s: &mut dyn Session,
    id: i64,
    approved: bool,
    reason: Option<&str>,
    admin: UserId,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let query = sqlx::query(
        "UPDATE approval_requests SET status = $1, reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if approved { "approved" } else { "rejected" })
    .bind(reason)
    .bind(admin.0)
    .bind(now)
    .bind(id);
    changed(query, s.conn()).await
}

/// The learner's latest request from a stage, if any (to show its state).
pub async fn latest_from(
    s: &mut dyn Session,
    user_id: UserId,
    from_stage_id: i64,
) -> Result<Option<ApprovalRecord>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE r.user_id = $1 AND r.from_stage_id = $2 ORDER BY r.id DESC LIMIT 1"
    );
    optional(
        sqlx::query(&sql).bind(user_id.0).bind(from_stage_id),
        s.conn(),
        from_row,
    )
    .await
}
