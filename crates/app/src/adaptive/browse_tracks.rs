//! Tracks as they are listed: the published ones as learners see them, every one for
//! admins.

use practicum_domain::identity::Role;
use practicum_store::adaptive::catalog;

use super::{
    track_lookup::{track_view, track_views},
    TrackView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

impl App {
    /// One page of published tracks in creation order, with their stages and modules
    /// (three queries whatever the page size).
    pub async fn list_tracks(&self, page: PageRequest) -> Result<Page<TrackView>, AppError> {
        self.track_page(false, page).await
    }

    /// One published track; an unpublished or unknown slug is 404.
    pub async fn get_track(&self, slug: &str) -> Result<TrackView, AppError> {
        let mut conn = self.db.read().await?;
        let track = catalog::find_track_by_slug(&mut conn, slug)
            .await?
            .filter(|t| t.is_published)
            .ok_or(AppError::NotFound(ErrorCode::TrackNotFound))?;
        track_view(&mut conn, track).await
    }

    /// Every track, published or not (admin), one page in creation order.
    pub async fn admin_list_tracks(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<TrackView>, AppError> {
        actor.require(&[Role::Admin])?;
        self.track_page(true, page).await
    }

    /// One page of tracks in creation order, unpublished ones too with `all`, with their
    /// stages and modules (three queries whatever the page size).
    async fn track_page(&self, all: bool, page: PageRequest) -> Result<Page<TrackView>, AppError> {
        let mut conn = self.db.read().await?;
        let (tracks, total) =
            catalog::list_tracks(&mut conn, all, page.limit(), page.offset()).await?;
        Ok(Page::new(
            track_views(&mut conn, tracks).await?,
            total,
            page,
        ))
    }
}
