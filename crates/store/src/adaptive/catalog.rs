//! Tracks, stages, modules, the question bank and articles.

use practicum_domain::{
    adaptive::{Rank, StageKey},
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::query::{all, changed, count, new_id, optional};
use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct TrackRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    pub created_at: Timestamp,
}

const TRACK_COLUMNS: &str = "id, slug, title, description, is_published, created_at";

fn track_from_row(r: &AnyRow) -> Result<TrackRecord, StoreError> {
    Ok(TrackRecord {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        description: get(r, "description")?,
        is_published: flag(r, "is_published")?,
        created_at: get(r, "created_at")?,
    })
}

/// Inserts a track; a taken slug is `tracks_slug_key`.
pub async fn insert_track(
    s: &mut dyn Session,
    slug: &str,
    title: &str,
    description: &str,
    is_published: bool,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO tracks (slug, title, description, is_published, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(slug)
        .bind(title)
        .bind(description)
        .bind(is_published)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Changes a track's texts or publication; `None` keeps a field. False when no such track.
pub async fn update_track(
    s: &mut dyn Session,
    id: i64,
    title: Option<&str>,
    description: Option<&str>,
    is_published: Option<bool>,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let query = sqlx::query(
        "UPDATE tracks SET title = COALESCE($1, title), description = COALESCE($2, description), \
         is_published = CASE WHEN $3 = 1 THEN $4 ELSE is_published END, updated_at = $5 \
         WHERE id = $6",
    )
    .bind(title)
    .bind(description)
    .bind(i64::from(is_published.is_some()))
    .bind(is_published.unwrap_or(false))
    .bind(now)
    .bind(id);
    changed(query, s.conn()).await
}

pub async fn find_track_by_slug(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE slug = $1");
    optional(sqlx::query(&sql).bind(slug), s.conn(), track_from_row).await
}

pub async fn find_track(s: &mut dyn Session, id: i64) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE id = $1");
    optional(sqlx::query(&sql).bind(id), s.conn(), track_from_row).await
}

/// One page of tracks in creation order (only published ones unless `all`) and the total.
pub async fn list_tracks(
    s: &mut dyn Session,
    all: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TrackRecord>, i64), StoreError> {
    let filter = "($1 = 1 OR is_published = $2)";
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM tracks WHERE {filter}"))
            .bind(i64::from(all))
            .bind(true),
        s.conn(),
    )
    .await?;
    let sql =
        format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE {filter} ORDER BY id LIMIT $3 OFFSET $4");
    let rows = crate::query::all(
        sqlx::query(&sql)
            .bind(i64::from(all))
            .bind(true)
            .bind(limit)
            .bind(offset),
        s.conn(),
        track_from_row,
    )
    .await?;
    Ok((rows, total))
}

/// The stages of several tracks in one query, each track's in path order.
pub async fn stages_of_tracks(
    s: &mut dyn Session,
    track_ids: &[i64],
) -> Result<Vec<StageRecord>, StoreError> {
    if track_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, track_id, rank, level FROM stages WHERE track_id IN ({})",
        super::id_list(track_ids)
    );
    let mut out: Vec<StageRecord> = all(sqlx::query(&sql), s.conn(), stage_from_row).await?;
    out.sort_by_key(|st| (st.track_id, st.key));
    Ok(out)
}

/// The modules of several tracks in one query, each track's in order.
pub async fn modules_of_tracks(
    s: &mut dyn Session,
    track_ids: &[i64],
) -> Result<Vec<ModuleRecord>, StoreError> {
    if track_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, track_id, name, position FROM track_modules WHERE track_id IN ({}) \
         ORDER BY track_id, position, id",
        super::id_list(track_ids)
    );
    all(sqlx::query(&sql), s.conn(), module_from_row).await
}

/// The platform's default track for a new learner: the oldest published track that has
/// stages (with `trainee_0`) and a current settings version.
pub async fn default_track(s: &mut dyn Session) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!(
        "SELECT {TRACK_COLUMNS} FROM tracks t WHERE t.is_published = $1 \
         AND EXISTS (SELECT 1 FROM stages st WHERE st.track_id = t.id AND st.rank = 'trainee') \
         AND EXISTS (SELECT 1 FROM settings_versions v WHERE v.track_id = t.id AND v.is_current = $1) \
         ORDER BY t.id LIMIT 1"
    );
    optional(sqlx::query(&sql).bind(true), s.conn(), track_from_row).await
}

#[derive(Debug, Clone, Copy)]
pub struct StageRecord {
    pub id: i64,
    pub track_id: i64,
    pub key: StageKey,
}

fn stage_from_row(r: &AnyRow) -> Result<StageRecord, StoreError> {
    let rank: String = get(r, "rank")?;
    let level: i64 = get(r, "level")?;
    let rank: Rank = rank
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("rank {rank}")))?;
    let key = StageKey::new(rank, u8::try_from(level).unwrap_or(u8::MAX))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(StageRecord {
        id: get(r, "id")?,
        track_id: get(r, "track_id")?,
        key,
    })
}

/// Inserts a stage; a repeated (rank, level) is `stages_track_rank_level_key`.
pub async fn insert_stage(
    s: &mut dyn Session,
    track_id: i64,
    key: StageKey,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query("INSERT INTO stages (track_id, rank, level) VALUES ($1, $2, $3) RETURNING id")
            .bind(track_id)
            .bind(key.rank().as_str())
            .bind(i64::from(key.level())),
        s.conn(),
    )
    .await
}

/// A track's stages in path order.
pub async fn stages(s: &mut dyn Session, track_id: i64) -> Result<Vec<StageRecord>, StoreError> {
    let mut out: Vec<StageRecord> = all(
        sqlx::query("SELECT id, track_id, rank, level FROM stages WHERE track_id = $1")
            .bind(track_id),
        s.conn(),
        stage_from_row,
    )
    .await?;
    out.sort_by_key(|st| st.key);
    Ok(out)
}

pub async fn find_stage(s: &mut dyn Session, id: i64) -> Result<Option<StageRecord>, StoreError> {
    optional(
        sqlx::query("SELECT id, track_id, rank, level FROM stages WHERE id = $1").bind(id),
        s.conn(),
        stage_from_row,
    )
    .await
}

#[derive(Debug, Clone)]
pub struct ModuleRecord {
    pub id: i64,
    pub track_id: i64,
    pub name: String,
    pub position: i32,
}

/// Inserts a module; a repeated name is `track_modules_track_name_key`.
pub async fn insert_module(
    s: &mut dyn Session,
    track_id: i64,
    name: &str,
    position: i32,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO track_modules (track_id, name, position) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(track_id)
        .bind(name)
        .bind(i64::from(position)),
        s.conn(),
    )
    .await
}

/// A track's modules in order (position, then id).
pub async fn modules(s: &mut dyn Session, track_id: i64) -> Result<Vec<ModuleRecord>, StoreError> {
    all(
        sqlx::query(
            "SELECT id, track_id, name, position FROM track_modules WHERE track_id = $1 \
             ORDER BY position, id",
        )
        .bind(track_id),
        s.conn(),
        module_from_row,
    )
    .await
}

/// [`stages`] and [`modules`] of a track in one statement (a `UNION ALL` tagged by
/// `part`): the stages in key order, the modules in order.
pub async fn stages_and_modules(
    s: &mut dyn Session,
    track_id: i64,
) -> Result<(Vec<StageRecord>, Vec<ModuleRecord>), StoreError> {
    let rows = sqlx::query(
        "SELECT 0 AS part, id, track_id, rank, level, NULL AS name, NULL AS position \
         FROM stages WHERE track_id = $1 \
         UNION ALL SELECT 1 AS part, id, track_id, NULL, NULL, name, position \
         FROM track_modules WHERE track_id = $1 ORDER BY part, position, id",
    )
    .bind(track_id)
    .fetch_all(s.conn())
    .await?;
    let (mut stages, mut modules) = (Vec::new(), Vec::new());
    for r in &rows {
        let part: i64 = get(r, "part")?;
        if part == 0 {
            stages.push(stage_from_row(r)?);
        } else {
            modules.push(module_from_row(r)?);
        }
    }
    stages.sort_by_key(|st: &StageRecord| st.key);
    Ok((stages, modules))
}

fn module_from_row(r: &AnyRow) -> Result<ModuleRecord, StoreError> {
    let position: i64 = get(r, "position")?;
    Ok(ModuleRecord {
        id: get(r, "id")?,
        track_id: get(r, "track_id")?,
        name: get(r, "name")?,
        position: i32::try_from(position).unwrap_or(i32::MAX),
    })
}

/// Renames or moves a module of `track_id` (each when given); a name used in the track
/// is `track_modules_track_name_key`. False when no such module.
pub async fn update_module(
    s: &mut dyn Session,
    track_id: i64,
    module_id: i64,
    name: Option<&str>,
    position: Option<i32>,
) -> Result<bool, StoreError> {
    let query = sqlx::query(
        "UPDATE track_modules SET name = COALESCE($3, name), position = COALESCE($4, position) \
         WHERE id = $1 AND track_id = $2",
    )
    .bind(module_id)
    .bind(track_id)
    .bind(name)
    .bind(position.map(i64::from));
    changed(query, s.conn()).await
}

/// Deletes a module of `track_id` with its questions and articles. Anything of it in a
/// learner's history (a question asked, an article assigned) keeps it through foreign
/// keys: [`StoreError::ForeignKey`]. False when no such module.
pub async fn delete_module(
    s: &mut dyn Session,
    track_id: i64,
    module_id: i64,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query("DELETE FROM track_modules WHERE id = $1 AND track_id = $2")
            .bind(module_id)
            .bind(track_id),
        s.conn(),
    )
    .await
}

/// Deletes a track with everything in it. A stage any learner reached is held by
/// `stage_progress_stage_fkey` (RESTRICT): [`StoreError::ForeignKey`]. False when no
/// such track.
pub async fn delete_track(s: &mut dyn Session, track_id: i64) -> Result<bool, StoreError> {
    changed(
        sqlx::query("DELETE FROM tracks WHERE id = $1").bind(track_id),
        s.conn(),
    )
    .await
}

/// Deletes a stage of `track_id` with its questions and articles; held like
/// [`delete_track`]. False when no such stage.
pub async fn delete_stage(
    s: &mut dyn Session,
    track_id: i64,
    stage_id: i64,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query("DELETE FROM stages WHERE id = $1 AND track_id = $2")
            .bind(stage_id)
            .bind(track_id),
        s.conn(),
    )
    .await
}

/// Module names by id (one query).
pub async fn module_names(
    s: &mut dyn Session,
    ids: &[i64],
) -> Result<std::collections::BTreeMap<i64, String>, StoreError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    all(
        sqlx::query(&format!(
            "SELECT id, name FROM track_modules WHERE id IN ({})",
            super::id_list(ids)
        )),
        s.conn(),
        |r| Ok((get(r, "id")?, get(r, "name")?)),
    )
    .await
}
