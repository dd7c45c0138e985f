//! Online backup and restore of an SQLite database (`practicum backup` / `restore`).
//!
//! Backup is `VACUUM INTO` on a connection of its own: SQLite copies the database as one
//! read transaction sees it, so the copy is consistent while other connections (and other
//! processes) go on writing in WAL mode; every transaction committed before the backup
//! began is in it. The copy is written beside the destination, checked
//! (`integrity_check`, `foreign_key_check`, the migrations table) and only then renamed
//! into place, so a file at the destination is always a complete backup.
//!
//! Restore refuses a database another process has open (a running server always holds
//! its writer connection): leaving WAL mode needs the only connection to the file, so
//! `PRAGMA journal_mode = DELETE` with no busy wait is the test, and the exclusive lock
//! taken next is held while the checked copy of the backup is renamed over the file.
//!
//! PostgreSQL is backed up with `pg_dump` (README "Backups").

use std::{
    path::{Path, PathBuf},
    str::FromStr,
};

use sqlx::{sqlite::SqliteConnectOptions, Connection, Row, SqliteConnection};

use crate::{Backend, StoreError};

/// What a checked SQLite file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub bytes: u64,
    /// The newest applied migration.
    pub schema_version: i64,
    pub tables: i64,
}

/// Copies the SQLite database at `url` to `dest` (which must not exist), online.
pub async fn backup(url: &str, dest: &Path) -> Result<BackupSummary, StoreError> {
    sqlite_only(url, "backup")?;
    if dest.exists() {
        return Err(StoreError::Config(format!(
            "{} exists: choose a new file (a backup never overwrites one)",
            dest.display()
        )));
    }
    let partial = sibling(dest, "partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = SqliteConnection::connect_with(&options(url)?).await?;
    sqlx::query("PRAGMA busy_timeout = 10000")
        .execute(&mut conn)
        .await?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    let summary = match check(&partial).await {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    sync_file(&partial)?;
    std::fs::rename(&partial, dest).map_err(|e| io("cannot move the backup into place", &e))?;
    sync_parent(dest);
    Ok(summary)
}

/// Replaces the SQLite database at `url` with the backup `src`, refusing while any other
/// process (a running server) has the database open.
pub async fn restore(url: &str, src: &Path) -> Result<BackupSummary, StoreError> {
    sqlite_only(url, "restore")?;
    let target = options(url)?.get_filename().to_path_buf();
    let summary = check(src).await?;
    let incoming = sibling(&target, "restoring");
    std::fs::copy(src, &incoming).map_err(|e| io("cannot copy the backup", &e))?;
    sync_file(&incoming)?;

    // Hold the target exclusively while it is replaced (nothing to hold if it is new).
    let lock = if target.exists() {
        match exclusive(&target).await {
            Ok(conn) => Some(conn),
            Err(e) => {
                let _ = std::fs::remove_file(&incoming);
                return Err(e);
            }
        }
    } else {
        None
    };
    let replaced = std::fs::rename(&incoming, &target);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    if let Some(conn) = lock {
        let _ = conn.close().await;
    }
    replaced.map_err(|e| io("cannot move the restored file into place", &e))?;
    sync_parent(&target);
    Ok(summary)
}

/// The file's own checks: it is an SQLite database whose pages are sound, whose foreign
/// keys all resolve, and which Practicum migrated.
pub async fn check(path: &Path) -> Result<BackupSummary, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Config(format!(
            "{} is not a file",
            path.display()
        )));
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&opts).await.map_err(|e| {
        StoreError::Config(format!("{} is not an SQLite database: {e}", path.display()))
    })?;
    let result = async {
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| not_a_backup(path, &e.to_string()))?
            .try_get(0)?;
        if integrity != "ok" {
            return Err(not_a_backup(path, &format!("integrity_check: {integrity}")));
        }
        let dangling = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut conn)
            .await?
            .len();
        if dangling > 0 {
            return Err(not_a_backup(
                path,
                &format!("{dangling} rows break a foreign key"),
            ));
        }
        let version: Option<i64> =
            sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await
                .map_err(|_| not_a_backup(path, "it has no Practicum migrations table"))?
                .try_get(0)?;
        let tables: i64 = sqlx::query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
            .fetch_one(&mut conn)
            .await?
            .try_get(0)?;
        Ok(BackupSummary {
            bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            schema_version: version.unwrap_or(0),
            tables,
        })
    }
    .await;
    let _ = conn.close().await;
    result
}

/// A connection holding the only (exclusive) lock on `target`, or why it cannot.
async fn exclusive(target: &Path) -> Result<SqliteConnection, StoreError> {
    let opts = SqliteConnectOptions::new()
        .filename(target)
        .create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&opts).await?;
    let in_use = || {
        StoreError::Config(format!(
            "{} is open in another process (a running server?): stop it, then restore",
            target.display()
        ))
    };
    sqlx::query("PRAGMA busy_timeout = 0")
        .execute(&mut conn)
        .await?;
    // Leaving WAL mode needs the only connection to the file.
    let mode: String = match sqlx::query("PRAGMA journal_mode = DELETE")
        .fetch_one(&mut conn)
        .await
    {
        Ok(row) => row.try_get(0)?,
        Err(_) => return Err(in_use()),
    };
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    sqlx::query("PRAGMA locking_mode = EXCLUSIVE")
        .execute(&mut conn)
        .await?;
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut conn)
        .await
        .map_err(|_| in_use())?;
    Ok(conn)
}

fn sqlite_only(url: &str, what: &str) -> Result<(), StoreError> {
    match Backend::from_url(url)? {
        Backend::Sqlite => Ok(()),
        Backend::Postgres => Err(StoreError::Config(format!(
            "`practicum {what}` is for SQLite; back up PostgreSQL with pg_dump/pg_restore \
             (README, section Backups)"
        ))),
    }
}

fn options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid DATABASE_URL: {e}")))
}

/// `dir/name.ext` → `dir/name.ext.<tag>` (same directory, so the rename is atomic).
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{tag}"));
    PathBuf::from(s)
}

fn not_a_backup(path: &Path, why: &str) -> StoreError {
    StoreError::Config(format!(
        "{} is not a usable Practicum backup: {why}",
        path.display()
    ))
}

fn io(what: &str, e: &std::io::Error) -> StoreError {
    StoreError::Config(format!("{what}: {e}"))
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("cannot flush the file to disk", &e))
}

/// Makes a rename durable (best effort: not every platform can open a directory).
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
}
