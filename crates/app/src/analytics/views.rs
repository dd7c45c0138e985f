//! Course views arrive on the hottest read path (`GET /courses/{slug}`, soon behind a
//! cache), so they are not written one by one: the handler drops a view into a bounded
//! in-process buffer (a mutex-guarded `Vec` push, no I/O) and a background task flushes
//! the buffer in one multi-row `INSERT` every few seconds. When the buffer is full, views
//! are dropped and counted rather than slowing requests; a crash loses at most one flush
//! interval of views. Views are analytics, not business data.

use practicum_domain::{analytics::EventKind, identity::UserId};
use practicum_store::analytics::{self, NewEvent};

use crate::{App, AppError};

impl App {
    /// Notes that `viewer` (or an anonymous visitor) looked at the course. Never waits on
    /// the database.
    pub fn note_course_view(&self, course_id: i64, viewer: Option<UserId>) {
        self.analytics.views.push(NewEvent {
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
        let batch = self.analytics.views.take();
        if batch.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.write().await?;
        analytics::record_many(&mut tx, &batch).await?;
        tx.commit().await?;
        Ok(batch.len())
    }
}
