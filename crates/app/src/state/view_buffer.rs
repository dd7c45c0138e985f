//! The analytics context's state: course views waiting for their batch write (see
//! `analytics/views.rs`), and the channel of courses whose figures a refresh changed.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc, Mutex,
};

use practicum_store::analytics::NewEvent;
use tokio::sync::broadcast;

/// The analytics context's state.
#[derive(Debug, Clone)]
pub struct AnalyticsState {
    /// Course views waiting to be written in a batch.
    pub(crate) views: Arc<ViewBuffer>,
    /// Ids of the courses whose figures an analytics refresh changed (fed after commit on
    /// SQLite, by the listener on PostgreSQL): live `/ws` subscribers get updates.
    pub(crate) live: Arc<broadcast::Sender<i64>>,
}

impl AnalyticsState {
    pub(crate) fn new(views: ViewBuffer) -> Self {
        Self {
            views: Arc::new(views),
            live: Arc::new(broadcast::channel(1024).0),
        }
    }
}

/// Course views waiting to be written.
#[derive(Debug)]
pub struct ViewBuffer {
    capacity: usize,
    pending: Mutex<Vec<NewEvent>>,
    dropped: AtomicU64,
}

impl ViewBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            pending: Mutex::new(Vec::new()),
            dropped: AtomicU64::new(0),
        }
    }

    /// Views dropped because the buffer was full, since start.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Views waiting for the next flush.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<NewEvent>> {
        // A panic while holding this lock cannot leave the Vec inconsistent.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, e: NewEvent) {
        let mut pending = self.lock();
        if pending.len() >= self.capacity {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            pending.push(e);
        }
    }

    pub(crate) fn take(&self) -> Vec<NewEvent> {
        std::mem::take(&mut *self.lock())
    }
}

impl Default for ViewBuffer {
    fn default() -> Self {
        Self::new(10_000)
    }
}
