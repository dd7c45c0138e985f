//! Database instrumentation: every statement a repository runs is timed under the name of
//! the repository function that ran it (`db_query_duration_seconds{query="identity::users::find_by_email"}`),
//! statements slower than a threshold are logged with that name and the request id, and
//! waiting for a pooled connection is timed (`db_pool_acquire_duration_seconds{pool}`).
//!
//! How the name is found without touching the repositories: [`Session::conn`] is
//! `#[track_caller]`, so it knows the file and line it was called from, and the build
//! script (`build.rs`) wrote a table of where each function of this crate starts. The
//! executor it returns ([`Timed`]) is an ordinary sqlx executor that measures the
//! statement it runs. Labels come from that table only: never SQL text or parameters, so
//! the series are bounded by the number of repository functions.
//!
//! [`Session::conn`]: crate::Session::conn

use std::{
    fmt,
    future::Future,
    ops::{Deref, DerefMut},
    panic::Location,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    task::{Context, Poll},
    time::{Duration, Instant},
};

use futures_core::{future::BoxFuture, stream::BoxStream, Stream};
use sqlx::{
    any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo},
    Any, AnyConnection, Connection, Describe, Either, Execute, Executor, Transaction,
};

/// One source file of this crate, as `build.rs` saw it.
struct SourceFile {
    /// The path under `src/`, `/`-separated.
    file: &'static str,
    /// `(line, full name)` of each function's first line, in line order.
    fns: &'static [(u32, &'static str)],
}

mod names {
    include!(concat!(env!("OUT_DIR"), "/query_names.rs"));
}

tokio::task_local! {
    static REQUEST_ID: Arc<str>;
}

/// Runs `fut` with `id` as the current request id, which slow-query log lines carry.
pub fn with_request_id<F: Future>(id: &str, fut: F) -> impl Future<Output = F::Output> {
    REQUEST_ID.scope(Arc::from(id), fut)
}

/// The id of the request being handled on this task, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(|id| id.to_string()).ok()
}

/// The repository function that contains `location`, as `module::function`. Runs for
/// every statement: no allocation, no lock (the names are the build script's).
pub fn query_name(location: &Location<'_>) -> &'static str {
    // This crate's `src/` as the compiler names it (the prefix of this very file).
    let own = file!();
    let src = own.strip_suffix("instrument.rs").unwrap_or(own);
    let Some(rel) = location.file().strip_prefix(src) else {
        return "outside_store";
    };
    let rel: std::borrow::Cow<'_, str> = if rel.contains('\\') {
        rel.replace('\\', "/").into()
    } else {
        rel.into()
    };
    let Some(source) = names::FUNCTIONS.iter().find(|f| f.file == rel) else {
        return "unknown";
    };
    let at = source
        .fns
        .partition_point(|(line, _)| *line <= location.line());
    match at.checked_sub(1).map(|i| source.fns[i]) {
        Some((_, name)) => name,
        None => "unknown",
    }
}

/// What every session of one [`crate::Db`] shares: the statement counter and the
/// slow-query threshold.
#[derive(Debug, Default)]
pub(crate) struct Instruments {
    queries: AtomicU64,
    /// Statements at least this slow are logged; `None` logs none.
    slow_query: Option<Duration>,
}

impl Instruments {
    pub(crate) fn new(slow_query: Option<Duration>) -> Arc<Self> {
        Arc::new(Self {
            queries: AtomicU64::new(0),
            slow_query,
        })
    }

    pub(crate) fn count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }
}

/// Times a pool acquire (or a `BEGIN`, which acquires first) into
/// `db_pool_acquire_duration_seconds{pool}`.
pub(crate) async fn acquire<T, E>(
    pool: &'static str,
    fut: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    let start = Instant::now();
    let out = fut.await;
    metrics::histogram!("db_pool_acquire_duration_seconds", "pool" => pool)
        .record(start.elapsed().as_secs_f64());
    if out.is_err() {
        metrics::counter!("db_pool_acquire_errors_total", "pool" => pool).increment(1);
    }
    out
}

/// A connection on which the next statement is measured under the name of the
/// repository function that asked for it. Use it where a `&mut AnyConnection` executor
/// would go: `.fetch_one(s.conn())`.
pub struct Timed<'c> {
    conn: &'c mut AnyConnection,
    name: &'static str,
    instruments: Arc<Instruments>,
    /// The session's "a statement is under way" flag, if it has one (see
    /// [`Timed::settling`]).
    unsettled: Option<&'c AtomicBool>,
}

impl<'c> Timed<'c> {
    pub(crate) fn new(
        conn: &'c mut AnyConnection,
        instruments: &Arc<Instruments>,
        location: &Location<'_>,
    ) -> Self {
        instruments.queries.fetch_add(1, Ordering::Relaxed);
        Self {
            conn,
            name: query_name(location),
            instruments: instruments.clone(),
            unsettled: None,
        }
    }

    /// Keeps `flag` set while the statement runs, and cleared only when it finishes
    /// (success or error): a connection whose statement was abandoned half-way keeps it
    /// set. Used outside the executor (a savepoint, the raw connection), it stays set.
    pub(crate) fn settling(mut self, flag: &'c AtomicBool) -> Self {
        self.unsettled = Some(flag);
        self
    }

    fn unsettle(&self) {
        if let Some(flag) = self.unsettled {
            flag.store(true, Ordering::Release);
        }
    }

    /// The name the statement will be measured under.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// A savepoint (nested transaction) on this connection. Its statements are not
    /// measured one by one.
    pub fn begin(self) -> BoxFuture<'c, Result<Transaction<'c, Any>, sqlx::Error>> {
        self.unsettle();
        Connection::begin(self.conn)
    }

    fn timer(&self) -> Timer {
        Timer {
            name: self.name,
            start: Instant::now(),
            instruments: self.instruments.clone(),
        }
    }
}

impl fmt::Debug for Timed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timed").field("name", &self.name).finish()
    }
}

impl Deref for Timed<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.conn
    }
}

impl DerefMut for Timed<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.unsettle();
        self.conn
    }
}

/// Records the statement's duration when dropped: when its future resolves or its
/// stream ends (or when either is abandoned).
struct Timer {
    name: &'static str,
    start: Instant,
    instruments: Arc<Instruments>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        let elapsed = self.start.elapsed();
        metrics::histogram!("db_query_duration_seconds", "query" => self.name)
            .record(elapsed.as_secs_f64());
        if let Some(threshold) = self.instruments.slow_query {
            if elapsed >= threshold {
                let request_id = current_request_id().unwrap_or_default();
                // No label: the log line names the query, the histogram times each one.
                metrics::counter!("db_slow_queries_total").increment(1);
                tracing::warn!(
                    target: "practicum::slow_query",
                    query = self.name,
                    elapsed_ms = elapsed.as_millis() as u64,
                    threshold_ms = threshold.as_millis() as u64,
                    request_id = %request_id,
                    "slow query"
                );
            }
        }
    }
}

struct TimedStream<'e, T> {
    inner: BoxStream<'e, T>,
    _timer: Timer,
    /// Cleared when the stream ends.
    unsettled: Option<&'e AtomicBool>,
}

impl<T> Stream for TimedStream<'_, Result<T, sqlx::Error>> {
    type Item = Result<T, sqlx::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = self.inner.as_mut().poll_next(cx);
        match &next {
            // The connection may be broken: it stays unsettled, to be checked.
            Poll::Ready(Some(Err(e))) if !settles(e) => self.unsettled = None,
            Poll::Ready(None) => {
                if let Some(flag) = self.unsettled {
                    flag.store(false, Ordering::Release);
                }
            }
            _ => {}
        }
        next
    }
}

/// Whether a statement that failed with `e` leaves its connection in a known state: the
/// database answered (a constraint, a missing row, a value that did not decode). Any other
/// error (I/O, protocol, a crashed SQLite worker) may mean a broken connection, which is
/// then checked before its next use.
fn settles(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::Database(_)
            | sqlx::Error::RowNotFound
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::ColumnIndexOutOfBounds { .. }
            | sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::Decode(_)
            | sqlx::Error::TypeNotFound { .. }
    )
}

impl<'c> Executor<'c> for Timed<'c> {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let timer = self.timer();
        self.unsettle();
        Box::pin(TimedStream {
            inner: self.conn.fetch_many(query),
            _timer: timer,
            unsettled: self.unsettled,
        })
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let timer = self.timer();
        self.unsettle();
        let unsettled = self.unsettled;
        let fut = self.conn.fetch_optional(query);
        Box::pin(async move {
            let out = fut.await;
            drop(timer);
            if let Some(flag) = unsettled {
                if out.as_ref().err().is_none_or(settles) {
                    flag.store(false, Ordering::Release);
                }
            }
            out
        })
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        self.unsettle();
        self.conn.prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        self.unsettle();
        self.conn.describe(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_named_after_the_function_it_is_in() {
        assert_eq!(
            query_name(Location::caller()),
            "instrument::a_call_is_named_after_the_function_it_is_in"
        );
        let nested = || query_name(Location::caller());
        assert_eq!(
            nested(),
            "instrument::a_call_is_named_after_the_function_it_is_in"
        );
    }

    #[test]
    fn every_repository_file_is_in_the_table() {
        for file in [
            "identity/users.rs",
            "jobs.rs",
            "adaptive/mastery.rs",
            "backend.rs",
        ] {
            let entry = names::FUNCTIONS.iter().find(|f| f.file == file);
            assert!(entry.is_some_and(|f| !f.fns.is_empty()), "{file}");
        }
    }
}
