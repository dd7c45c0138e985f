//! SQLite's request connections, run on the calling thread (ADR 0057).
//!
//! sqlx runs every SQLite connection on a thread of its own: each statement is a command
//! sent to that thread and each row a message back, so a request pays two context
//! switches per statement on top of the statement itself (microseconds). A
//! [`DirectConn`] owns its `sqlite3` handle (`rusqlite`) and runs the statement where it is
//! asked for, on the request's own thread, with no hand-off at all.
//!
//! It speaks the store's language unchanged: the executor ([`crate::instrument::Timed`])
//! takes the SQL text and the `Any` arguments that `sqlx::query(…).bind(…)` built, binds
//! them as sqlx's SQLite driver does (`$N` is the N-th argument, in every statement of a
//! batch), and hands back `AnyRow`s built as sqlx's `Any` driver builds them (each value
//! typed by what SQLite stored: integer, real, text, blob or null), so every repository
//! function and its row mapping run as they did.
//!
//! Waiting never happens on the calling thread: the connection's own busy timeout is 0,
//! and a statement that finds the database locked (another process's write, a
//! checkpoint) before it produced anything is retried after an asynchronous sleep, for
//! at most the configured busy timeout — then it fails with `SQLITE_BUSY` as before.

mod error;
mod value;

use std::{
    borrow::Cow,
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use rusqlite::{Batch, Connection, OpenFlags, Statement};
use sqlx::{
    any::{AnyArguments, AnyQueryResult, AnyRow},
    Either,
};

pub(crate) use error::DirectError;

/// The rows and results of one statement text (a batch yields those of each statement).
pub(crate) type Output = Vec<Either<AnyQueryResult, AnyRow>>;

/// Prepared statements each connection keeps (the store has a few hundred statement texts;
/// the hot ones stay prepared).
const STATEMENT_CACHE: usize = 512;

/// How a [`DirectConn`] is opened.
#[derive(Debug, Clone)]
pub(crate) struct DirectOptions {
    /// The file (or `:memory:`).
    path: String,
    flags: OpenFlags,
    /// The longest a statement waits for a lock, in asynchronous sleeps.
    busy_timeout: Duration,
    /// A reader (`PRAGMA query_only`); else the writer.
    read_only: bool,
    /// The writer's `wal_autocheckpoint` backstop, in pages.
    autocheckpoint_pages: u32,
}

impl DirectOptions {
    /// Options for `url` (`sqlite:path`, `sqlite://path`, `sqlite::memory:`, with sqlx's
    /// `?mode=ro|rw|rwc|memory`).
    pub(crate) fn from_url(
        url: &str,
        busy_timeout: Duration,
        read_only: bool,
        autocheckpoint_pages: u32,
    ) -> Result<Self, sqlx::Error> {
        let rest = url
            .strip_prefix("sqlite:")
            .ok_or_else(|| sqlx::Error::Configuration("not a sqlite: URL".into()))?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut path = path.to_owned();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("mode", "rwc")) => flags |= OpenFlags::SQLITE_OPEN_CREATE,
                Some(("mode", "rw")) => {}
                Some(("mode", "ro")) => {
                    flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI
                }
                Some(("mode", "memory")) => path = ":memory:".into(),
                // Other options of sqlx's URL (cache, immutable, vfs) are not used by the
                // service; refusing them is clearer than ignoring them.
                _ => {
                    return Err(sqlx::Error::Configuration(
                        format!("unsupported SQLite URL option {pair:?}").into(),
                    ))
                }
            }
        }
        if path.is_empty() || path == ":memory:" {
            path = ":memory:".into();
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        Ok(Self {
            path,
            flags,
            busy_timeout,
            read_only,
            autocheckpoint_pages,
        })
    }

    /// Opens a connection and runs the pragmas every request connection runs first.
    pub(crate) fn open(&self) -> Result<DirectConn, sqlx::Error> {
        let conn =
            Connection::open_with_flags(&self.path, self.flags).map_err(DirectError::from)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Waiting for a lock is the async retry's job, never a sleep on this thread.
        conn.busy_timeout(Duration::ZERO)
            .map_err(DirectError::from)?;
        let mut setup = String::from(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
             PRAGMA mmap_size = 268435456; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY;",
        );
        if self.read_only {
            setup.push_str(" PRAGMA query_only = ON;");
        } else {
            setup.push_str(&format!(
                " PRAGMA wal_autocheckpoint = {};",
                self.autocheckpoint_pages
            ));
        }
        conn.execute_batch(&setup).map_err(DirectError::from)?;
        Ok(DirectConn {
            conn,
            busy_timeout: self.busy_timeout,
            shapes: HashMap::new(),
            plans: HashMap::new(),
        })
    }
}

/// One SQLite connection whose statements run on the calling thread.
pub(crate) struct DirectConn {
    conn: Connection,
    busy_timeout: Duration,
    /// The column names of each statement text run so far (shared by its rows).
    shapes: HashMap<Box<str>, value::Shape>,
    /// How each statement text with a `;` runs.
    plans: HashMap<Box<str>, Plan>,
}

impl std::fmt::Debug for DirectConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectConn").finish_non_exhaustive()
    }
}

/// How much of a statement's output the caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Every row and result of every statement.
    All,
    /// The first row only (`fetch_optional`): the statement is not stepped further.
    FirstRow,
}

impl DirectConn {
    /// Runs `sql` with `args`, retrying after an asynchronous sleep while the database is
    /// locked (at most the busy timeout).
    pub(crate) async fn run(
        &mut self,
        sql: &str,
        args: Option<&AnyArguments<'_>>,
        want: Want,
    ) -> Result<Output, sqlx::Error> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            let mut out = Vec::new();
            let ran = if crate::instrument::hands_off_long_work() {
                tokio::task::block_in_place(|| self.run_now(sql, args, want, &mut out))
            } else {
                self.run_now(sql, args, want, &mut out)
            };
            match ran {
                // Nothing ran yet: running it again is running it once.
                Err(e) if e.is_busy() && out.is_empty() && start.elapsed() < self.busy_timeout => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(e) => return Err(e.into()),
                Ok(()) => return Ok(out),
            }
        }
    }

    /// A cheap check that the connection still answers.
    pub(crate) fn ping(&mut self) -> Result<(), sqlx::Error> {
        self.conn
            .execute_batch("SELECT 1")
            .map_err(|e| DirectError::from(e).into())
    }

    /// Rolls back the open transaction, if any, now.
    pub(crate) fn rollback_now(&mut self) -> Result<(), sqlx::Error> {
        if self.in_transaction() {
            self.conn
                .execute_batch("ROLLBACK")
                .map_err(|e| sqlx::Error::from(DirectError::from(e)))?;
        }
        Ok(())
    }

    /// Whether a transaction is open (neither committed nor rolled back).
    pub(crate) fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    /// Runs `sql` now, once, appending what it yields to `out`.
    fn run_now(
        &mut self,
        sql: &str,
        args: Option<&AnyArguments<'_>>,
        want: Want,
        out: &mut Output,
    ) -> Result<(), DirectError> {
        let plan = if sql.contains(';') {
            plan(&self.conn, &mut self.plans, sql)?
        } else {
            Plan::One
        };
        match plan {
            Plan::One => {
                let mut statement = self.conn.prepare_cached(sql)?;
                let shape = shape_of(&mut self.shapes, sql, &statement);
                step(&self.conn, &mut statement, shape, args, want, out)?;
            }
            Plan::Pieces(statements) => {
                for text in statements.iter() {
                    let mut statement = self.conn.prepare_cached(text)?;
                    let shape = shape_of(&mut self.shapes, text, &statement);
                    if step(&self.conn, &mut statement, shape, args, want, out)? {
                        break;
                    }
                }
            }
            // Not split: each statement prepared as it comes, as sqlx does.
            Plan::Batch => {
                let mut batch = Batch::new(&self.conn, sql);
                while let Some(mut statement) = batch.next()? {
                    let shape = value::Shape::of(&statement);
                    if step(&self.conn, &mut statement, shape, args, want, out)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

/// How a statement text that contains a `;` runs.
#[derive(Clone)]
enum Plan {
    /// It is one statement (the `;` is in a string, or ends it).
    One,
    /// Its statements, each prepared and cached on its own.
    Pieces(Arc<[Box<str>]>),
    /// Statement by statement as SQLite parses them, prepared each time (a statement
    /// refers to a table an earlier one creates, so it cannot be prepared in advance).
    Batch,
}

/// The shape of `sql`'s rows, from the cache or read off `statement` once.
fn shape_of(
    shapes: &mut HashMap<Box<str>, value::Shape>,
    sql: &str,
    statement: &Statement<'_>,
) -> value::Shape {
    if let Some(shape) = shapes.get(sql) {
        return shape.clone();
    }
    // Texts built at run time (a catalog filter, `VALUES` of n rows) are bounded in
    // number, but not known in advance: keep the map from growing without end.
    if shapes.len() >= 4 * STATEMENT_CACHE {
        shapes.clear();
    }
    let shape = value::Shape::of(statement);
    shapes.insert(sql.into(), shape.clone());
    shape
}

/// Binds and runs one prepared statement, appending its rows and its result to `out`.
/// True when the caller wants no more (the first row is in).
fn step(
    conn: &Connection,
    statement: &mut Statement<'_>,
    shape: value::Shape,
    args: Option<&AnyArguments<'_>>,
    want: Want,
    out: &mut Output,
) -> Result<bool, DirectError> {
    value::bind(statement, args)?;
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        out.push(Either::Right(value::any_row(row, &shape)?));
        if want == Want::FirstRow {
            return Ok(true);
        }
    }
    // As sqlx's SQLite driver reports it: the changes of the last data-changing statement.
    out.push(Either::Left(AnyQueryResult {
        rows_affected: conn.changes(),
        last_insert_id: Some(conn.last_insert_rowid()),
    }));
    Ok(false)
}

/// How a text that contains a `;` runs, found once per connection: it is cut at the
/// `;`s where SQLite's own parser ends a statement (each piece must prepare as exactly one
/// statement, and the pieces must be as many as the statements SQLite finds in the whole).
fn plan(
    conn: &Connection,
    cache: &mut HashMap<Box<str>, Plan>,
    sql: &str,
) -> Result<Plan, DirectError> {
    if let Some(known) = cache.get(sql) {
        return Ok(known.clone());
    }
    let mut whole = 0;
    let mut batch = Batch::new(conn, sql);
    let plan = loop {
        match batch.next() {
            Ok(Some(_)) => whole += 1,
            Ok(None) => break None,
            // A later statement needs what an earlier one creates.
            Err(_) => break Some(Plan::Batch),
        }
    };
    let plan = match plan {
        Some(plan) => plan,
        None if whole <= 1 => Plan::One,
        None => {
            let mut pieces: Vec<Box<str>> = Vec::new();
            let mut start = 0;
            for (at, _) in sql.match_indices(';') {
                let piece = &sql[start..=at];
                if is_one_statement(conn, piece) {
                    pieces.push(piece.trim().into());
                    start = at + 1;
                }
            }
            let rest = sql[start..].trim();
            if !rest.is_empty() {
                pieces.push(rest.into());
            }
            if pieces.len() == whole && pieces.iter().all(|p| is_one_statement(conn, p)) {
                Plan::Pieces(Arc::from(pieces))
            } else {
                Plan::Batch
            }
        }
    };
    if cache.len() >= STATEMENT_CACHE {
        cache.clear();
    }
    cache.insert(sql.into(), plan.clone());
    Ok(plan)
}

/// Whether `sql` prepares, and as exactly one statement.
fn is_one_statement(conn: &Connection, sql: &str) -> bool {
    let mut batch = Batch::new(conn, sql);
    matches!(batch.next(), Ok(Some(_))) && matches!(batch.next(), Ok(None))
}

/// `BEGIN` unless `statement` says otherwise (`BEGIN IMMEDIATE` for the writer).
pub(crate) fn begin_statement(statement: Option<Cow<'static, str>>) -> Cow<'static, str> {
    statement.unwrap_or(Cow::Borrowed("BEGIN"))
}

#[cfg(test)]
mod tests;
