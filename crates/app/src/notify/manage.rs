//! The owner's view of their notifications: list, mark read, what a reconnecting client
//! missed.

use practicum_domain::identity::UserId;
use practicum_store::notify;

use super::NotificationView;
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// At most this many missed notifications are replayed to a reconnecting WebSocket.
pub const REPLAY_LIMIT: i64 = 500;

impl App {
    /// The caller's notifications, newest first.
    pub async fn list_notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        page: PageRequest,
    ) -> Result<Page<NotificationView>, AppError> {
        let mut conn = self.db.read().await?;
        let (rows, total) = notify::list(
            &mut conn,
            actor.id,
            unread_only,
            page.limit(),
            page.offset(),
        )
        .await?;
        Ok(Page::new(rows, total, page).convert())
    }

    /// Marks one of the caller's notifications read; someone else's is 404.
    pub async fn mark_notification_read(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<NotificationView, AppError> {
        let mut tx = self.db.write().await?;
        let record = notify::mark_read(&mut tx, actor.id, id, self.now_ms())
            .await?
            .ok_or(AppError::NotFound(ErrorCode::NotificationNotFound))?;
        tx.commit().await?;
        Ok(record.into())
    }

    /// Marks all of the caller's notifications read; returns how many changed.
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> Result<u64, AppError> {
        let mut tx = self.db.write().await?;
        let n = notify::mark_all_read(&mut tx, actor.id, self.now_ms()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The user's notifications with an id above `after`, oldest first (at most
    /// [`REPLAY_LIMIT`]).
    pub async fn notifications_since(
        &self,
        user: UserId,
        after: i64,
    ) -> Result<Vec<NotificationView>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(notify::since(&mut conn, user, after, REPLAY_LIMIT)
            .await?
            .into_iter()
            .map(NotificationView::from)
            .collect())
    }
}
