//! Test support: a fresh database per test on either backend, and an `App` wired for tests.
//!
//! SQLite: a new file in a temporary directory (WAL, foreign keys, the real locking).
//! PostgreSQL: when `PRACTICUM_TEST_POSTGRES_URL` is set, a uniquely named database,
//! migrated by the production migrator and dropped when the test ends
//! (`PRACTICUM_TEST_KEEP_DB=1` keeps it for debugging).
#![expect(
    clippy::expect_used,
    reason = "test support fails loudly when test infrastructure is broken"
)]

use std::{sync::Arc, time::Duration};

pub use practicum_app::Backend;
use practicum_app::{App, AppConfig, Db, DbOptions, HashCost, PasswordHasher};
use practicum_auth::JwtKeys;
use practicum_domain::{Clock, Timestamp};
use practicum_store::migrate;
use secrecy::SecretString;

pub const POSTGRES_URL_VAR: &str = "PRACTICUM_TEST_POSTGRES_URL";

/// The secret test tokens are signed with (tests forge tokens with it on purpose).
pub const TEST_JWT_SECRET: &str = "practicum-test-secret-0123456789abcdef";

pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// A database that exists for one test.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A fresh, migrated database; `None` (after printing a SKIP line) when the backend is
    /// PostgreSQL and no URL is configured. CI sets the URL, and a guard test fails there
    /// without it, so nothing is skipped silently.
    pub async fn create(backend: Backend) -> Option<Self> {
        let t = Self::create_empty(backend).await?;
        if let Err(e) = migrate::up(&t.db).await {
            panic!("migrating the test database failed: {e}");
        }
        Some(t)
    }

    /// A fresh database with no schema.
    pub async fn create_empty(backend: Backend) -> Option<Self> {
        // A loaded CI machine (2 cores, every test binary at once) can keep 20 racing
        // requests queued on SQLite's one writer for seconds: they wait for the pool
        // rather than fail with 503 (no test is about the acquire timeout).
        let options = DbOptions {
            max_connections: 5,
            acquire_timeout: Duration::from_secs(60),
            ..DbOptions::default()
        };
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite:{}?mode=rwc", dir.path().join("test.db").display());
                let db = Db::connect(&url, &options)
                    .await
                    .expect("open SQLite test database");
                Some(Self {
                    db,
                    url,
                    _dir: Some(dir),
                    postgres: None,
                })
            }
            Backend::Postgres => {
                let Some(admin_url) = postgres_url() else {
                    eprintln!("SKIP postgres case: {POSTGRES_URL_VAR} unset");
                    return None;
                };
                let name = format!("practicum_test_{}", uuid::Uuid::new_v4().simple());
                run_admin_sql(&admin_url, &format!("CREATE DATABASE {name}")).await;
                let url = replace_database(&admin_url, &name);
                let db = Db::connect(&url, &options)
                    .await
                    .expect("connect to the test database");
                Some(Self {
                    db,
                    url,
                    _dir: None,
                    postgres: Some((admin_url, name)),
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        if std::env::var("PRACTICUM_TEST_KEEP_DB").is_ok() {
            eprintln!("kept test database {name}");
            return;
        }
        // Drop runs outside async context: use a private runtime on its own thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(run_admin_sql(
                &admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ));
        })
        .join();
    }
}

async fn run_admin_sql(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(admin_url)
        .await
        .expect("connect to PRACTICUM_TEST_POSTGRES_URL");
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .expect("admin statement");
    let _ = conn.close().await;
}

/// `postgres://u@h:p/db?x` with its database replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

/// A clock tests can move.
#[derive(Debug, Default)]
pub struct TestClock(std::sync::atomic::AtomicI64);

impl TestClock {
    pub fn new(start_ms: Timestamp) -> Self {
        Self(std::sync::atomic::AtomicI64::new(start_ms))
    }
    pub fn advance(&self, by: Duration) {
        self.0
            .fetch_add(by.as_millis() as i64, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_ms(&self) -> Timestamp {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Hashing cost for tests: the real argon2id algorithm, cheaper parameters (the
/// production defaults are checked in `practicum-auth`'s unit tests).
pub const TEST_HASH_COST: HashCost = HashCost {
    memory_kib: 4096,
    iterations: 1,
    parallelism: 1,
};

/// An `App` over `db` with test secrets and the system clock.
pub fn test_app(db: Db) -> App {
    test_app_with_clock(db, Arc::new(practicum_app::ports::SystemClock))
}

pub fn test_app_with_clock(db: Db, clock: Arc<dyn Clock>) -> App {
    let hasher = PasswordHasher::new(TEST_HASH_COST, 8).expect("hasher");
    let jwt = JwtKeys::new(&SecretString::from(TEST_JWT_SECRET));
    let config = AppConfig {
        log_reset_links: true,
        ..AppConfig::default()
    };
    App::new(db, hasher, jwt, clock, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_database("postgres://p@127.0.0.1:5432/postgres", "t1"),
            "postgres://p@127.0.0.1:5432/t1"
        );
        assert_eq!(
            replace_database("postgres://p@h/x?sslmode=disable", "t1"),
            "postgres://p@h/t1?sslmode=disable"
        );
        assert_eq!(
            replace_database("postgres://p@h", "t1"),
            "postgres://p@h/t1"
        );
    }
}
