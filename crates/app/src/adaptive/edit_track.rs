//! Admin edits of tracks: create (with the stages of its ranks), change, delete.

use practicum_domain::{
    adaptive::{Rank, StageKey},
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::{adaptive::catalog, Session};

use super::{
    catalog_input::text_field,
    history_guard::{held, UNPUBLISH},
    track_lookup::{track_by_slug, track_view},
    TrackView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

/// `POST /admin/tracks`.
#[derive(Debug, Clone)]
pub struct NewTrackInput {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    /// Ranks whose stages are created with the track (`trainee`, `junior`, …).
    pub ranks: Vec<String>,
}

/// `PATCH /admin/tracks/{slug}`.
#[derive(Debug, Clone, Default)]
pub struct TrackChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_published: Option<bool>,
}

/// Validates and inserts a track with the stages of its ranks; returns its id.
pub(crate) async fn create_track_in(
    tx: &mut dyn Session,
    input: &NewTrackInput,
    now: i64,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::new();
    let slug = errors.check("slug", Slug::parse(&input.slug));
    text_field(&mut errors, "title", &input.title, 200);
    let mut ranks = Vec::new();
    for (i, r) in input.ranks.iter().enumerate() {
        if let Some(rank) = errors.check(&format!("ranks[{i}]"), r.parse::<Rank>()) {
            if ranks.contains(&rank) {
                errors.push(&format!("ranks[{i}]"), "is listed twice");
            }
            ranks.push(rank);
        }
    }
    errors.into_result()?;
    let slug = slug.ok_or_else(|| AppError::internal("validated slug missing"))?;
    let id = catalog::insert_track(
        tx,
        slug.as_str(),
        input.title.trim(),
        &input.description,
        input.is_published,
        now,
    )
    .await
    .conflict_on(
        "tracks_slug_key",
        ErrorCode::TrackSlugTaken,
        "a track with this slug already exists",
    )?;
    ranks.sort();
    for rank in ranks {
        for &level in rank.levels() {
            let key = StageKey::new(rank, level).map_err(|e| AppError::internal(e.to_string()))?;
            catalog::insert_stage(tx, id, key).await?;
        }
    }
    Ok(id)
}

impl App {
    /// Creates a track, with the stages of `ranks` (every level of each rank).
    pub async fn create_track(
        &self,
        actor: &Actor,
        input: NewTrackInput,
    ) -> Result<TrackView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let id = create_track_in(&mut tx, &input, self.now_ms()).await?;
        let track = catalog::find_track(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("track vanished"))?;
        let view = track_view(&mut tx, track).await?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %view.slug, "track created");
        Ok(view)
    }

    pub async fn update_track(
        &self,
        actor: &Actor,
        slug: &str,
        changes: TrackChanges,
    ) -> Result<TrackView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if let Some(t) = &changes.title {
            text_field(&mut errors, "title", t, 200);
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        catalog::update_track(
            &mut tx,
            track.id,
            changes.title.as_deref().map(str::trim),
            changes.description.as_deref(),
            changes.is_published,
            self.now_ms(),
        )
        .await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let view = track_view(&mut tx, track).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Deletes a track with its stages, modules, bank and settings; 409 once any learner
    /// has reached one of its stages (unpublish it instead).
    pub async fn delete_track(&self, actor: &Actor, slug: &str) -> Result<(), AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        let found = catalog::delete_track(&mut tx, track.id)
            .await
            .map_err(|e| held(e, "track", UNPUBLISH))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::TrackNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, "track deleted");
        Ok(())
    }
}
