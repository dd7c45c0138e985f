//! A learner's stage progress. The partial unique index `stage_progress_one_current_key`
//! holds "one active or pending_approval stage per learner" under races.

use practicum_domain::{
    adaptive::{StageKey, StageStatus},
    identity::UserId,
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::query::{
    all, changed, count, new_id, optional, release_savepoint, rollback_to_savepoint, run,
    savepoint, AnyQuery,
};
use crate::{instrument::Timed, row::get, Session, StoreError};

#[derive(Debug, Clone)]
pub struct ProgressRecord {
    pub id: i64,
    pub user_id: UserId,
    pub track_id: i64,
    pub track_slug: String,
    pub stage_id: i64,
    pub key: StageKey,
    pub settings_version_id: i64,
    pub status: StageStatus,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
}

const SELECT: &str = "SELECT p.id, p.user_id, p.track_id, t.slug, p.stage_id, s.rank, s.level, \
     p.settings_version_id, p.status, p.started_at, p.completed_at \
     FROM stage_progress p JOIN stages s ON s.id = p.stage_id JOIN tracks t ON t.id = p.track_id";

fn from_row(r: &AnyRow) -> Result<ProgressRecord, StoreError> {
    let rank: String = get(r, "rank")?;
    let level: i64 = get(r, "level")?;
    let status: String = get(r, "status")?;
    let key = format!("{rank}_{level}").parse().map_err(
        |e: practicum_domain::adaptive::ParseStageKeyError| StoreError::Corrupt(e.to_string()),
    )?;
    Ok(ProgressRecord {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        track_id: get(r, "track_id")?,
        track_slug: get(r, "slug")?,
        stage_id: get(r, "stage_id")?,
        key,
        settings_version_id: get(r, "settings_version_id")?,
        status: status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("stage status {status}")))?,
        started_at: get(r, "started_at")?,
        completed_at: get(r, "completed_at")?,
    })
}

/// The learner's active or pending_approval stage, if any.
pub async fn current(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Option<ProgressRecord>, StoreError> {
    let filter = "AND p.status IN ('active', 'pending_approval')";
    learner_row(s.conn(), user_id, filter).await
}

/// The learner's first row after `rest` (`AND …` conditions and/or `ORDER BY …`).
async fn learner_row(
    conn: Timed<'_>,
    user_id: UserId,
    rest: &str,
) -> Result<Option<ProgressRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE p.user_id = $1 {rest}");
    optional(sqlx::query(&sql).bind(user_id.0), conn, from_row).await
}

/// The learner's most recently started stage (current or completed).
pub async fn latest(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Option<ProgressRecord>, StoreError> {
    let rest = "ORDER BY p.started_at DESC, p.id DESC LIMIT 1";
    learner_row(s.conn(), user_id, rest).await
}

pub async fn find_for_stage(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<Option<ProgressRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE p.user_id = $1 AND p.stage_id = $2");
    optional(
        sqlx::query(&sql).bind(user_id.0).bind(stage_id),
        s.conn(),
        from_row,
    )
    .await
}

/// Starts a stage as `active`. A second current stage is `stage_progress_one_current_key`;
/// the same stage twice is `stage_progress_user_stage_key`; a settings version of another
/// track breaks the composite foreign key.
pub async fn insert_active(
    s: &mut dyn Session,
    user_id: UserId,
    track_id: i64,
    stage_id: i64,
    settings_version_id: i64,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let sql = format!("{INSERT_ACTIVE} RETURNING id");
    let query = active_row(&sql, user_id, track_id, stage_id, settings_version_id, now);
    new_id(query, s.conn()).await
}

/// A new `active` progress row, bound by [`active_row`].
const INSERT_ACTIVE: &str = "INSERT INTO stage_progress (user_id, track_id, stage_id, \
     settings_version_id, status, started_at) VALUES ($1, $2, $3, $4, 'active', $5)";

/// `sql` ([`INSERT_ACTIVE`], maybe with a `RETURNING`) with the new row's values bound.
fn active_row(
    sql: &str,
    user_id: UserId,
    track_id: i64,
    stage_id: i64,
    settings_version_id: i64,
    now: Timestamp,
) -> AnyQuery<'_> {
    sqlx::query(sql)
        .bind(user_id.0)
        .bind(track_id)
        .bind(stage_id)
        .bind(settings_version_id)
        .bind(now)
}

/// Moves a progress row from `from` to `to` (the domain decided the move is legal).
/// False when the row was not in `from` any more (a concurrent decision won).
pub async fn set_status(
    s: &mut dyn Session,
    id: i64,
    from: StageStatus,
    to: StageStatus,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let completed_at = (to == StageStatus::Completed).then_some(now);
    let query = sqlx::query(
        "UPDATE stage_progress SET status = $1, completed_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(completed_at)
    .bind(id)
    .bind(from.as_str());
    changed(query, s.conn()).await
}

/// Every stage the learner has started, in order.
pub async fn history(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Vec<ProgressRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE p.user_id = $1 ORDER BY p.started_at, p.id");
    all(sqlx::query(&sql).bind(user_id.0), s.conn(), from_row).await
}

/// Places a learner on a stage unless they already have a current one: the insert runs in
/// a savepoint, so a racing placement (either unique index) leaves the caller's
/// transaction usable. True when this call placed the learner.
pub async fn place(
    s: &mut dyn Session,
    user_id: UserId,
    track_id: i64,
    stage_id: i64,
    settings_version_id: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    savepoint(s.conn()).await?;
    let inserted = active_row(
        INSERT_ACTIVE,
        user_id,
        track_id,
        stage_id,
        settings_version_id,
        now,
    )
    .execute(s.conn())
    .await
    .map_err(StoreError::from);
    match inserted {
        Ok(_) => {
            release_savepoint(s.conn()).await?;
            Ok(true)
        }
        Err(e)
            if e.is_unique_any(&[
                "stage_progress_one_current_key",
                "stage_progress_user_stage_key",
            ]) =>
        {
            rollback_to_savepoint(s.conn()).await?;
            release_savepoint(s.conn()).await?;
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Whether the learner has done anything on the adaptive path: an attempt (diagnostic or
/// exam), assigned content, or a request for approval.
pub async fn has_activity(s: &mut dyn Session, user_id: UserId) -> Result<bool, StoreError> {
    let n: i64 = count(
        sqlx::query(
            "SELECT (SELECT COUNT(*) FROM attempts WHERE user_id = $1) \
             + (SELECT COUNT(*) FROM content_batches WHERE user_id = $1) \
             + (SELECT COUNT(*) FROM approval_requests WHERE user_id = $1) AS n",
        )
        .bind(user_id.0),
        s.conn(),
    )
    .await?;
    Ok(n > 0)
}

/// Removes an untouched placement (the caller checked `has_activity`), so the learner
/// can be placed on another track.
pub async fn remove_placement(
    s: &mut dyn Session,
    user_id: UserId,
    progress_id: i64,
) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM stage_progress WHERE id = $1 AND user_id = $2")
            .bind(progress_id)
            .bind(user_id.0),
        s.conn(),
    )
    .await
}
