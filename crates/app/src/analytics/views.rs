//! Course views arrive on the hottest read path (`GET /courses/{slug}`, soon behind a
//! cache), so they are not written one by one: the handler drops a view into a bounded
//! in-process buffer (a mutex-guarded `Vec` push, no I/O) and a background task flushes
//! the buffer in one multi-row `INSERT` every few seconds. When the buffer is full, views
//! are dropped and counted rather than slowing requests; a crash loses at most one flush
//! interval of views. Views are analytics, not business data.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Mutex,
};

use practicum_domain::{analytics::EventKind, identity::UserId};
use practicum_store::analytics::{self, NewEvent};

use crate::{App, AppError};

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

    fn push(&self, e: NewEvent) {
        let mut pending = self.lock();
        if pending.len() >= self.capacity {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            pending.push(e);
        }
    }

    fn take(&self) -> Vec<NewEvent> {
        std::mem::take(&mut *self.lock())
    }
}

impl Default for ViewBuffer {
    fn default() -> Self {
        Self::new(10_000)
    }
}

impl App {
    /// Notes that `viewer` (or an anonymous visitor) looked at the course. Never waits on
    /// the database.
    pub fn note_course_view(&self, course_id: i64, viewer: Option<UserId>) {
        self.views.push(NewEvent {
            kind: EventKind::CourseView,
            user_id: viewer,
            course_id: Some(course_id),
            amount_cents: None,
            occurred_at: self.now_ms(),
        });
    }

    /// Writes the buffered views in one transaction; returns how many. On failure the
    /// batch is lost (and the error returned for the caller to log).
    pub async fn flush_course_views(&self) -> Result<usize, AppError> {
        let batch = self.views.take();
        if batch.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.write().await?;
        analytics::record_many(&mut tx, &batch).await?;
        tx.commit().await?;
        Ok(batch.len())
    }
}
