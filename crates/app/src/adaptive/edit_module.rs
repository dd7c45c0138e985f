//! Admin edits of a track's modules: add, rename or move, delete.

use practicum_domain::{identity::Role, FieldErrors};
use practicum_store::{adaptive::catalog, Session};

use super::{
    catalog_input::text_field,
    history_guard::{held, RETIRE_MODULE},
    track_lookup::track_by_slug,
    ModuleView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

pub(crate) async fn insert_module(
    s: &mut dyn Session,
    track_id: i64,
    name: &str,
    position: i32,
) -> Result<i64, AppError> {
    catalog::insert_module(s, track_id, name, position)
        .await
        .conflict_on(
            "track_modules_track_name_key",
            ErrorCode::ModuleExists,
            format!("the track already has a module named \"{name}\""),
        )
}

/// `PATCH /admin/tracks/{slug}/modules/{module_id}`.
#[derive(Debug, Clone, Default)]
pub struct ModuleChanges {
    pub name: Option<String>,
    pub position: Option<i32>,
}

impl App {
    /// Adds a module; a name used in the track is 409.
    pub async fn create_module(
        &self,
        actor: &Actor,
        slug: &str,
        name: &str,
        position: Option<i32>,
    ) -> Result<ModuleView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        text_field(&mut errors, "name", name, 200);
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let position = match position {
            Some(p) => p,
            None => i32::try_from(catalog::modules(&mut tx, track.id).await?.len()).unwrap_or(0),
        };
        let id = insert_module(&mut tx, track.id, name.trim(), position).await?;
        tx.commit().await?;
        Ok(ModuleView {
            module_id: id,
            name: name.trim().to_owned(),
            position,
        })
    }

    /// Renames or moves a module (404 unknown, 409 name taken, 422 empty name).
    pub async fn update_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        changes: ModuleChanges,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if let Some(name) = &changes.name {
            text_field(&mut errors, "name", name, 200);
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let name = changes.name.as_deref().map(str::trim);
        let found = catalog::update_module(&mut tx, track.id, module_id, name, changes.position)
            .await
            .conflict_on(
                "track_modules_track_name_key",
                ErrorCode::ModuleExists,
                "the track already has a module with this name",
            )?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ModuleNotFound));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a module with its questions and articles; 409 when any of them is in a
    /// learner's history.
    pub async fn delete_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
    ) -> Result<(), AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        let found = catalog::delete_module(&mut tx, track.id, module_id)
            .await
            .map_err(|e| held(e, "module", RETIRE_MODULE))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ModuleNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, module_id, "module deleted");
        Ok(())
    }
}
