//! Database observability: statements are timed under the repository function's name
//! (never SQL text), waiting for a pooled connection is timed, and a slow statement is
//! logged with its name and the request id.

use std::{
    io::Write,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{header, Request, StatusCode},
};
use practicum_api::ApiConfig;
use practicum_app::{Db, DbOptions};
use practicum_testkit::TestDb;
use rstest::rstest;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::support::*;

/// The value of `label` in a series line such as `x{a="b",label="v"} 1`.
fn label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    line.split(&format!("{label}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
}

/// The count of the histogram series `name` whose label `key` is `value`.
fn count(text: &str, name: &str, key: &str, value: &str) -> f64 {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}_count{{")))
        .filter(|l| label(l, key) == Some(value))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[db_test]
async fn statements_are_timed_under_their_repository_function(t: TestApp) {
    let before = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    let inserts = count(
        &before,
        "db_query_duration_seconds",
        "query",
        "identity::users::insert",
    );
    for n in 0..3 {
        t.register(&format!("named-query-{n}@example.com")).await;
    }
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    // Three registrations: at least three more user inserts (other tests in this process
    // may add theirs to the same process-wide series).
    assert!(
        count(
            &text,
            "db_query_duration_seconds",
            "query",
            "identity::users::insert"
        ) >= inserts + 3.0,
        "{text}"
    );
    // A histogram with buckets, not a summary.
    assert!(text
        .lines()
        .any(|l| l.starts_with("db_query_duration_seconds_bucket{")
            && label(l, "query") == Some("identity::users::insert")));
    // Every label is a `module::function` name: no SQL text, no parameters.
    let names: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("db_query_duration_seconds_count{"))
        .filter_map(|l| label(l, "query"))
        .collect();
    assert!(names.len() >= 3, "{names:?}");
    // `outside_store` is the one fixed label: statements that tests in this process run
    // through a raw connection (the series are process-wide).
    for name in names.iter().filter(|n| **n != "outside_store") {
        assert!(
            name.contains("::")
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':'),
            "query label {name:?} is not a function name"
        );
        assert_ne!(*name, "unknown");
    }
    assert!(!text.contains("example.com"), "a parameter became a label");
    // Pool acquire wait, for writes and for reads, and the pool's size limit.
    assert!(count(&text, "db_pool_acquire_duration_seconds", "pool", "writer") >= 3.0);
    assert!(count(&text, "db_pool_acquire_duration_seconds", "pool", "reader") >= 1.0);
    let max = text
        .lines()
        .find(|l| l.starts_with("db_pool_max_connections "))
        .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok());
    let expected = match backend {
        Backend::Sqlite => 1.0,   // the one writer connection
        Backend::Postgres => 5.0, // the test pool's size
    };
    assert_eq!(max, Some(expected), "{text}");
}

/// Collects what the log subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "current_thread")]
async fn a_slow_statement_is_logged_with_its_name_and_request_id(#[case] backend: Backend) {
    let Some(test_db) = TestDb::create(backend).await else {
        return;
    };
    // A threshold of zero: every statement counts as slow.
    let db = Db::connect(
        &test_db.url,
        &DbOptions {
            max_connections: 3,
            slow_query: Some(Duration::ZERO),
            ..DbOptions::default()
        },
    )
    .await
    .unwrap();
    let app = practicum_testkit::test_app(db);
    let router = practicum_server::wiring::build_router(
        app,
        ApiConfig {
            auth_rate_limit_per_minute: 0,
            ..ApiConfig::default()
        },
    )
    .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));

    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::WARN)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let request_id = format!("slow-query-test-{}", std::process::id());
    let res = router
        .oneshot(
            Request::post("/api/v1/auth/register")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-request-id", &request_id)
                .body(Body::from(
                    json!({"email": "slow@example.com", "password": PASSWORD, "full_name": "S"})
                        .to_string(),
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let slow: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "practicum::slow_query")
        .collect();
    let insert = slow
        .iter()
        .find(|v| v["fields"]["query"] == "identity::users::insert")
        .unwrap_or_else(|| panic!("no slow-query line for the user insert in:\n{text}"));
    assert_eq!(insert["fields"]["request_id"], request_id.as_str());
    assert_eq!(insert["level"], "WARN");
    // The name, never the statement or its parameters.
    assert!(!text.contains("INSERT"), "{text}");
    assert!(!text.contains("slow@example.com"), "{text}");
}
