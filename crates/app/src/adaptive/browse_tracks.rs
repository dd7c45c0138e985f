//! Published tracks, as learners see them.

use practicum_store::adaptive::catalog;

use super::{catalog::track_view, TrackView};
use crate::{App, AppError};

impl App {
    /// Published tracks in creation order, with their stages and modules.
    pub async fn list_tracks(&self) -> Result<Vec<TrackView>, AppError> {
        let mut conn = self.db.read().await?;
        let mut out = Vec::new();
        for t in catalog::list_tracks(&mut conn, false).await? {
            out.push(track_view(&mut conn, t).await?);
        }
        Ok(out)
    }

    /// One published track; an unpublished or unknown slug is 404.
    pub async fn get_track(&self, slug: &str) -> Result<TrackView, AppError> {
        let mut conn = self.db.read().await?;
        let track = catalog::find_track_by_slug(&mut conn, slug)
            .await?
            .filter(|t| t.is_published)
            .ok_or(AppError::NotFound { what: "track" })?;
        track_view(&mut conn, track).await
    }
}
