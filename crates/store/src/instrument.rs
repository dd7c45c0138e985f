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
    Any, AnyConnection, Describe, Either, Execute, Executor,
};

use crate::direct::{DirectConn, Output, Want};

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
    static OFF_REQUEST_PATH: ();
}

/// Runs `fut` as work off the request path (a background job): on SQLite its statements,
/// which may be long (an analytics refresh over a million events), run under
/// `tokio::task::block_in_place`, so the runtime's other tasks move to another thread
/// meanwhile instead of waiting behind them (ADR 0057). Request handlers' statements are
/// short and run on the calling thread as they are.
pub fn off_request_path<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    OFF_REQUEST_PATH.scope((), fut)
}

/// Whether the current task's statements should leave its worker thread to others while
/// they run: inside [`off_request_path`], on a multi-threaded runtime (a single-threaded
/// one has no other thread to hand its tasks to).
pub(crate) fn hands_off_long_work() -> bool {
    OFF_REQUEST_PATH.try_with(|_| ()).is_ok()
        && tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
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

/// The connection a statement runs on: sqlx's (PostgreSQL, the replica) or SQLite on the
/// calling thread (`direct`).
pub(crate) enum Target<'c> {
    Any(&'c mut AnyConnection),
    Direct(&'c mut DirectConn),
}

/// A connection on which the next statement is measured under the name of the
/// repository function that asked for it. Use it where a `&mut AnyConnection` executor
/// would go: `.fetch_one(s.conn())`.
pub struct Timed<'c> {
    conn: Target<'c>,
    name: &'static str,
    instruments: Arc<Instruments>,
    /// The session's "a statement is under way" flag, if it has one (see
    /// [`Timed::settling`]).
    unsettled: Option<&'c AtomicBool>,
}

impl<'c> Timed<'c> {
    pub(crate) fn new(
        conn: Target<'c>,
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
    /// set. Only sqlx's connections use it (a direct one cannot be abandoned half-way).
    pub(crate) fn settling(mut self, flag: &'c AtomicBool) -> Self {
        self.unsettled = Some(flag);
        self
    }

    /// The name the statement will be measured under.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The statement's timer (started now), the connection and the session's flag.
    fn into_parts(self) -> (Timer, Target<'c>, Option<&'c AtomicBool>) {
        let timer = self.timer();
        (timer, self.conn, self.unsettled)
    }

    /// The sqlx connection, marked as running a statement: what `prepare`/`describe` need,
    /// which the store never asks of a direct connection (it prepares and caches its own).
    fn into_any(self, what: &str) -> Result<&'c mut AnyConnection, sqlx::Error> {
        match self.conn {
            Target::Any(conn) => {
                mark(self.unsettled);
                Ok(conn)
            }
            Target::Direct(_) => Err(sqlx::Error::Protocol(format!(
                "{what} is not supported on a direct SQLite connection"
            ))),
        }
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

/// Sets a session's "a statement is under way" flag (see [`Timed::settling`]).
fn mark(unsettled: Option<&AtomicBool>) {
    if let Some(flag) = unsettled {
        flag.store(true, Ordering::Release);
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
        let (timer, conn, unsettled) = self.into_parts();
        match conn {
            Target::Any(conn) => {
                mark(unsettled);
                Box::pin(TimedStream {
                    inner: conn.fetch_many(query),
                    _timer: timer,
                    unsettled,
                })
            }
            Target::Direct(conn) => Box::pin(DirectStream::Running(run_direct(
                conn,
                query,
                Want::All,
                timer,
            ))),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let (timer, conn, unsettled) = self.into_parts();
        match conn {
            Target::Any(conn) => {
                mark(unsettled);
                let fut = conn.fetch_optional(query);
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
            Target::Direct(conn) => {
                let run = run_direct(conn, query, Want::FirstRow, timer);
                Box::pin(async move { Ok(run.await?.into_iter().find_map(|item| item.right())) })
            }
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self.into_any("prepare") {
            Ok(conn) => conn.prepare_with(sql, parameters),
            Err(e) => Box::pin(async { Err(e) }),
        }
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self.into_any("describe") {
            Ok(conn) => conn.describe(sql),
            Err(e) => Box::pin(async { Err(e) }),
        }
    }
}

/// Runs `query` on a SQLite connection of the calling thread; `timer` measures it.
fn run_direct<'e, 'q: 'e, E: 'q + Execute<'q, Any>>(
    conn: &'e mut DirectConn,
    mut query: E,
    want: Want,
    timer: Timer,
) -> BoxFuture<'e, Result<Output, sqlx::Error>> {
    let sql = query.sql();
    let args = query.take_arguments();
    Box::pin(async move {
        let args = args.map_err(sqlx::Error::Encode)?;
        let out = conn.run(sql, args.as_ref(), want).await;
        drop(timer);
        out
    })
}

/// The rows of a statement run on a [`DirectConn`]: the run, then what it yielded.
enum DirectStream<'e> {
    Running(BoxFuture<'e, Result<Output, sqlx::Error>>),
    Yielding(std::vec::IntoIter<Either<AnyQueryResult, AnyRow>>),
    Done,
}

impl Stream for DirectStream<'_> {
    type Item = Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match &mut *self {
                DirectStream::Running(run) => match run.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(out)) => *self = DirectStream::Yielding(out.into_iter()),
                    Poll::Ready(Err(e)) => {
                        *self = DirectStream::Done;
                        return Poll::Ready(Some(Err(e)));
                    }
                },
                DirectStream::Yielding(items) => return Poll::Ready(items.next().map(Ok)),
                DirectStream::Done => return Poll::Ready(None),
            }
        }
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_work_off_the_request_path_hands_its_thread_off() {
        assert!(
            !hands_off_long_work(),
            "a request's statements stay where they are"
        );
        assert!(off_request_path(async { hands_off_long_work() }).await);
        // A task spawned from a job is not the job: it runs its statements in place.
        let spawned = off_request_path(async {
            tokio::spawn(async { hands_off_long_work() }).await.unwrap()
        });
        assert!(!spawned.await);
    }

    #[tokio::test]
    async fn a_single_threaded_runtime_never_hands_off() {
        // `block_in_place` would panic there: nothing to hand the thread's tasks to.
        assert!(!off_request_path(async { hands_off_long_work() }).await);
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
