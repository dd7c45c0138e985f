//! Connection pools and transactions for the two supported backends.

use std::{
    fmt,
    panic::Location,
    str::FromStr,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    AnyPool, ConnectOptions, Connection, Executor,
};

use crate::{
    checkpoint::{Checkpointer, WRITER_BACKSTOP_PAGES},
    direct::DirectOptions,
    instrument::{self, Instruments, Target, Timed},
    pool::{AfterConnect, Opener, Pool, Pooled, PING_IDLE_AFTER},
    StoreError,
};

/// Which database a [`Db`] talks to. The only place where dialect differences branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "DATABASE_URL must start with sqlite: or postgres:// (got {})",
                redact_url(url)
            )))
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Hides the password of a database URL so that it can be logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Pool sizes and timeouts.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Connections in the PostgreSQL pool, or SQLite read connections.
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// How long an SQLite writer waits for a lock held by another process.
    pub sqlite_busy_timeout: Duration,
    /// Statements at least this slow are logged (`DB_SLOW_QUERY_MS`); `None`: none are.
    pub slow_query: Option<Duration>,
    /// A streaming replica for lag-tolerant reads (`DATABASE_READ_URL`, PostgreSQL only).
    pub read_url: Option<String>,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(10),
            sqlite_busy_timeout: Duration::from_secs(10),
            slow_query: Some(Duration::from_millis(200)),
            read_url: None,
        }
    }
}

/// The database handle the application holds: cheap to clone, shared by every request.
///
/// On SQLite there are two pools over one WAL file: a single writer connection, so that
/// write transactions queue in the pool instead of failing with `SQLITE_BUSY` halfway,
/// and several `query_only` readers that never wait for the writer. On PostgreSQL both
/// are the same pool. Both are this crate's own [`Pool`] (`pool.rs`, ADR 0041).
#[derive(Clone)]
pub struct Db {
    backend: Backend,
    writer: Pool,
    reader: Pool,
    instruments: Arc<Instruments>,
    /// The configured size of the writer pool (the `db_pool_max_connections` gauge).
    max_connections: u32,
    /// One connection of its own for readiness probes, so that `/health/ready` answers
    /// within its timeout even while every request connection is busy (overload).
    health: AnyPool,
    /// The connection URL, for connections the pool cannot give (PostgreSQL `LISTEN`).
    url: Arc<str>,
    /// The replica pool of [`Db::read_lagging`] (`DATABASE_READ_URL`), if any.
    replica: Option<AnyPool>,
    /// SQLite: the task that checkpoints the WAL off the request path (`checkpoint.rs`).
    checkpointer: Option<Arc<Checkpointer>>,
    /// SQLite's busy timeout, for the migrations' connection.
    sqlite_busy_ms: u128,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Connects to `url` (`sqlite:path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str, options: &DbOptions) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let connect_options = AnyConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid DATABASE_URL: {e}")))?;
        let health = AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(1))
            .connect_lazy_with(connect_options.clone());
        let replica = match (&options.read_url, backend) {
            (None, _) => None,
            (Some(_), Backend::Sqlite) => {
                return Err(StoreError::Config(
                    "DATABASE_READ_URL (a read replica) needs PostgreSQL".into(),
                ))
            }
            (Some(read_url), Backend::Postgres) => {
                if Backend::from_url(read_url)? != Backend::Postgres {
                    return Err(StoreError::Config(
                        "DATABASE_READ_URL must be a postgres:// URL".into(),
                    ));
                }
                let replica_options = AnyConnectOptions::from_str(read_url)
                    .map_err(|e| StoreError::Config(format!("invalid DATABASE_READ_URL: {e}")))?;
                // Lazy: a replica that is down at start must not stop the service (its
                // reads fall back to the primary, see `read_lagging`).
                Some(
                    request_pool()
                        .max_connections(options.max_connections)
                        .min_connections(0)
                        .acquire_timeout(Duration::from_secs(2))
                        .connect_lazy_with(replica_options),
                )
            }
        };
        match backend {
            Backend::Postgres => {
                let opener = Opener::Any {
                    options: connect_options,
                    after_connect: None,
                };
                let pool =
                    Pool::connect(opener, options.max_connections, options.acquire_timeout).await?;
                Ok(Self {
                    backend,
                    writer: pool.clone(),
                    reader: pool,
                    instruments: Instruments::new(options.slow_query),
                    max_connections: options.max_connections,
                    health,
                    url: Arc::from(url),
                    replica,
                    checkpointer: None,
                    sqlite_busy_ms: 0,
                })
            }
            Backend::Sqlite => {
                let busy_ms = options.sqlite_busy_timeout.as_millis();
                // The request connections run their statements on the calling thread
                // (`direct`, ADR 0057); the checkpointer, the readiness probe and the
                // migrations keep sqlx's connections.
                let direct = |read_only| {
                    DirectOptions::from_url(
                        url,
                        options.sqlite_busy_timeout,
                        read_only,
                        WRITER_BACKSTOP_PAGES,
                    )
                    .map(Opener::Direct)
                };
                let writer = Pool::connect(direct(false)?, 1, options.acquire_timeout).await?;
                let reader = Pool::connect(
                    direct(true)?,
                    options.max_connections.max(2),
                    options.acquire_timeout,
                )
                .await?;
                let checkpointer = Arc::new(Checkpointer::spawn(connect_options, busy_ms));
                Ok(Self {
                    backend,
                    writer,
                    reader,
                    instruments: Instruments::new(options.slow_query),
                    max_connections: 1,
                    health,
                    url: Arc::from(url),
                    replica,
                    checkpointer: Some(checkpointer),
                    sqlite_busy_ms: busy_ms,
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so that the write lock
    /// is taken up front and a concurrent writer in another process waits (busy_timeout)
    /// instead of failing when it upgrades a read.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let statement = match self.backend {
            Backend::Sqlite => Some("BEGIN IMMEDIATE".into()),
            Backend::Postgres => None,
        };
        let inner = instrument::acquire("writer", async {
            let mut conn = self.writer.acquire().await?;
            conn.begin(statement).await?;
            Ok::<_, sqlx::Error>(conn)
        })
        .await?;
        Ok(Tx {
            inner,
            open: true,
            backend: self.backend,
            instruments: self.instruments.clone(),
            on_commit: Vec::new(),
        })
    }

    /// A write whose reads and writes are one statement text (a repository function
    /// documented as such: `enrollments::enroll_by_slug`, `progress::complete_if_enrolled`).
    /// On PostgreSQL that statement is its own transaction, so it runs on a writer
    /// connection without `BEGIN` and `COMMIT` (two round trips of the four such a write
    /// took, ADR 0067); on SQLite, where the same text is a batch of statements, in a
    /// `BEGIN IMMEDIATE` transaction as [`Db::write`] gives. Finish it with
    /// [`StatementWrite::commit`]; dropped without, a SQLite transaction rolls back (a
    /// PostgreSQL statement that ran has committed, one that failed has not).
    pub async fn write_statement(&self) -> Result<StatementWrite, StoreError> {
        let inner = match self.backend {
            Backend::Sqlite => StatementInner::Tx(self.write().await?),
            Backend::Postgres => {
                let conn = instrument::acquire("writer", self.writer.acquire()).await?;
                StatementInner::Alone(Conn {
                    inner: ConnInner::Request(conn),
                    backend: self.backend,
                    instruments: self.instruments.clone(),
                    unsettled: AtomicBool::new(false),
                })
            }
        };
        Ok(StatementWrite { inner })
    }

    /// A pooled connection for reads that need no transaction (one statement, or several
    /// whose consistency does not matter).
    pub async fn read(&self) -> Result<Conn, StoreError> {
        let inner = instrument::acquire("reader", self.reader.acquire()).await?;
        Ok(Conn {
            inner: ConnInner::Request(inner),
            backend: self.backend,
            instruments: self.instruments.clone(),
            unsettled: AtomicBool::new(false),
        })
    }

    /// A pooled connection for a read that tolerates a little lag (catalog, profiles,
    /// analytics, recommendations, history listings): on the replica when one is
    /// configured, unless this request's user wrote recently ([`crate::routing`]: then
    /// the primary, so they read their own writes). A replica that cannot give a
    /// connection is passed over for the primary (`db_replica_fallbacks_total`).
    pub async fn read_lagging(&self) -> Result<Conn, StoreError> {
        let Some(replica) = &self.replica else {
            return self.read().await;
        };
        if crate::routing::primary_reads() {
            metrics::counter!("db_reads_total", "target" => "primary_recent_write").increment(1);
            return self.read().await;
        }
        match instrument::acquire("replica", replica.acquire()).await {
            Ok(inner) => {
                metrics::counter!("db_reads_total", "target" => "replica").increment(1);
                Ok(Conn {
                    inner: ConnInner::Replica(inner),
                    backend: self.backend,
                    instruments: self.instruments.clone(),
                    unsettled: AtomicBool::new(false),
                })
            }
            Err(e) => {
                tracing::warn!(error = %e, "the read replica gave no connection; reading from the primary");
                metrics::counter!("db_replica_fallbacks_total").increment(1);
                self.read().await
            }
        }
    }

    /// Whether a read replica is configured.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// How far the replica's replay is behind, in seconds (0 when it has replayed all it
    /// received); `None` without a replica or when it does not answer within a second.
    pub async fn replica_lag_seconds(&self) -> Option<f64> {
        let replica = self.replica.as_ref()?;
        let probe = async {
            let mut conn = replica.acquire().await.ok()?;
            let row = sqlx::query(
                "SELECT CAST(CASE \
                   WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 \
                   ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) \
                 END AS DOUBLE PRECISION) AS lag",
            )
            .fetch_one(&mut *conn)
            .await
            .ok()?;
            sqlx::Row::try_get::<f64, _>(&row, "lag").ok()
        };
        tokio::time::timeout(Duration::from_secs(1), probe)
            .await
            .ok()
            .flatten()
    }

    /// How many repository statements this handle (and its clones) has run so far.
    pub fn query_count(&self) -> u64 {
        self.instruments.count()
    }

    /// A cheap liveness probe for readiness checks, on a connection of its own (never
    /// queued behind requests), bounded to about a second.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let probe = async {
            let mut conn = self.health.acquire().await?;
            conn.ping().await?;
            Ok::<(), StoreError>(())
        };
        tokio::time::timeout(Duration::from_secs(2), probe)
            .await
            .map_err(|_| StoreError::Busy)?
    }

    /// The configured maximum of the writer pool (1 on SQLite: one writer connection).
    pub fn pool_max(&self) -> u32 {
        self.max_connections
    }

    /// Numbers for the pool gauges in `/metrics`: (size, idle) of the writer pool.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.writer.size(), self.writer.num_idle())
    }

    pub async fn close(&self) {
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.stop();
        }
        if let Some(replica) = &self.replica {
            replica.close().await;
        }
        self.health.close().await;
        self.writer.close().await;
        self.reader.close().await;
    }

    /// The URL this handle connected with (secret: never log it unredacted).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Numbers for the pool gauges in `/metrics`: (size, idle) of the reader pool (the
    /// same pool as the writer on PostgreSQL).
    pub fn reader_pool_stats(&self) -> (u32, usize) {
        (self.reader.size(), self.reader.num_idle())
    }

    /// A sqlx connection for the migrations and other maintenance that must run outside any
    /// transaction (`seed_load::vacuum`): the writer pool's on PostgreSQL; on SQLite one of
    /// its own, with the writer's pragmas (the writer pool's connection is idle meanwhile,
    /// so the two never write at once from here).
    pub(crate) async fn migration_connection(&self) -> Result<MigrationConn, StoreError> {
        match self.backend {
            Backend::Postgres => Ok(MigrationConn::Pooled(
                instrument::acquire("writer", self.writer.acquire()).await?,
            )),
            Backend::Sqlite => {
                let writer = instrument::acquire("writer", self.writer.acquire()).await?;
                let options = AnyConnectOptions::from_str(&self.url)
                    .map_err(|e| StoreError::Config(format!("invalid DATABASE_URL: {e}")))?;
                let mut conn = options.connect().await?;
                sqlite_setup(self.sqlite_busy_ms, false)(&mut conn).await?;
                Ok(MigrationConn::Own {
                    conn,
                    _writer: writer,
                })
            }
        }
    }
}

/// Options of the replica pool (sqlx's): no ping when a connection is taken out, except
/// for one idle for [`PING_IDLE_AFTER`], which is when one may have died (a restarted or
/// failed-over server); a connection that fails the ping is closed and another taken
/// (`docs/decisions/0040-pool-checks-and-sqlite-pragmas.md`). The request pools are this
/// crate's own ([`Pool`]), which apply the same rule and also skip sqlx's ping on release.
fn request_pool() -> AnyPoolOptions {
    AnyPoolOptions::new()
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_IDLE_AFTER {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
}

/// What each new SQLite connection runs first.
fn sqlite_setup(busy_ms: u128, read_only: bool) -> AfterConnect {
    Arc::new(move |conn| {
        Box::pin(async move {
            conn.execute("PRAGMA journal_mode = WAL").await?;
            conn.execute("PRAGMA foreign_keys = ON").await?;
            conn.execute("PRAGMA synchronous = NORMAL").await?;
            // Reads from the memory map instead of a read() per page; a page cache
            // that holds a catalog of ten thousand courses; sorts and temporary
            // B-trees (GROUP BY, ORDER BY without an index) in memory.
            conn.execute("PRAGMA mmap_size = 268435456").await?;
            conn.execute("PRAGMA cache_size = -8192").await?;
            conn.execute("PRAGMA temp_store = MEMORY").await?;
            conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str())
                .await?;
            if read_only {
                conn.execute("PRAGMA query_only = ON").await?;
            } else {
                // Checkpoints run in a task of their own (`checkpoint.rs`); the writer's
                // commits do one only if the log grows past this backstop.
                conn.execute(
                    format!("PRAGMA wal_autocheckpoint = {WRITER_BACKSTOP_PAGES}").as_str(),
                )
                .await?;
            }
            Ok(())
        })
    })
}

/// The connection migrations run on ([`Db::migration_connection`]).
pub(crate) enum MigrationConn {
    Pooled(Pooled),
    /// SQLite: a sqlx connection, opened while the pool's writer is held.
    Own {
        conn: sqlx::AnyConnection,
        _writer: Pooled,
    },
}

impl MigrationConn {
    pub(crate) fn any(&mut self) -> Result<&mut sqlx::AnyConnection, StoreError> {
        match self {
            MigrationConn::Pooled(conn) => conn
                .any()
                .ok_or_else(|| StoreError::Config("the writer has no sqlx connection".into())),
            MigrationConn::Own { conn, .. } => Ok(conn),
        }
    }
}

/// Something repositories can run statements on: a transaction or a pooled connection.
/// Repository functions take `&mut dyn Session`, so the same function works in both.
///
/// [`Session::conn`] is `#[track_caller]`: the statement run on what it returns is timed
/// under the name of the function that called it (see `instrument.rs`).
pub trait Session: Send {
    #[track_caller]
    fn conn(&mut self) -> Timed<'_>;
    fn backend(&self) -> Backend;
}

/// A write transaction. Dropped without [`Tx::commit`], it rolls back: nothing half-written.
pub struct Tx {
    inner: Pooled,
    /// Begun and neither committed nor rolled back.
    open: bool,
    backend: Backend,
    instruments: Arc<Instruments>,
    on_commit: Vec<Box<dyn FnOnce() + Send>>,
}

impl Tx {
    /// Commits, then runs the [`Tx::after_commit`] callbacks (never on rollback).
    pub async fn commit(mut self) -> Result<(), StoreError> {
        self.inner.commit().await?;
        self.open = false;
        for f in std::mem::take(&mut self.on_commit) {
            f();
        }
        // SQLite has one writer: the next write waits for this connection. Giving it back
        // wakes that write onto this runtime thread's next-task slot, which no other thread
        // may take, so it would wait for this request's response to be built and sent; yielding
        // here lets it run first, and this task's rest goes to the queue the other thread can
        // take from (ADR 0059).
        let backend = self.backend;
        drop(self);
        if backend == Backend::Sqlite {
            tokio::task::yield_now().await;
        }
        Ok(())
    }

    /// Registers an in-process effect that must happen only once this transaction is
    /// committed (waking local WebSocket connections on SQLite). Dropped on rollback.
    pub fn after_commit(&mut self, f: impl FnOnce() + Send + 'static) {
        self.on_commit.push(Box::new(f));
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.open {
            self.inner.start_rollback();
        }
    }
}

impl Session for Tx {
    #[track_caller]
    fn conn(&mut self) -> Timed<'_> {
        Timed::new(self.inner.target(), &self.instruments, Location::caller())
    }
    fn backend(&self) -> Backend {
        self.backend
    }
}

/// A write that is one statement: see [`Db::write_statement`]. Run exactly one statement
/// on it (a second one would be a second transaction on PostgreSQL).
pub struct StatementWrite {
    inner: StatementInner,
}

enum StatementInner {
    /// SQLite: the statement's batch in a transaction.
    Tx(Tx),
    /// PostgreSQL: a writer connection in autocommit; an unfinished statement (a cancelled
    /// request) has its connection checked before its next use, as a [`Conn`]'s.
    Alone(Conn),
}

impl StatementWrite {
    /// Ends the write: `COMMIT` on SQLite; on PostgreSQL the statement committed when it
    /// ran, and this only gives the connection back.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            StatementInner::Tx(tx) => tx.commit().await,
            StatementInner::Alone(_) => Ok(()),
        }
    }
}

impl Session for StatementWrite {
    #[track_caller]
    fn conn(&mut self) -> Timed<'_> {
        match &mut self.inner {
            StatementInner::Tx(tx) => tx.conn(),
            StatementInner::Alone(conn) => conn.conn(),
        }
    }
    fn backend(&self) -> Backend {
        match &self.inner {
            StatementInner::Tx(tx) => tx.backend,
            StatementInner::Alone(conn) => conn.backend,
        }
    }
}

/// A pooled read connection. Dropped with a statement unfinished (a cancelled request on
/// PostgreSQL; SQLite's statements run to their end where they are called), its
/// connection is checked before its next use.
pub struct Conn {
    inner: ConnInner,
    backend: Backend,
    instruments: Arc<Instruments>,
    /// Set while a statement runs on an sqlx connection.
    unsettled: AtomicBool,
}

/// Where a [`Conn`]'s connection comes from.
enum ConnInner {
    /// The request pool (this crate's own).
    Request(Pooled),
    /// The replica (sqlx's pool, which checks connections on release itself).
    Replica(sqlx::pool::PoolConnection<sqlx::Any>),
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let ConnInner::Request(conn) = &mut self.inner {
            if self.unsettled.load(Ordering::Acquire) {
                conn.needs_check();
            }
        }
    }
}

impl Session for Conn {
    #[track_caller]
    fn conn(&mut self) -> Timed<'_> {
        let conn = match &mut self.inner {
            ConnInner::Request(conn) => conn.target(),
            ConnInner::Replica(conn) => Target::Any(conn),
        };
        Timed::new(conn, &self.instruments, Location::caller()).settling(&self.unsettled)
    }
    fn backend(&self) -> Backend {
        self.backend
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            Backend::from_url("sqlite:x.db?mode=rwc").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://x").is_err());
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("sqlite:practicum.db"), "sqlite:practicum.db");
    }
}
