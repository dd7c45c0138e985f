//! Finding a track by slug and building its view: what the catalog use-cases share.

use practicum_domain::identity::Role;
use practicum_store::{
    adaptive::catalog::{self, TrackRecord},
    Session, Tx,
};

use super::{ModuleView, StageView, TrackView};
use crate::AppError;
use crate::ErrorCode;
use crate::{identity::Actor, App};

pub(crate) async fn track_by_slug(
    s: &mut dyn Session,
    slug: &str,
) -> Result<TrackRecord, AppError> {
    catalog::find_track_by_slug(s, slug)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::TrackNotFound))
}

impl App {
    /// Opens an admin's edit of the track `slug`: 403 for anyone else, 404 for an unknown
    /// track; the transaction and the track.
    pub(crate) async fn admin_track(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> Result<(Tx, TrackRecord), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        Ok((tx, track))
    }
}

pub(crate) async fn track_view(s: &mut dyn Session, t: TrackRecord) -> Result<TrackView, AppError> {
    Ok(track_views(s, vec![t]).await?.remove(0))
}

/// Tracks with their stages and modules in three queries whatever their number.
pub(crate) async fn track_views(
    s: &mut dyn Session,
    tracks: Vec<TrackRecord>,
) -> Result<Vec<TrackView>, AppError> {
    let ids: Vec<i64> = tracks.iter().map(|t| t.id).collect();
    let stages = catalog::stages_of_tracks(s, &ids).await?;
    let modules = catalog::modules_of_tracks(s, &ids).await?;
    Ok(tracks
        .into_iter()
        .map(|t| TrackView {
            stages: stages
                .iter()
                .filter(|st| st.track_id == t.id)
                .map(|st| StageView {
                    stage_id: st.id,
                    key: st.key,
                })
                .collect(),
            modules: modules
                .iter()
                .filter(|m| m.track_id == t.id)
                .map(|m| ModuleView {
                    module_id: m.id,
                    name: m.name.clone(),
                    position: m.position,
                })
                .collect(),
            track_id: t.id,
            slug: t.slug,
            title: t.title,
            description: t.description,
            is_published: t.is_published,
        })
        .collect())
}
