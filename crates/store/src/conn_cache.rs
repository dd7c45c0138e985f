//! Read connections kept between requests without going back through sqlx's pool.
//!
//! sqlx 0.8 pings every connection that goes back to its pool (a round trip on
//! PostgreSQL, a hop to the worker thread and back on SQLite), unconditionally. A read
//! connection whose statements all finished is in a known state, so [`crate::Conn`] hands
//! it to this cache instead, and the next [`crate::Db::read`] takes it from here: no ping
//! either way. A connection whose statement was abandoned half-way (a cancelled request),
//! or that was used outside the timed executor, goes back through sqlx as before, which
//! pings it and closes it if it is broken. One idle longer than [`PING_IDLE_AFTER`] is
//! pinged before it is used (a restarted database). See
//! `docs/decisions/0040-pool-checks-and-sqlite-pragmas.md`.
//!
//! The cache never keeps a connection that a waiter of the pool may need: it keeps one only
//! while the pool could still open or hand out another (fewer than its maximum open, or
//! some idle), so nobody queues on the pool while a connection idles here.

use std::{
    sync::{Mutex, MutexGuard},
    time::{Duration, Instant},
};

use sqlx::{pool::PoolConnection, Any, AnyPool, Connection};

/// A connection idle at least this long is pinged before a request gets it.
pub(crate) const PING_IDLE_AFTER: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(crate) struct ConnCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    idle: Vec<(PoolConnection<Any>, Instant)>,
    closed: bool,
}

impl ConnCache {
    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// A cached connection, pinged first if it idled long; `None` when there is none (or
    /// the one there failed its ping: it is closed).
    pub(crate) async fn take(&self) -> Option<PoolConnection<Any>> {
        let (mut conn, since) = self.lock().idle.pop()?;
        if since.elapsed() >= PING_IDLE_AFTER && conn.ping().await.is_err() {
            conn.close_on_drop();
            return None;
        }
        Some(conn)
    }

    /// Keeps `conn` for the next read, or gives it back to `pool` when someone may be
    /// waiting for one there (or the handle is closing).
    pub(crate) fn put(&self, conn: PoolConnection<Any>, pool: &AnyPool) {
        let pool_can_serve =
            pool.num_idle() > 0 || pool.size() < pool.options().get_max_connections();
        let mut state = self.lock();
        if state.closed || !pool_can_serve {
            drop(state);
            drop(conn);
            return;
        }
        state.idle.push((conn, Instant::now()));
    }

    /// How many connections idle here (they count as idle in the pool gauges).
    pub(crate) fn len(&self) -> usize {
        self.lock().idle.len()
    }

    /// Gives every connection back to the pool and keeps none from now on (before the
    /// pool is closed: closing waits for every connection to come back).
    pub(crate) fn close(&self) {
        let idle = {
            let mut state = self.lock();
            state.closed = true;
            std::mem::take(&mut state.idle)
        };
        drop(idle);
    }
}
