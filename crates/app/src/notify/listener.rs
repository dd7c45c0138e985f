//! The per-process PostgreSQL listener: one dedicated connection `LISTEN`ing on the
//! notifications channel, fanning out to this process's live connections.

use std::time::Duration;

use practicum_store::notify::{self, Listener};
use tokio::sync::watch;

use super::NotificationView;
use crate::App;

impl App {
    /// Runs until `shutdown` turns true. On SQLite it returns at once (delivery is
    /// in-process after commit). Reconnects after a lost connection; what was sent
    /// meanwhile reaches clients through their `since_id` replay on reconnect.
    pub async fn run_notification_listener(self, mut shutdown: watch::Receiver<bool>) {
        if self.db.backend() != practicum_store::Backend::Postgres {
            return;
        }
        loop {
            self.notify.listener.send_replace(Some(false));
            if *shutdown.borrow() {
                return;
            }
            let mut listener = match Listener::connect(&self.db).await {
                Ok(Some(l)) => l,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "notification listener cannot connect; retrying");
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            self.notify.listener.send_replace(Some(true));
            tracing::info!("listening for notifications");
            loop {
                tokio::select! {
                    _ = shutdown.changed() => return,
                    r = listener.recv() => match r {
                        Ok(notify::Signal::SessionsChanged(user)) => self.notify.hub.sessions_changed(user),
                        Ok(notify::Signal::AnalyticsChanged(ids)) => {
                            for id in ids {
                                let _ = self.analytics.live.send(id);
                            }
                        }
                        Ok(notify::Signal::Notification(user, id)) => {
                            if !self.notify.hub.is_connected(user) {
                                continue;
                            }
                            match self.load_notification(id).await {
                                Ok(Some(n)) => self.notify.hub.publish(n),
                                Ok(None) => {}
                                Err(e) => tracing::warn!(error = %e, id, "loading a notification failed"),
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "notification listener lost its connection");
                            break;
                        }
                    }
                }
            }
        }
    }

    /// `None` when no listener runs in this process (SQLite, or not started), else
    /// whether it is connected: readiness fails while a started listener is down.
    pub fn notification_listener_connected(&self) -> Option<bool> {
        *self.notify.listener.borrow()
    }

    async fn load_notification(
        &self,
        id: i64,
    ) -> Result<Option<NotificationView>, practicum_store::StoreError> {
        let mut conn = self.db.read().await?;
        Ok(notify::find(&mut conn, id)
            .await?
            .map(NotificationView::from))
    }
}
