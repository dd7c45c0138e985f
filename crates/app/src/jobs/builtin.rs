//! The built-in job kinds.

use practicum_store::{
    identity::{outbox, tokens},
    jobs,
    ml::history,
    partitions,
};

use super::{worker::duration_ms, JobRegistry};
use crate::{App, AppError};

pub(super) fn register(r: &mut JobRegistry) {
    r.register("cleanup_tokens", |app, _| async move {
        app.cleanup_tokens().await.map(drop)
    });
    r.register("cleanup_history", |app, _| async move {
        app.cleanup_history().await.map(drop)
    });
    r.register("partition_upkeep", |app, _| async move {
        app.partition_upkeep().await.map(drop)
    });
    r.register("email_outbox", |app, _| async move {
        app.deliver_outbox().await.map(drop)
    });
    r.register("analytics_refresh", |app, _| async move {
        app.refresh_analytics().await.map(drop)
    });
    r.register("analytics_partitions", |app, _| async move {
        let ahead = app.housekeeping.partition_months_ahead;
        app.ensure_analytics_partitions(ahead).await.map(drop)
    });
}

impl App {
    /// Deletes expired refresh and password-reset tokens; returns how many.
    pub async fn cleanup_tokens(&self) -> Result<u64, AppError> {
        let mut tx = self.db.write().await?;
        let n = tokens::delete_expired(&mut tx, self.now_ms()).await?;
        tx.commit().await?;
        tracing::info!(deleted = n, "expired tokens removed");
        Ok(n)
    }

    /// Deletes ML request history, and succeeded jobs, older than the retention.
    pub async fn cleanup_history(&self) -> Result<u64, AppError> {
        let before = self.now_ms() - duration_ms(self.housekeeping.history_retention);
        let mut tx = self.db.write().await?;
        let n = history::delete(&mut tx, Some(before)).await?;
        let j = jobs::delete_finished(&mut tx, before).await?;
        tx.commit().await?;
        tracing::info!(history_rows = n, jobs = j, "old history removed");
        Ok(n + j)
    }

    /// Creates the ML history's monthly partitions ahead (PostgreSQL; no-op on SQLite).
    pub async fn partition_upkeep(&self) -> Result<u32, AppError> {
        let mut tx = self.db.write().await?;
        let created = partitions::ensure_monthly(
            &mut tx,
            &partitions::ML_REQUESTS,
            self.now_ms(),
            self.housekeeping.partition_months_ahead,
        )
        .await?;
        tx.commit().await?;
        let n = u32::try_from(created.len()).unwrap_or(u32::MAX);
        if n > 0 {
            tracing::info!(created = n, "ml_requests partitions created");
        }
        Ok(n)
    }

    /// Delivers a batch of the e-mail outbox. Each message's result is recorded at once
    /// (sent, or the error and one more attempt); the job fails when any message failed,
    /// so it is retried with backoff (only the unsent ones go out again).
    pub async fn deliver_outbox(&self) -> Result<usize, AppError> {
        let batch = {
            let mut conn = self.db.read().await?;
            outbox::pending(
                &mut conn,
                self.housekeeping.email_batch,
                self.housekeeping.email_max_attempts,
            )
            .await?
        };
        let (mut sent, mut failed) = (0, 0);
        for m in &batch {
            // Claim this attempt first: an overlapping run (a retry beside the next slot's
            // job) that read the same row skips it instead of sending it again.
            let mut tx = self.db.write().await?;
            let mine = outbox::take_attempt(&mut tx, m.id, m.attempts).await?;
            tx.commit().await?;
            if !mine {
                continue;
            }
            let result = self.mailer.send(&m.recipient, &m.subject, &m.body).await;
            let mut tx = self.db.write().await?;
            outbox::record_result(
                &mut tx,
                m.id,
                result.as_ref().err().map(String::as_str),
                self.now_ms(),
            )
            .await?;
            tx.commit().await?;
            match result {
                Ok(()) => sent += 1,
                Err(e) => {
                    failed += 1;
                    tracing::warn!(outbox_id = m.id, error = %e, "e-mail delivery failed");
                }
            }
        }
        metrics::counter!("emails_sent_total", "outcome" => "sent").increment(sent as u64);
        metrics::counter!("emails_sent_total", "outcome" => "failed").increment(failed as u64);
        if failed > 0 {
            return Err(AppError::internal(format!(
                "{failed} of {} e-mails failed",
                batch.len()
            )));
        }
        Ok(sent)
    }
}
