//! Admin edits of a track's stages: add, delete.

use practicum_domain::identity::Role;
use practicum_store::adaptive::catalog;

use super::{
    catalog_input::stage_key,
    history_guard::{held, UNPUBLISH},
    track_lookup::track_by_slug,
    StageView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

impl App {
    /// Adds a stage (`junior_2`) to a track; an existing one is 409.
    pub async fn create_stage(
        &self,
        actor: &Actor,
        slug: &str,
        key: &str,
    ) -> Result<StageView, AppError> {
        actor.require(&[Role::Admin])?;
        let key = stage_key(key)?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let id = catalog::insert_stage(&mut tx, track.id, key)
            .await
            .conflict_on(
                "stages_track_rank_level_key",
                ErrorCode::StageExists,
                format!("the track already has {key}"),
            )?;
        tx.commit().await?;
        Ok(StageView { stage_id: id, key })
    }

    /// Deletes a stage (`junior_2`) with its questions and articles; 409 once a learner
    /// reached it. A stage has nothing else to edit: its key is its identity.
    pub async fn delete_stage(&self, actor: &Actor, slug: &str, key: &str) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let key = stage_key(key)?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let stage = catalog::stages(&mut tx, track.id)
            .await?
            .into_iter()
            .find(|s| s.key == key)
            .ok_or(AppError::NotFound(ErrorCode::StageNotFound))?;
        let found = catalog::delete_stage(&mut tx, track.id, stage.id)
            .await
            .map_err(|e| held(e, "stage", UNPUBLISH))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::StageNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, stage = %key, "stage deleted");
        Ok(())
    }
}
