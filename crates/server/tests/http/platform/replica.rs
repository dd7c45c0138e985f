//! `DATABASE_READ_URL` against a real streaming replica (`scripts/replica-test.sh` creates
//! one with pg_basebackup and sets `PRACTICUM_TEST_REPLICA_URL`): lag-tolerant reads go
//! to the replica, and a client that just wrote reads its own write from the primary,
//! even while the replica is behind.

use std::{net::SocketAddr, time::Duration};

use axum::{
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{header, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use practicum_api::ApiConfig;
use practicum_app::{Db, DbOptions};
use practicum_testkit::TestDb;
use serde_json::{json, Value};
use sqlx::Connection;
use tower::ServiceExt;

use crate::support::*;

pub const REPLICA_VAR: &str = "PRACTICUM_TEST_REPLICA_URL";

struct Reply {
    status: StatusCode,
    cookie: Option<String>,
    body: Value,
    text: String,
}

async fn call(
    router: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    cookie: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("practicum_rw="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status,
        cookie,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        text,
    }
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let (host, _) = base.rsplit_once('/').unwrap();
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..300 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lag_tolerant_reads_use_the_replica_and_writers_read_their_writes() {
    let Some(replica_base) = std::env::var(REPLICA_VAR).ok().filter(|u| !u.is_empty()) else {
        eprintln!("SKIP replica case: {REPLICA_VAR} unset (scripts/replica-test.sh sets it)");
        return;
    };
    let Some(primary) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let name = primary
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let replica_url = with_database(&replica_base, &name);
    // The new, migrated database reaches the replica by streaming.
    until("the test database is on the replica", || async {
        sqlx::any::install_default_drivers();
        match sqlx::AnyConnection::connect(&replica_url).await {
            Ok(mut c) => sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations")
                .fetch_one(&mut c)
                .await
                .is_ok(),
            Err(_) => false,
        }
    })
    .await;

    let db = Db::connect(
        &primary.url,
        &DbOptions {
            max_connections: 4,
            read_url: Some(replica_url.clone()),
            ..DbOptions::default()
        },
    )
    .await
    .unwrap();
    let router = practicum_server::wiring::build_router(
        practicum_testkit::test_app(db),
        ApiConfig {
            auth_rate_limit_per_minute: 0,
            read_your_writes: Duration::from_secs(60),
            ..ApiConfig::default()
        },
    )
    .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));

    let email = "replica-reader@example.com";
    let r = call(
        &router,
        Method::POST,
        "/api/v1/auth/register",
        None,
        None,
        Some(json!({"email": email, "password": PASSWORD, "full_name": "R"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.cookie.is_some(), "a write sets the recent-write marker");
    let r = call(
        &router,
        Method::POST,
        "/api/v1/auth/login",
        None,
        None,
        Some(json!({"username": email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let token = r.body["access_token"].as_str().unwrap().to_owned();
    let me = "/api/v1/accounts/profiles/me";
    // Without a marker the profile is read from the replica: once it has streamed there.
    until("the replica has the new profile", || async {
        call(&router, Method::GET, me, Some(&token), None, None)
            .await
            .status
            == StatusCode::OK
    })
    .await;

    // The replica stops replaying: from now on it is behind.
    let mut replica_admin = sqlx::PgConnection::connect(&replica_base).await.unwrap();
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&mut replica_admin)
        .await
        .unwrap();
    let bio = "written while the replica is paused";
    let r = call(
        &router,
        Method::PATCH,
        me,
        Some(&token),
        None,
        Some(json!({"bio": bio})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let marker = r.cookie.expect("the write sets the recent-write marker");

    // The writer, sending the marker back, reads their write (from the primary)...
    let own = call(&router, Method::GET, me, Some(&token), Some(&marker), None).await;
    let replica_reads = async {
        let a = call(&router, Method::GET, me, Some(&token), None, None).await;
        let b = call(
            &router,
            Method::GET,
            me,
            Some(&token),
            Some("practicum_rw=forged"),
            None,
        )
        .await;
        (a, b)
    };
    let (plain, forged) = replica_reads.await;
    // Checked after resuming, so a failure never leaves the replica paused.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let metrics = call(&router, Method::GET, "/metrics", None, None, None)
        .await
        .text;
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&mut replica_admin)
        .await
        .unwrap();

    assert_eq!(own.body["bio"], bio, "{}", own.text);
    // ...while a read without it (or with a forged one) comes from the lagging replica.
    assert_eq!(plain.status, StatusCode::OK);
    assert_ne!(
        plain.body["bio"], bio,
        "the replica was paused: {}",
        plain.text
    );
    assert_ne!(
        forged.body["bio"], bio,
        "a forged marker is ignored: {}",
        forged.text
    );
    // The lag is visible to the alert.
    let lag: f64 = metrics
        .lines()
        .find(|l| l.starts_with("db_replica_lag_seconds "))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no db_replica_lag_seconds in:\n{metrics}"));
    assert!(lag > 0.5, "replica lag {lag} s while paused");

    // Replay resumed: the replica catches up and plain reads see the write too.
    until("the replica catches up", || async {
        call(&router, Method::GET, me, Some(&token), None, None)
            .await
            .body["bio"]
            == bio
    })
    .await;
    let lag_now: f64 = call(&router, Method::GET, "/metrics", None, None, None)
        .await
        .text
        .lines()
        .find(|l| l.starts_with("db_replica_lag_seconds "))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap();
    assert!(lag_now < lag, "lag {lag_now} s after catching up");
    let _ = replica_admin.close().await;
}
