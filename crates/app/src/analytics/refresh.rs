//! Rebuilds the per-course rollups (called periodically by the job system and on demand).

use practicum_domain::{identity::Role, Timestamp};
use practicum_store::analytics;

use crate::{identity::Actor, App, AppError};

#[derive(Debug, Clone, Copy)]
pub struct RefreshReport {
    pub refreshed_at: Timestamp,
    /// Buffered course views written first.
    pub views_flushed: usize,
}

impl App {
    /// Flushes buffered views, then brings every rollup up to date in one transaction
    /// with a constant number of set-based statements, reading only the events appended
    /// since the last refresh. Idempotent: running it twice gives the same rows.
    pub async fn refresh_analytics(&self) -> Result<RefreshReport, AppError> {
        // Long statements: off the request path (ADR 0057), whoever asked for it.
        practicum_store::instrument::off_request_path(self.refresh_analytics_with(false)).await
    }

    /// Like [`App::refresh_analytics`], rebuilding every partial aggregate from the whole
    /// event log (`practicum analytics refresh --full`).
    pub async fn refresh_analytics_full(&self) -> Result<RefreshReport, AppError> {
        practicum_store::instrument::off_request_path(self.refresh_analytics_with(true)).await
    }

    async fn refresh_analytics_with(&self, full: bool) -> Result<RefreshReport, AppError> {
        let views_flushed = self.flush_course_views().await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let changed = if full {
            analytics::refresh_full(&mut tx, now).await?
        } else {
            analytics::refresh(&mut tx, now).await?
        };
        tx.commit().await?;
        // PostgreSQL tells every process (this one included) through its listener.
        if self.db.backend() != practicum_store::Backend::Postgres {
            for id in changed {
                let _ = self.analytics.live.send(id);
            }
        }
        Ok(RefreshReport {
            refreshed_at: now,
            views_flushed,
        })
    }

    /// `POST /analytics/refresh`: producers and admins.
    pub async fn refresh_analytics_as(&self, actor: &Actor) -> Result<RefreshReport, AppError> {
        actor.require(&[Role::Producer, Role::Admin])?;
        self.refresh_analytics().await
    }
}
