//! The direct connection answers as sqlx's SQLite driver did: the same bindings, the same
//! rows, the same errors.

use std::{str::FromStr, time::Duration};

use sqlx::{any::AnyConnectOptions, ConnectOptions, Connection, Executor, Row};

use super::*;
use crate::{instrument::Target, Backend, StoreError};

fn options(path: &str, read_only: bool) -> DirectOptions {
    DirectOptions::from_url(
        &format!("sqlite:{path}?mode=rwc"),
        Duration::from_millis(300),
        read_only,
        1000,
    )
    .unwrap()
}

/// Runs `sql` with `args` through the timed executor, as a repository function would.
async fn rows(conn: &mut DirectConn, query: crate::query::AnyQuery<'_>) -> Vec<AnyRow> {
    let instruments = crate::instrument::Instruments::new(None);
    let timed = crate::instrument::Timed::new(
        Target::Direct(conn),
        &instruments,
        std::panic::Location::caller(),
    );
    query.fetch_all(timed).await.unwrap()
}

#[tokio::test]
async fn values_come_back_typed_as_the_any_driver_types_them() {
    let dir = tempfile_dir();
    let (_, mut conn) = database(&dir, "").await;
    let out = rows(
        &mut conn,
        sqlx::query("SELECT $1 AS i, $2 AS t, $3 AS r, $4 AS b, NULL AS n, $5 AS flag")
            .bind(42_i64)
            .bind("héllo")
            .bind(1.5_f64)
            .bind(vec![1_u8, 2, 3])
            .bind(true),
    )
    .await;
    let row = &out[0];
    assert_eq!(row.get::<i64, _>("i"), 42);
    assert_eq!(row.get::<String, _>("t"), "héllo");
    assert_eq!(row.get::<f64, _>("r"), 1.5);
    assert_eq!(row.get::<Vec<u8>, _>("b"), vec![1, 2, 3]);
    assert_eq!(row.get::<Option<i64>, _>("n"), None);
    // A boolean is stored as SQLite stores it: the integer 1 (read with `row::flag`).
    assert_eq!(row.get::<i64, _>("flag"), 1);
    assert!(row.try_get::<i64, _>("missing").is_err());
}

#[tokio::test]
async fn a_batch_binds_by_number_in_every_statement_and_reports_changes() {
    let dir = tempfile_dir();
    let (_, mut conn) = database(
        &dir,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, label TEXT)",
    )
    .await;
    let sql = "INSERT INTO t (x, label) VALUES ($2, 'a;b') RETURNING id; \
               INSERT INTO t (x, label) VALUES ($1, $3); \
               UPDATE t SET x = x + $1 WHERE label = $3";
    for round in 0..2 {
        let out = rows(
            &mut conn,
            sqlx::query(sql).bind(10_i64).bind(20_i64).bind("c"),
        )
        .await;
        assert_eq!(out.len(), 1, "the one RETURNING row (round {round})");
        assert_eq!(out[0].get::<i64, _>("id"), 1 + 2 * round);
    }
    let all = rows(&mut conn, sqlx::query("SELECT x, label FROM t ORDER BY id")).await;
    let got: Vec<(i64, String)> = all.iter().map(|r| (r.get("x"), r.get("label"))).collect();
    assert_eq!(
        got,
        [
            (20, "a;b".into()),
            (30, "c".into()),
            (20, "a;b".into()),
            (20, "c".into())
        ],
        "each round's UPDATE ran once on every 'c' row: 10 + 10 + 10, then 10 + 10"
    );
    assert!(
        matches!(conn.plans.get(sql), Some(Plan::Pieces(p)) if p.len() == 3),
        "the batch was split at its three statements, not at the ';' in the string"
    );
}

#[tokio::test]
async fn constraint_errors_keep_their_kind_and_sqlites_message() {
    let dir = tempfile_dir();
    let (_, mut conn) = database(
        &dir,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, n INTEGER CHECK (n > 0))",
    )
    .await;
    conn.run("INSERT INTO t (slug, n) VALUES ('a', 1)", None, Want::All)
        .await
        .unwrap();
    let unique = conn
        .run("INSERT INTO t (slug, n) VALUES ('a', 1)", None, Want::All)
        .await
        .err()
        .expect("an error");
    assert!(
        // Named from SQLite's message ("UNIQUE constraint failed: t.slug"), as before.
        matches!(StoreError::from(unique), StoreError::Unique { ref constraint } if constraint == "t.slug"),
    );
    let check = conn
        .run("INSERT INTO t (slug, n) VALUES ('b', 0)", None, Want::All)
        .await
        .err()
        .expect("an error");
    assert!(matches!(StoreError::from(check), StoreError::Check { .. }));
}

#[tokio::test]
async fn a_lock_held_elsewhere_is_waited_for_asynchronously_then_reported_busy() {
    let dir = tempfile_dir();
    let (path, mut writer) = database(&dir, "CREATE TABLE t (x INTEGER)").await;
    // Another connection (sqlx's, as another process would be) holds the write lock.
    let url = format!("sqlite:{path}");
    sqlx::any::install_default_drivers();
    let mut other = AnyConnectOptions::from_str(&url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    // On a single-threaded runtime: the wait must not block the thread, or the release
    // below would never run.
    let release = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        other.execute("COMMIT").await.unwrap();
    };
    let (begun, ()) = tokio::join!(writer.run("BEGIN IMMEDIATE", None, Want::All), release);
    begun.expect("BEGIN waited for the other writer's commit");
    writer.run("COMMIT", None, Want::All).await.unwrap();
    // Held for longer than the busy timeout (300 ms): SQLITE_BUSY, as before.
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    let busy = writer
        .run("BEGIN IMMEDIATE", None, Want::All)
        .await
        .err()
        .expect("an error");
    assert!(matches!(StoreError::from(busy), StoreError::Busy));
    other.close().await.unwrap();
}

#[tokio::test]
async fn a_reader_refuses_to_write() {
    let dir = tempfile_dir();
    let (path, _writer) = database(&dir, "CREATE TABLE t (x INTEGER)").await;
    let mut reader = options(&path, true).open().unwrap();
    assert!(reader
        .run("INSERT INTO t VALUES (1)", None, Want::All)
        .await
        .is_err());
    assert_eq!(
        Backend::from_url(&format!("sqlite:{path}")).unwrap(),
        Backend::Sqlite
    );
}

/// A writer on a new database file in `dir`, with `schema` run on it.
async fn database(dir: &tempfile::TempDir, schema: &str) -> (String, DirectConn) {
    let path = dir.path().join("t.db").to_string_lossy().into_owned();
    let mut conn = options(&path, false).open().unwrap();
    if !schema.is_empty() {
        conn.run(schema, None, Want::All).await.unwrap();
    }
    (path, conn)
}

/// A directory removed at the end of the test.
fn tempfile_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[tokio::test]
async fn sqlite_is_built_without_stat4_and_memory_statistics() {
    // `.cargo/config.toml` (LIBSQLITE3_FLAGS): with STAT4, the statements re-compile on
    // every run once the database has been analysed (ADR 0057); with the memory
    // statistics, every allocation of every connection takes one process-wide mutex.
    let dir = tempfile_dir();
    let (_, mut conn) = database(&dir, "").await;
    let options = rows(
        &mut conn,
        sqlx::query("SELECT compile_options AS o FROM pragma_compile_options"),
    )
    .await;
    let options: Vec<String> = options.iter().map(|r| r.get("o")).collect();
    assert!(options.iter().any(|o| o == "THREADSAFE=1"), "{options:?}");
    assert!(
        !options.iter().any(|o| o.starts_with("ENABLE_STAT")),
        "{options:?}"
    );
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "{options:?}"
    );
}
