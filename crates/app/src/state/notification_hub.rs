//! The process-local registry of live connections: one bounded broadcast channel per
//! connected user. A connection that falls more than the channel's capacity behind is
//! told it lagged and is closed by its task (the client reconnects with `since_id`), so a
//! slow client cannot make memory grow.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::notify::NotificationRecord;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::{broadcast, watch};

use crate::read_model::stored_json;

/// The notify context's state: this process's live connections, and whether its
/// notification listener (PostgreSQL) is connected.
#[derive(Debug, Clone)]
pub struct NotifyState {
    pub(crate) hub: Arc<NotificationHub>,
    /// `None`: no notification listener in this process; else whether it is connected.
    pub(crate) listener: Arc<watch::Sender<Option<bool>>>,
}

impl NotifyState {
    pub(crate) fn new(hub: NotificationHub) -> Self {
        Self {
            hub: Arc::new(hub),
            listener: Arc::new(watch::channel(None).0),
        }
    }
}

read_model! {
    /// A notification as its owner sees it.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct NotificationView from NotificationRecord {
        pub id: i64,
        #[serde(skip)]
        pub user_id: UserId,
        pub kind: String,
        pub payload: Value = stored_json,
        pub created_at: Timestamp,
        pub read_at: Option<Timestamp>,
    }
}

/// Per-user live channels.
#[derive(Debug)]
pub struct NotificationHub {
    users: Mutex<HashMap<UserId, Entry>>,
    buffer: usize,
    max_per_user: usize,
}

#[derive(Debug)]
struct Entry {
    tx: broadcast::Sender<Arc<NotificationView>>,
    /// Bumped when the user's sessions change: each socket re-checks its own.
    session: watch::Sender<u64>,
    connections: usize,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscribeError {
    TooManyConnections { limit: usize },
}

impl NotificationHub {
    /// `buffer`: messages a connection may lag behind; `max_per_user`: connections per user.
    pub fn new(buffer: usize, max_per_user: usize) -> Self {
        Self {
            users: Mutex::new(HashMap::new()),
            buffer: buffer.max(1),
            max_per_user: max_per_user.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Entry>> {
        // A panic while holding this lock cannot leave the map inconsistent.
        self.users
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers a live connection of `user`.
    pub fn subscribe(self: &Arc<Self>, user: UserId) -> Result<Subscription, SubscribeError> {
        let mut users = self.lock();
        let entry = users.entry(user).or_insert_with(|| Entry {
            tx: broadcast::channel(self.buffer).0,
            session: watch::channel(0).0,
            connections: 0,
        });
        if entry.connections >= self.max_per_user {
            return Err(SubscribeError::TooManyConnections {
                limit: self.max_per_user,
            });
        }
        entry.connections += 1;
        Ok(Subscription {
            rx: entry.tx.subscribe(),
            session: entry.session.subscribe(),
            user,
            hub: Arc::clone(self),
        })
    }

    /// Whether `user` has a live connection on this process.
    pub fn is_connected(&self, user: UserId) -> bool {
        self.lock().contains_key(&user)
    }

    /// Delivers to the user's local connections (if any).
    pub fn publish(&self, n: NotificationView) {
        if let Some(e) = self.lock().get(&n.user_id) {
            let _ = e.tx.send(Arc::new(n));
        }
    }

    /// Tells the user's local connections that their sessions changed (each re-checks
    /// its own and closes if it ended).
    pub fn sessions_changed(&self, user: UserId) {
        if let Some(e) = self.lock().get(&user) {
            e.session.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Live connections on this process.
    pub fn connections(&self) -> usize {
        self.lock().values().map(|e| e.connections).sum()
    }
}

/// One live connection's receiver; unregisters itself when dropped.
#[derive(Debug)]
pub struct Subscription {
    pub rx: broadcast::Receiver<Arc<NotificationView>>,
    /// Changes when the user's sessions change.
    pub session: watch::Receiver<u64>,
    user: UserId,
    hub: Arc<NotificationHub>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut users = self.hub.lock();
        if let Some(e) = users.get_mut(&self.user) {
            e.connections = e.connections.saturating_sub(1);
            if e.connections == 0 {
                users.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(user: i64, id: i64) -> NotificationView {
        NotificationView {
            id,
            user_id: UserId(user),
            kind: "k".into(),
            payload: serde_json::json!({}),
            created_at: 0,
            read_at: None,
        }
    }

    #[tokio::test]
    async fn delivers_to_the_user_only_and_limits_connections() {
        let hub = Arc::new(NotificationHub::new(2, 2));
        let mut a = hub.subscribe(UserId(1)).unwrap();
        let _a2 = hub.subscribe(UserId(1)).unwrap();
        assert_eq!(
            hub.subscribe(UserId(1)).unwrap_err(),
            SubscribeError::TooManyConnections { limit: 2 }
        );
        let mut b = hub.subscribe(UserId(2)).unwrap();
        hub.publish(view(1, 10));
        assert_eq!(a.rx.recv().await.unwrap().id, 10);
        assert!(b.rx.try_recv().is_err());
        // Lagging past the buffer is reported, not buffered without bound.
        for id in 0..5 {
            hub.publish(view(2, id));
        }
        assert!(matches!(
            b.rx.recv().await,
            Err(broadcast::error::RecvError::Lagged(_))
        ));
        drop(b);
        assert!(!hub.is_connected(UserId(2)));
        assert_eq!(hub.connections(), 2);
    }
}
