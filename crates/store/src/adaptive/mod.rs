//! Adaptive learning: the catalog (tracks, stages, modules, questions, articles), settings
//! versions, learners' stage progress, attempts, assigned content and approval requests;
//! the learner model (estimates, responses, calibrations) and spaced-review cards.

pub mod approvals;
pub mod articles;
pub mod attempts;
pub mod bank;
pub mod calibration;
pub mod catalog;
pub mod content;
pub mod mastery;
pub mod progress;
pub mod review;
pub mod settings;

use crate::{instrument::Timed, query::changed, StoreError};

/// Ids are integers we hold, so inlining them is safe and keeps one query per list.
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Bank questions and articles belong to a track through their module (`$1`).
const IN_TRACK: &str = "module_id IN (SELECT id FROM track_modules WHERE track_id = $1)";

/// Retires or reactivates a row of `table` (`questions` or `articles`) of `track_id`.
/// False when the track has no such row.
pub(crate) async fn set_active_in_track(
    conn: Timed<'_>,
    table: &'static str,
    track_id: i64,
    id: i64,
    active: bool,
) -> Result<bool, StoreError> {
    let sql = format!("UPDATE {table} SET is_active = $2 WHERE id = $3 AND {IN_TRACK}");
    changed(sqlx::query(&sql).bind(track_id).bind(active).bind(id), conn).await
}

/// Deletes a row of `table` (`questions` or `articles`) of `track_id`. False when the
/// track has no such row.
pub(crate) async fn delete_in_track(
    conn: Timed<'_>,
    table: &'static str,
    track_id: i64,
    id: i64,
) -> Result<bool, StoreError> {
    let sql = format!("DELETE FROM {table} WHERE id = $2 AND {IN_TRACK}");
    changed(sqlx::query(&sql).bind(track_id).bind(id), conn).await
}
