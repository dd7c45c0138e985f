//! The owner's view of their notifications: list, mark read, what a reconnecting client
//! missed.

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::notify::{self, NotificationRecord};
use serde::Serialize;
use serde_json::Value;

use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// A notification as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotificationView {
    pub id: i64,
    #[serde(skip)]
    pub user_id: UserId,
    pub kind: String,
    pub payload: Value,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

impl From<NotificationRecord> for NotificationView {
    fn from(r: NotificationRecord) -> Self {
        Self {
            id: r.id,
            user_id: r.user_id,
            kind: r.kind,
            payload: serde_json::from_str(&r.payload).unwrap_or(Value::Null),
            created_at: r.created_at,
            read_at: r.read_at,
        }
    }
}

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
        Ok(Page::new(
            rows.into_iter().map(NotificationView::from).collect(),
            total,
            page,
        ))
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
