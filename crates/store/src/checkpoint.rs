//! SQLite's WAL checkpoints off the request path.
//!
//! By default SQLite checkpoints inside a commit: the transaction whose commit takes the
//! write-ahead log past 1,000 pages copies the log into the database file and syncs it,
//! before its caller is answered — on the one writer connection that every write queues
//! for. Here a task of the [`crate::Db`] checkpoints every [`EVERY`] on a connection of
//! its own (`PRAGMA wal_checkpoint(PASSIVE)`: it never blocks the writer or a reader),
//! and the writer's own automatic checkpoint is raised to [`WRITER_BACKSTOP_PAGES`], a
//! backstop for a log that the background checkpoints cannot finish (a checkpoint cannot
//! copy frames that a reader's snapshot still needs, and the log only starts over once a
//! checkpoint has copied every frame). Durability is unchanged: under
//! `synchronous = NORMAL` a commit was never synced at commit time; it is durable once a
//! checkpoint has synced it, now within [`EVERY`] instead of within 1,000 pages.
//! See `docs/decisions/0042-sqlite-checkpoints-off-the-request-path.md`.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use sqlx::{any::AnyConnectOptions, ConnectOptions, Connection, Executor};

/// How often the background task checkpoints.
pub(crate) const EVERY: Duration = Duration::from_millis(200);

/// The writer's `wal_autocheckpoint` (pages): only reached when the background
/// checkpoints fall behind.
pub(crate) const WRITER_BACKSTOP_PAGES: u32 = 10_000;

/// Stops the task when dropped (with the last clone of the `Db`) or closed.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    stop: Arc<AtomicBool>,
}

impl Checkpointer {
    /// Starts the task on a connection of its own to the database of `options`.
    pub(crate) fn spawn(options: AnyConnectOptions, busy_ms: u128) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        tokio::spawn(async move {
            let mut conn = match options.connect().await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "the WAL checkpoint task has no connection; SQLite checkpoints in the writer's commits");
                    return;
                }
            };
            let _ = conn
                .execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str())
                .await;
            let mut tick = tokio::time::interval(EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if stopped.load(Ordering::Acquire) {
                    break;
                }
                if let Err(e) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
                    tracing::debug!(error = %e, "a background WAL checkpoint failed");
                }
            }
            let _ = conn.close().await;
        });
        Self { stop }
    }

    /// Stops the task (it finishes the checkpoint in hand).
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::Release);
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use crate::{Db, DbOptions, Session};

    /// What a commit wrote reaches the database file without any commit checkpointing it
    /// (2 MB stays far below the writer's backstop), within a few background rounds.
    #[tokio::test]
    async fn the_background_task_checkpoints_what_the_writer_committed() {
        let dir = std::env::temp_dir().join(format!("practicum-ckpt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("db.sqlite");
        let db = Db::connect(
            &format!("sqlite:{}?mode=rwc", file.display()),
            &DbOptions::default(),
        )
        .await
        .unwrap();
        let main_file_len = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let mut tx = db.write().await.unwrap();
        sqlx::query("CREATE TABLE blobs (b BLOB)")
            .execute(tx.conn())
            .await
            .unwrap();
        for _ in 0..64 {
            sqlx::query("INSERT INTO blobs (b) VALUES (zeroblob(32768))")
                .execute(tx.conn())
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let committed = Instant::now();
        while main_file_len() < 2 * 1024 * 1024 {
            assert!(
                committed.elapsed() < std::time::Duration::from_secs(10),
                "the log was not checkpointed: the database file is {} bytes",
                main_file_len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
