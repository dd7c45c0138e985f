//! Running a built statement and reading what it returns, in the shapes the repositories
//! share: rows mapped by their type's one mapping function, a count, the id of an
//! `INSERT … RETURNING id`, whether an `UPDATE`/`DELETE` touched a row.
//!
//! Every helper takes the executor from the caller (`s.conn()`), never the session: the
//! statement is then measured under the name of the repository function that built it
//! (see `instrument.rs`), exactly as when that function ran it itself. Each helper is
//! one statement: no extra round trip.

use sqlx::{
    any::{AnyArguments, AnyRow},
    Any,
};

use crate::{instrument::Timed, row::get, StoreError};

/// `($1, $2, …), ($k+1, …), …`: the placeholders of a multi-row `VALUES` of `rows` rows
/// of `columns` values each, bound row by row in that order (one statement instead of one
/// per row; both backends accept far more parameters than the callers' rows need).
pub(crate) fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let row = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({row})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement with its bound parameters, as `sqlx::query(…).bind(…)` builds it.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

/// Every row, each mapped by `map` (into a `Vec`, or any collection).
pub(crate) async fn all<T, C>(
    q: AnyQuery<'_>,
    conn: Timed<'_>,
    map: impl Fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<C, StoreError>
where
    C: FromIterator<T>,
{
    q.fetch_all(conn).await?.iter().map(map).collect()
}

/// The row, if any, mapped by `map`.
pub(crate) async fn optional<T>(
    q: AnyQuery<'_>,
    conn: Timed<'_>,
    map: impl Fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    q.fetch_optional(conn).await?.as_ref().map(map).transpose()
}

/// The `n` column of a one-row count (`SELECT COUNT(*) AS n …`).
pub(crate) async fn count(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<i64, StoreError> {
    get(&q.fetch_one(conn).await?, "n")
}

/// The `id` column of an `INSERT … RETURNING id`.
pub(crate) async fn new_id(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<i64, StoreError> {
    get(&q.fetch_one(conn).await?, "id")
}

/// Runs a batch (several statements in one text, which SQLite takes and PostgreSQL's
/// extended protocol does not) to its end and returns the rows of all its statements.
/// A batch is never run with `fetch_one`/`fetch_optional`: sqlx's SQLite worker stops at
/// the first row, and the statements after the one that returned it would not run.
pub(crate) async fn batch(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<Vec<AnyRow>, StoreError> {
    Ok(q.fetch_all(conn).await?)
}

/// Runs an `UPDATE` or `DELETE`: whether it touched at least one row.
pub(crate) async fn changed(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<bool, StoreError> {
    Ok(q.execute(conn).await?.rows_affected() > 0)
}

/// Runs an `UPDATE` or `DELETE`: how many rows it touched.
pub(crate) async fn affected(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<u64, StoreError> {
    Ok(q.execute(conn).await?.rows_affected())
}

/// Runs a statement whose result the caller does not need (an `INSERT`, or an `UPDATE`
/// whose effect is checked elsewhere).
pub(crate) async fn run(q: AnyQuery<'_>, conn: Timed<'_>) -> Result<(), StoreError> {
    q.execute(conn).await?;
    Ok(())
}

/// Opens a savepoint in the caller's transaction, so that a statement that fails after it
/// (a unique key taken by a racing request) can be undone with [`rollback_to_savepoint`]
/// and the transaction goes on. The store's savepoints never nest.
pub(crate) async fn savepoint(conn: Timed<'_>) -> Result<(), StoreError> {
    run(sqlx::query("SAVEPOINT attempt"), conn).await
}

/// Keeps what was done since [`savepoint`].
pub(crate) async fn release_savepoint(conn: Timed<'_>) -> Result<(), StoreError> {
    run(sqlx::query("RELEASE SAVEPOINT attempt"), conn).await
}

/// Undoes what was done since [`savepoint`] (the caller then releases it).
pub(crate) async fn rollback_to_savepoint(conn: Timed<'_>) -> Result<(), StoreError> {
    run(sqlx::query("ROLLBACK TO SAVEPOINT attempt"), conn).await
}

/// A parameter of a statement whose conditions are chosen at run time.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// The parameters of such a statement, numbered `$1`, `$2`, … in the order they are added.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<Param>);

impl Params {
    /// Adds a parameter; returns its placeholder (`$3`).
    pub(crate) fn add(&mut self, p: Param) -> String {
        self.0.push(p);
        format!("${}", self.0.len())
    }

    /// `LIMIT $n OFFSET $n+1`, numbered after these parameters: bind the limit and the
    /// offset after [`Params::bind`].
    pub(crate) fn limit_offset(&self) -> String {
        let n = self.0.len();
        format!("LIMIT ${} OFFSET ${}", n + 1, n + 2)
    }

    /// `sql` with every parameter bound, in order.
    pub(crate) fn bind<'q>(&'q self, sql: &'q str) -> AnyQuery<'q> {
        let mut q = sqlx::query(sql);
        for p in &self.0 {
            q = match p {
                Param::Int(i) => q.bind(*i),
                Param::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
}

/// The conditions joined by `AND` (`1 = 1` when there are none).
pub(crate) fn where_all(conditions: &[String]) -> String {
    if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    }
}
