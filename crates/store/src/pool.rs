//! The pool of the connections that serve requests: a semaphore of `max` permits over a
//! stack of idle connections, with no check on the way in or out of a healthy one.
//!
//! Why not sqlx's pool (`docs/decisions/0041-own-request-pool.md`): sqlx 0.8 returns every
//! connection through a task it spawns, which pings the connection before it is idle
//! again — a round trip on PostgreSQL, a hop to the connection's worker thread and back on
//! SQLite — unconditionally. On the single SQLite writer that ping sat between every two
//! write transactions, and under load (every connection in use) every read paid it too.
//!
//! What it keeps of sqlx's guarantees:
//! - at most `max` connections are open (a connection is opened only by the holder of a
//!   permit who found no idle one);
//! - waiting for a permit is bounded by the acquire timeout ([`StoreError::Busy`]-like
//!   `PoolTimedOut`);
//! - a connection that may be in an unknown state — its statement abandoned half-way by a
//!   cancelled request, a transaction dropped without commit (its rollback is started,
//!   not awaited), or a `BEGIN`/`COMMIT` that did not finish — is pinged when it is given back,
//!   by a task that holds its permit meanwhile (the ping also finishes the rollback, so
//!   its locks are released at once), and closed if the ping fails; one idle for
//!   [`PING_IDLE_AFTER`] or longer is pinged before its next use (a restarted database);
//! - closing the pool closes every idle connection, and every connection given back
//!   after that.
//!
//! A pooled connection is sqlx's (PostgreSQL) or a [`DirectConn`] (SQLite's request
//! connections, run on the calling thread: ADR 0057). A direct connection's statements
//! cannot be abandoned half-way, and a transaction dropped without commit is rolled back
//! at once, so it is checked only after a `BEGIN`/`COMMIT` that failed.

use std::{
    borrow::Cow,
    fmt,
    sync::{
        atomic::{AtomicBool, AtomicU32, Ordering},
        Arc, Mutex, MutexGuard,
    },
    time::{Duration, Instant},
};

use futures_core::future::BoxFuture;
use sqlx::{
    any::AnyConnectOptions, Any, AnyConnection, ConnectOptions, Connection, Database,
    TransactionManager,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::direct::{self, DirectConn, DirectOptions, Want};
use crate::instrument::Target;

/// A connection idle at least this long is pinged before a request gets it.
pub(crate) const PING_IDLE_AFTER: Duration = Duration::from_secs(1);

/// What a new connection runs before its first use (SQLite's pragmas).
pub(crate) type AfterConnect =
    Arc<dyn Fn(&mut AnyConnection) -> BoxFuture<'_, Result<(), sqlx::Error>> + Send + Sync>;

/// A pool of request connections. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Pool {
    shared: Arc<Shared>,
}

/// How the pool opens a connection.
pub(crate) enum Opener {
    /// sqlx's `Any` driver (PostgreSQL), then `after_connect`.
    Any {
        options: AnyConnectOptions,
        after_connect: Option<AfterConnect>,
    },
    /// SQLite on the calling thread (`direct`, ADR 0057).
    Direct(DirectOptions),
}

/// A pooled connection of either kind.
pub(crate) enum Link {
    Any(AnyConnection),
    Direct(DirectConn),
}

impl Link {
    async fn ping(&mut self) -> Result<(), sqlx::Error> {
        match self {
            Link::Any(conn) => conn.ping().await,
            Link::Direct(conn) => {
                // A transaction left open (a rollback that did not finish) ends here.
                if conn.in_transaction() {
                    conn.run("ROLLBACK", None, Want::All).await?;
                }
                conn.ping()
            }
        }
    }

    async fn close(self) {
        match self {
            Link::Any(conn) => {
                let _ = conn.close().await;
            }
            Link::Direct(conn) => drop(conn),
        }
    }
}

struct Shared {
    opener: Opener,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Idle>>,
    /// Open connections: idle ones plus those handed out.
    size: AtomicU32,
    max: u32,
    acquire_timeout: Duration,
    closed: AtomicBool,
}

struct Idle {
    conn: Link,
    since: Instant,
    /// Its state is not known (see the module's documentation): ping before use.
    check: bool,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("max", &self.shared.max)
            .field("size", &self.size())
            .finish_non_exhaustive()
    }
}

impl Pool {
    /// A pool of at most `max` connections to `connect`, with one opened now so that a
    /// wrong URL or an unreachable database fails here, at start.
    pub(crate) async fn connect(
        opener: Opener,
        max: u32,
        acquire_timeout: Duration,
    ) -> Result<Self, sqlx::Error> {
        let max = max.max(1);
        let pool = Self {
            shared: Arc::new(Shared {
                opener,
                permits: Arc::new(Semaphore::new(max as usize)),
                idle: Mutex::new(Vec::new()),
                size: AtomicU32::new(0),
                max,
                acquire_timeout,
                closed: AtomicBool::new(false),
            }),
        };
        drop(pool.acquire().await?);
        Ok(pool)
    }

    /// A connection: an idle one if there is one, else a new one; waits for a permit at
    /// most the acquire timeout.
    pub(crate) async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        let shared = &self.shared;
        if shared.closed.load(Ordering::Acquire) {
            return Err(sqlx::Error::PoolClosed);
        }
        let permit = match shared.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => tokio::time::timeout(
                shared.acquire_timeout,
                shared.permits.clone().acquire_owned(),
            )
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?,
        };
        loop {
            let Some(idle) = self.lock_idle().pop() else {
                break;
            };
            let mut conn = idle.conn;
            if idle.check || idle.since.elapsed() >= PING_IDLE_AFTER {
                if let Err(e) = conn.ping().await {
                    tracing::debug!(error = %e, "a pooled connection failed its check; closing it");
                    shared.size.fetch_sub(1, Ordering::AcqRel);
                    drop(conn);
                    continue;
                }
            }
            return Ok(self.hand_out(conn, permit));
        }
        let conn = self.open().await?;
        Ok(self.hand_out(conn, permit))
    }

    async fn open(&self) -> Result<Link, sqlx::Error> {
        let shared = &self.shared;
        let conn = match &shared.opener {
            Opener::Any {
                options,
                after_connect,
            } => {
                let mut conn = tokio::time::timeout(shared.acquire_timeout, options.connect())
                    .await
                    .map_err(|_| sqlx::Error::PoolTimedOut)??;
                if let Some(after) = after_connect {
                    if let Err(e) = after(&mut conn).await {
                        let _ = conn.close().await;
                        return Err(e);
                    }
                }
                Link::Any(conn)
            }
            // Opening a file and a few pragmas: short, and only when the pool grows.
            Opener::Direct(options) => Link::Direct(options.open()?),
        };
        shared.size.fetch_add(1, Ordering::AcqRel);
        Ok(conn)
    }

    fn hand_out(&self, conn: Link, permit: OwnedSemaphorePermit) -> Pooled {
        Pooled {
            conn: Some(conn),
            check: false,
            pool: self.clone(),
            permit: Some(permit),
        }
    }

    fn lock_idle(&self) -> MutexGuard<'_, Vec<Idle>> {
        match self.shared.idle.lock() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Takes a connection back (from [`Pooled`]'s drop). A settled one is idle at once,
    /// before the permit is released. One in doubt is checked first, in a task that
    /// holds the permit meanwhile: the check also finishes a started rollback, which must
    /// not wait for the connection's next user (on PostgreSQL the open transaction would
    /// hold its row locks, and the requests waiting on them, until then).
    fn give_back(&self, mut conn: Link, check: bool, permit: OwnedSemaphorePermit) {
        if self.shared.closed.load(Ordering::Acquire) {
            self.shared.size.fetch_sub(1, Ordering::AcqRel);
            close_in_background(conn);
            return;
        }
        if !check {
            self.lock_idle().push(Idle {
                conn,
                since: Instant::now(),
                check: false,
            });
            drop(permit);
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // No runtime to check it on: checked by its next user.
            self.lock_idle().push(Idle {
                conn,
                since: Instant::now(),
                check: true,
            });
            return;
        };
        let pool = self.clone();
        runtime.spawn(async move {
            match conn.ping().await {
                Ok(()) => pool.lock_idle().push(Idle {
                    conn,
                    since: Instant::now(),
                    check: false,
                }),
                Err(e) => {
                    tracing::debug!(error = %e, "a connection given back failed its check; closing it");
                    pool.shared.size.fetch_sub(1, Ordering::AcqRel);
                }
            }
            drop(permit);
        });
    }

    /// Open connections.
    pub(crate) fn size(&self) -> u32 {
        self.shared.size.load(Ordering::Acquire)
    }

    /// Idle connections.
    pub(crate) fn num_idle(&self) -> usize {
        self.lock_idle().len()
    }

    /// Closes every idle connection and refuses new acquires; connections in use are
    /// closed when they are given back.
    pub(crate) async fn close(&self) {
        self.shared.closed.store(true, Ordering::Release);
        self.shared.permits.close();
        let idle = std::mem::take(&mut *self.lock_idle());
        for Idle { conn, .. } in idle {
            self.shared.size.fetch_sub(1, Ordering::AcqRel);
            conn.close().await;
        }
    }
}

/// Closes a connection given back after the pool closed, without blocking the drop.
fn close_in_background(conn: Link) {
    match (conn, tokio::runtime::Handle::try_current()) {
        (Link::Any(conn), Ok(handle)) => {
            handle.spawn(async move {
                let _ = conn.close().await;
            });
        }
        (conn, _) => drop(conn),
    }
}

/// A connection out of the [`Pool`]; given back when dropped.
pub(crate) struct Pooled {
    /// `Some` until dropped.
    conn: Option<Link>,
    /// Whether the connection must be checked before its next use.
    check: bool,
    pool: Pool,
    /// Released once the connection is back among the idle ones. `Some` until dropped.
    permit: Option<OwnedSemaphorePermit>,
}

impl fmt::Debug for Pooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pooled")
            .field("check", &self.check)
            .finish_non_exhaustive()
    }
}

impl Pooled {
    /// Marks the connection as in an unknown state: it is pinged before its next use.
    pub(crate) fn needs_check(&mut self) {
        self.check = true;
    }

    /// Starts a transaction on this connection (`statement` instead of `BEGIN`).
    pub(crate) async fn begin(
        &mut self,
        statement: Option<Cow<'static, str>>,
    ) -> Result<(), sqlx::Error> {
        // Until it has begun, a cancelled BEGIN leaves the connection in doubt.
        self.check = true;
        match self.link() {
            Link::Any(conn) => {
                <Any as Database>::TransactionManager::begin(conn, statement).await?
            }
            Link::Direct(conn) => {
                conn.run(&direct::begin_statement(statement), None, Want::All)
                    .await?;
            }
        }
        self.check = false;
        Ok(())
    }

    /// Commits the transaction begun by [`Pooled::begin`].
    pub(crate) async fn commit(&mut self) -> Result<(), sqlx::Error> {
        self.check = true;
        match self.link() {
            Link::Any(conn) => <Any as Database>::TransactionManager::commit(conn).await?,
            Link::Direct(conn) => {
                conn.run("COMMIT", None, Want::All).await?;
            }
        }
        self.check = false;
        Ok(())
    }

    /// Rolls back the open transaction: at once on SQLite (no wait: the rollback of a
    /// transaction that holds the write lock never waits for a lock); on PostgreSQL it is
    /// started, and finished by the next statement or by the check before the next use.
    pub(crate) fn start_rollback(&mut self) {
        match self.link() {
            Link::Any(conn) => {
                <Any as Database>::TransactionManager::start_rollback(conn);
                self.check = true;
            }
            Link::Direct(conn) => {
                if conn.rollback_now().is_err() {
                    self.check = true;
                }
            }
        }
    }

    /// What the executor runs statements on.
    pub(crate) fn target(&mut self) -> Target<'_> {
        match self.link() {
            Link::Any(conn) => Target::Any(conn),
            Link::Direct(conn) => Target::Direct(conn),
        }
    }

    /// The sqlx connection, where this is one (PostgreSQL); `None` on SQLite.
    pub(crate) fn any(&mut self) -> Option<&mut AnyConnection> {
        match self.link() {
            Link::Any(conn) => Some(conn),
            Link::Direct(_) => None,
        }
    }

    fn link(&mut self) -> &mut Link {
        match self.conn.as_mut() {
            Some(conn) => conn,
            None => unreachable!("a Pooled holds its connection until it is dropped"),
        }
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let (Some(conn), Some(permit)) = (self.conn.take(), self.permit.take()) {
            self.pool.give_back(conn, self.check, permit);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::{Executor, Row};

    use super::*;

    /// A pool over one private in-memory SQLite database per connection.
    async fn pool(max: u32, timeout_ms: u64) -> Pool {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str("sqlite::memory:").unwrap();
        let opener = Opener::Any {
            options,
            after_connect: None,
        };
        Pool::connect(opener, max, Duration::from_millis(timeout_ms))
            .await
            .unwrap()
    }

    async fn count(conn: &mut AnyConnection) -> i64 {
        sqlx::query("SELECT COUNT(*) AS n FROM t")
            .fetch_one(conn)
            .await
            .unwrap()
            .get("n")
    }

    #[tokio::test]
    async fn a_connection_given_back_is_reused_not_reopened() {
        let pool = pool(4, 1000).await;
        assert_eq!((pool.size(), pool.num_idle()), (1, 1));
        for _ in 0..10 {
            let mut conn = pool.acquire().await.unwrap();
            conn.any().unwrap().execute("SELECT 1").await.unwrap();
        }
        assert_eq!((pool.size(), pool.num_idle()), (1, 1));
    }

    #[tokio::test]
    async fn never_more_than_max_open_and_a_waiter_times_out() {
        let pool = pool(2, 100).await;
        let a = pool.acquire().await.unwrap();
        let b = pool.acquire().await.unwrap();
        assert_eq!(pool.size(), 2);
        let third = pool.acquire().await;
        assert!(matches!(third, Err(sqlx::Error::PoolTimedOut)), "{third:?}");
        assert_eq!(pool.size(), 2);
        // A waiter gets the connection given back.
        let waiter = tokio::spawn({
            let pool = pool.clone();
            async move { pool.acquire().await.map(drop) }
        });
        drop(a);
        waiter.await.unwrap().unwrap();
        drop(b);
        assert_eq!((pool.size(), pool.num_idle()), (2, 2));
    }

    #[tokio::test]
    async fn a_transaction_dropped_without_commit_is_rolled_back_and_checked() {
        let pool = pool(1, 1000).await;
        let mut conn = pool.acquire().await.unwrap();
        conn.any()
            .unwrap()
            .execute("CREATE TABLE t (x INTEGER)")
            .await
            .unwrap();
        conn.begin(None).await.unwrap();
        conn.any()
            .unwrap()
            .execute("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        conn.start_rollback();
        drop(conn);
        // Checked (the rollback finished) in the background, the permit held meanwhile.
        let mut conn = pool.acquire().await.unwrap();
        assert_eq!(pool.size(), 1);
        assert_eq!(count(conn.any().unwrap()).await, 0);
        // Committed, it stays; the connection is not marked.
        conn.begin(None).await.unwrap();
        conn.any()
            .unwrap()
            .execute("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        conn.commit().await.unwrap();
        drop(conn);
        assert_eq!(pool.num_idle(), 1, "a committed one is idle at once");
        let mut conn = pool.acquire().await.unwrap();
        assert_eq!(count(conn.any().unwrap()).await, 1);
        assert_eq!(pool.size(), 1, "the same connection all along");
    }

    #[tokio::test]
    async fn a_closed_pool_closes_its_connections_and_refuses_acquires() {
        let pool = pool(2, 1000).await;
        let held = pool.acquire().await.unwrap();
        pool.close().await;
        assert!(matches!(pool.acquire().await, Err(sqlx::Error::PoolClosed)));
        drop(held);
        assert_eq!((pool.size(), pool.num_idle()), (0, 0));
    }
}
