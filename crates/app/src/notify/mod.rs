//! Notifications: persisted per user in the transaction of the action that causes them,
//! listed and marked read by their owner, and pushed live to the owner's WebSockets on
//! any server process (PostgreSQL `LISTEN/NOTIFY`; in-process after commit on SQLite).

mod listener;
mod manage;

pub use crate::state::notification_hub::{
    NotificationHub, NotificationView, SubscribeError, Subscription,
};

use practicum_domain::identity::UserId;
use practicum_store::{notify, Backend, Session, Tx};
use serde_json::Value;

use crate::{App, AppError};

/// Notification kinds emitted so far (`kind` in the API).
pub mod kinds {
    pub const APPROVAL_DECIDED: &str = "approval_decided";
    pub const EXAM_GRADED: &str = "exam_graded";
    pub const COURSE_PUBLISHED: &str = "course_published";
    /// Staff sent your course back to draft (with their comment, if any).
    pub const COURSE_SENT_BACK: &str = "course_sent_back";
    /// For the reviews context: a learner reviewed one of your courses.
    pub const REVIEW_CREATED: &str = "review_created";
    /// For the reviews context: a teacher replied to your review.
    pub const REVIEW_REPLIED: &str = "review_replied";
}

impl App {
    /// Records a notification for `user` inside the use-case's transaction `tx`; it is
    /// pushed to the user's live connections once (and only if) `tx` commits. This is the
    /// one call a use-case makes: `self.notify(&mut tx, user, kinds::X, json!({…})).await?`.
    pub async fn notify(
        &self,
        tx: &mut Tx,
        user: UserId,
        kind: &str,
        payload: Value,
    ) -> Result<(), AppError> {
        let record = notify::insert(tx, user, kind, &payload.to_string(), self.now_ms()).await?;
        // PostgreSQL: the insert queued a pg_notify that every process's listener receives
        // on commit. SQLite (one process): wake the local connections after commit.
        if tx.backend() == Backend::Sqlite {
            let hub = self.notify.hub.clone();
            let view = NotificationView::from(record);
            tx.after_commit(move || hub.publish(view));
        }
        Ok(())
    }

    /// Records in `tx` that `user`'s sessions changed (logout everywhere, password change
    /// or reset, deactivation, role change): once `tx` commits, every process's live
    /// sockets of that user re-check their session and close if it ended.
    pub(crate) async fn sessions_changed(&self, tx: &mut Tx, user: UserId) -> Result<(), AppError> {
        notify::sessions_changed(tx, user).await?;
        if tx.backend() == Backend::Sqlite {
            let hub = self.notify.hub.clone();
            tx.after_commit(move || hub.sessions_changed(user));
        }
        Ok(())
    }
}
