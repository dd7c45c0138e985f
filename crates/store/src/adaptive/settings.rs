//! Settings versions: immutable, numbered, exactly one current per track.

use practicum_domain::{adaptive::TrackSettings, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{all, optional, run};
use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct SettingsVersionRecord {
    pub id: i64,
    pub track_id: i64,
    pub version: i64,
    pub settings: TrackSettings,
    pub is_current: bool,
    pub created_at: Timestamp,
}

fn from_row(r: &AnyRow) -> Result<SettingsVersionRecord, StoreError> {
    let json: String = get(r, "settings")?;
    Ok(SettingsVersionRecord {
        id: get(r, "id")?,
        track_id: get(r, "track_id")?,
        version: get(r, "version")?,
        settings: serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("settings version: {e}")))?,
        is_current: flag(r, "is_current")?,
        created_at: get(r, "created_at")?,
    })
}

const COLUMNS: &str = "id, track_id, version, settings, is_current, created_at";

/// Makes `settings` the track's new current version (number = last + 1). Two racing
/// creations collide on `settings_versions_track_version_key` or
/// `settings_versions_one_current_key`.
pub async fn insert_current(
    s: &mut dyn Session,
    track_id: i64,
    settings: &TrackSettings,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<SettingsVersionRecord, StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(version), 0) AS v FROM settings_versions WHERE track_id = $1",
    )
    .bind(track_id)
    .fetch_one(s.conn())
    .await?;
    let next: i64 = get::<i64>(&row, "v")? + 1;
    run(
        sqlx::query(
            "UPDATE settings_versions SET is_current = $1 WHERE track_id = $2 AND is_current = $3",
        )
        .bind(false)
        .bind(track_id)
        .bind(true),
        s.conn(),
    )
    .await?;
    let json = serde_json::to_string(settings)
        .map_err(|e| StoreError::Corrupt(format!("settings: {e}")))?;
    let sql = format!(
        "INSERT INTO settings_versions (track_id, version, settings, is_current, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(track_id)
        .bind(next)
        .bind(json)
        .bind(true)
        .bind(created_by)
        .bind(now)
        .fetch_one(s.conn())
        .await?;
    from_row(&row)
}

pub async fn current(
    s: &mut dyn Session,
    track_id: i64,
) -> Result<Option<SettingsVersionRecord>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM settings_versions WHERE track_id = $1 AND is_current = $2");
    optional(
        sqlx::query(&sql).bind(track_id).bind(true),
        s.conn(),
        from_row,
    )
    .await
}

pub async fn find(
    s: &mut dyn Session,
    id: i64,
) -> Result<Option<SettingsVersionRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM settings_versions WHERE id = $1");
    optional(sqlx::query(&sql).bind(id), s.conn(), from_row).await
}

/// Every version of a track, newest first.
pub async fn list(
    s: &mut dyn Session,
    track_id: i64,
) -> Result<Vec<SettingsVersionRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM settings_versions WHERE track_id = $1 ORDER BY version DESC"
    );
    all(sqlx::query(&sql).bind(track_id), s.conn(), from_row).await
}
