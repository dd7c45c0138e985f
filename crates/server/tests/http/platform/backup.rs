//! `practicum backup` / `practicum restore` (SQLite) under concurrent writes, and the
//! documented pg_dump/pg_restore procedure (PostgreSQL).

use std::{
    process::{Command, Output},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use axum::http::StatusCode;
use practicum_store::{Db, DbOptions};
use serde_json::json;
use sqlx::{Connection, Row};

use crate::support::*;

fn practicum(db_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_practicum"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("LOG_LEVEL", "error")
        .output()
        .unwrap()
}

/// Whether `practicum migrate status` lists a migration as pending (its last column; a
/// migration's name may contain the word).
fn any_pending(status: &str) -> bool {
    status
        .lines()
        .any(|line| line.split_whitespace().last() == Some("pending"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A connection of the test's own (not the app's instrumented sessions).
async fn connect(url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url).await.unwrap()
}

async fn emails(url: &str) -> Vec<String> {
    let mut conn = connect(url).await;
    let rows = sqlx::query("SELECT email FROM users WHERE email IS NOT NULL")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let _ = conn.close().await;
    rows.iter().map(|r| r.get::<String, _>("email")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_writes_restores_every_acknowledged_write() {
    let Some(t) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let t = Arc::new(t);
    let live_url = t.db.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("practicum-backup.db");

    // Four writers register and log in (users, profiles, refresh tokens) until told to
    // stop; each records the e-mail once the server acknowledged it.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let (t, acknowledged, stop, next) =
            (t.clone(), acknowledged.clone(), stop.clone(), next.clone());
        writers.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let email = format!("writer-{}@example.com", next.fetch_add(1, Ordering::SeqCst));
                let r = t
                    .try_register(json!({"email": email, "password": PASSWORD, "full_name": "W"}))
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
                acknowledged.lock().unwrap().push(email.clone());
                let r = t.try_login(&email, PASSWORD).await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            }
        }));
    }
    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Every write acknowledged before the backup began must be in it.
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let out = {
        let (url, path) = (live_url.clone(), backup.to_string_lossy().into_owned());
        tokio::task::spawn_blocking(move || practicum(&url, &["backup", &path]))
            .await
            .unwrap()
    };
    let during = acknowledged.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backup written"), "{}", text(&out));
    eprintln!(
        "{} writes acknowledged before the backup, {during} while it ran",
        before.len()
    );

    // A second backup to the same file is refused: a backup never overwrites one.
    let again = practicum(&live_url, &["backup", &backup.to_string_lossy()]);
    assert!(!again.status.success());
    assert!(text(&again).contains("exists"), "{}", text(&again));

    // Restore into a new database file and check it as an operator would.
    let restored_url = format!(
        "sqlite:{}?mode=rwc",
        dir.path().join("restored.db").display()
    );
    let out = practicum(&restored_url, &["restore", &backup.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out));
    let restored = Db::connect(&restored_url, &DbOptions::default())
        .await
        .unwrap();
    practicum_store::migrate::ensure_current(&restored)
        .await
        .unwrap();
    restored.close().await;
    {
        let mut conn = connect(&restored_url).await;
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(integrity, "ok");
        let dangling = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert!(
            dangling.is_empty(),
            "{} rows break a foreign key",
            dangling.len()
        );
        // Invariants: one account per e-mail; every session token belongs to a user.
        let dupes: i64 = sqlx::query(
            "SELECT COUNT(*) - COUNT(DISTINCT email) FROM users WHERE email IS NOT NULL",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
        assert_eq!(dupes, 0);
        let _ = conn.close().await;
    }
    let in_backup = emails(&restored_url).await;
    for e in &before {
        assert!(
            in_backup.contains(e),
            "{e} was acknowledged before the backup and is missing"
        );
    }
    // The restored database is current for `serve`: nothing pending.
    let out = practicum(&restored_url, &["migrate", "status"]);
    assert!(
        out.status.success() && !any_pending(&text(&out)),
        "{}",
        text(&out)
    );

    // Restoring over the live database (the test server holds it open) is refused and
    // changes nothing.
    let live_before = emails(&live_url).await.len();
    let out = practicum(&live_url, &["restore", &backup.to_string_lossy()]);
    assert!(
        !out.status.success(),
        "restore over a running server's file succeeded"
    );
    assert!(
        text(&out).contains("open in another process"),
        "{}",
        text(&out)
    );
    assert_eq!(emails(&live_url).await.len(), live_before);
    t.register("after-refusal@example.com").await;

    // A file that is not a Practicum backup is refused before anything is touched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let out = practicum(&restored_url, &["restore", &junk.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("not an SQLite database") || text(&out).contains("not a usable"),
        "{}",
        text(&out)
    );
    assert_eq!(emails(&restored_url).await.len(), in_backup.len());
}

/// The README's PostgreSQL procedure: `pg_dump --format=custom` of the live database,
/// `pg_restore` into a new one; the migrations table comes along, so the restored
/// database is current for `serve`. `practicum backup` points there instead of guessing.
#[tokio::test]
async fn postgres_backups_follow_the_pg_dump_procedure() {
    let Some(t) = TestApp::start(Backend::Postgres).await else {
        return;
    };
    for n in 0..5 {
        t.register(&format!("pg-backup-{n}@example.com")).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("practicum.dump");
    let out = practicum(&t.db.url, &["backup", &dump.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("pg_dump"), "{}", text(&out));

    let out = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(&t.db.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let name = format!("practicum_restore_{}", uuid::Uuid::new_v4().simple());
    let admin = practicum_testkit::postgres_url().unwrap();
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let target =
        t.db.url
            .rsplit_once('/')
            .map(|(base, _)| format!("{base}/{name}"))
            .unwrap();
    let out = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&target)
        .arg(&dump)
        .output()
        .unwrap();
    let restored = text(&out);
    let status = practicum(&target, &["migrate", "status"]);
    let db = Db::connect(&target, &DbOptions::default()).await.unwrap();
    let current = practicum_store::migrate::ensure_current(&db).await;
    let found = emails(&target).await;
    db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(out.status.success(), "{restored}");
    assert!(
        status.status.success() && !any_pending(&text(&status)),
        "{}",
        text(&status)
    );
    current.unwrap();
    for n in 0..5 {
        assert!(found.contains(&format!("pg-backup-{n}@example.com")));
    }
}
