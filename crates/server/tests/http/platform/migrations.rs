use std::process::Command;

use practicum_store::{migrate, Backend, Session};
use practicum_testkit::TestDb;
use rstest::rstest;
use sqlx::Row;

/// A textual dump of the schema, for comparing before and after a down/up cycle.
async fn schema(t: &TestDb) -> Vec<String> {
    let mut conn = t.db.read().await.unwrap();
    let sql = match t.db.backend() {
        Backend::Sqlite => {
            "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') AS line FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY type, name"
        }
        Backend::Postgres => {
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || \
             COALESCE(column_default, '') AS line FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
             UNION ALL SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' \
             AND tablename <> '_sqlx_migrations' \
             UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line \
             FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY line"
        }
    };
    sqlx::query(sql)
        .fetch_all(conn.conn())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("line").unwrap())
        .filter(|l| !l.contains("_sqlx_migrations"))
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn migrations_go_up_down_and_up_again_to_the_same_schema(#[case] backend: Backend) {
    let Some(t) = TestDb::create_empty(backend).await else {
        return;
    };
    assert_eq!(
        migrate::up(&t.db).await.unwrap().len(),
        migrate::MIGRATIONS.len()
    );
    let first = schema(&t).await;
    assert!(first.iter().any(|l| l.contains("users")));
    migrate::ensure_current(&t.db).await.unwrap();

    // One step down makes the schema outdated; all the way down leaves nothing.
    assert_eq!(migrate::down_one(&t.db).await.unwrap().len(), 1);
    assert!(migrate::ensure_current(&t.db)
        .await
        .unwrap_err()
        .to_string()
        .contains("practicum migrate up"));
    migrate::down_to(&t.db, 0).await.unwrap();
    assert!(schema(&t).await.is_empty(), "{:?}", schema(&t).await);

    migrate::up(&t.db).await.unwrap();
    assert_eq!(schema(&t).await, first);
    assert!(migrate::status(&t.db)
        .await
        .unwrap()
        .iter()
        .all(|m| m.applied));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn serve_refuses_an_outdated_schema(#[case] backend: Backend) {
    let Some(t) = TestDb::create_empty(backend).await else {
        return;
    };
    migrate::up(&t.db).await.unwrap();
    migrate::down_one(&t.db).await.unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_practicum"))
        .arg("serve")
        .env("DATABASE_URL", &t.url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("LOG_LEVEL", "error")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve started on an outdated schema");
    assert!(stderr.contains("practicum migrate up"), "{stderr}");
    assert!(stderr.contains("1 pending migration"), "{stderr}");
}
