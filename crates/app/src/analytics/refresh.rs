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
    /// Flushes buffered views, then rewrites every rollup in one transaction with a
    /// constant number of set-based statements. Idempotent: running it twice gives the
    /// same rows.
    pub async fn refresh_analytics(&self) -> Result<RefreshReport, AppError> {
        let views_flushed = self.flush_course_views().await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let changed = analytics::refresh(&mut tx, now).await?;
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
