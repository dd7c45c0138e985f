//! Per-user limits on the write routes and on `/ml/forward` (issue 12, item 10): 429 with
//! `Retry-After` over the limit, 0 = off, reads never counted; with Redis two app
//! instances share one count, without it each process counts alone.

use std::sync::Arc;

use axum::{
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{header, Method, Request, StatusCode},
    Router,
};
use practicum_api::ApiConfig;
use rstest::rstest;
use serde_json::json;
use tower::ServiceExt;

use crate::{courses::caching::redis_url, support::*};

fn limited(write: u32, ml: u32, prefix: &str) -> ApiConfig {
    ApiConfig {
        auth_rate_limit_per_minute: 0,
        write_rate_limit_per_minute: write,
        ml_rate_limit_per_minute: ml,
        rate_limit_prefix: prefix.to_owned(),
        ..ApiConfig::default()
    }
}

/// `POST /api/v1/activity-log` through `router`: the status and `Retry-After`.
async fn write(router: &Router, token: &str) -> (StatusCode, Option<u64>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/activity-log")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"kind": "page.view"}).to_string()))
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let retry = res
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (res.status(), retry)
}

async fn forward_data(t: &TestApp, token: &str) -> StatusCode {
    t.send(
        Request::builder()
            .method(Method::POST)
            .uri("/forward")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("data=%7B%7D"))
            .unwrap(),
    )
    .await
    .status
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn writes_and_classification_are_limited_per_user(#[case] backend: Backend) {
    let Some(t) = TestApp::start_with(backend, limited(3, 2, "")).await else {
        return;
    };
    let ada = t.student("ada@example.org").await;
    let bob = t.student("bob@example.org").await;
    for _ in 0..3 {
        assert_eq!(write(&t.router, &ada).await.0, StatusCode::ACCEPTED);
    }
    let (status, retry) = write(&t.router, &ada).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=60).contains(&retry.unwrap()), "{retry:?}");
    let r = t
        .post("/api/v1/activity-log", Some(&ada), json!({"kind": "x"}))
        .await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Reads are not counted; another user has a budget of their own.
    for _ in 0..5 {
        assert_eq!(
            t.get("/api/v1/activity-log", Some(&ada)).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(write(&t.router, &bob).await.0, StatusCode::ACCEPTED);
    // Image classification has its own limit, apart from the writes.
    assert_eq!(forward_data(&t, &bob).await, StatusCode::OK);
    assert_eq!(forward_data(&t, &bob).await, StatusCode::OK);
    assert_eq!(forward_data(&t, &bob).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(write(&t.router, &bob).await.0, StatusCode::ACCEPTED);

    // 0 turns the limits off.
    let Some(off) = TestApp::start_with(backend, limited(0, 0, "")).await else {
        return;
    };
    let cy = off.student("cy@example.org").await;
    for _ in 0..20 {
        assert_eq!(write(&off.router, &cy).await.0, StatusCode::ACCEPTED);
        assert_eq!(forward_data(&off, &cy).await, StatusCode::OK);
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn two_instances_share_the_count_through_redis(#[case] backend: Backend) {
    let Some(url) = redis_url() else { return };
    let prefix = format!("practicum-test-{}-", uuid::Uuid::new_v4().simple());
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let instance = |shared: bool| {
        let config = limited(3, 3, &prefix);
        let router = if shared {
            practicum_server::wiring::build_router_with_counters(
                t.app.clone(),
                config,
                Arc::new(practicum_server::redis_counters::RedisCounters::new(&url).unwrap()),
            )
        } else {
            practicum_server::wiring::build_router(t.app.clone(), config)
        };
        router.layer(MockConnectInfo(std::net::SocketAddr::from((
            [127, 0, 0, 1],
            40000,
        ))))
    };
    let (a, b) = (instance(true), instance(true));
    let ada = t.student("ada@example.org").await;
    assert_eq!(write(&a, &ada).await.0, StatusCode::ACCEPTED);
    assert_eq!(write(&a, &ada).await.0, StatusCode::ACCEPTED);
    assert_eq!(write(&b, &ada).await.0, StatusCode::ACCEPTED);
    let (status, retry) = write(&b, &ada).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "B saw A's two writes"
    );
    assert!(retry.is_some());
    assert_eq!(write(&a, &ada).await.0, StatusCode::TOO_MANY_REQUESTS);

    // Without Redis each instance allows the whole quota.
    let (c, d) = (instance(false), instance(false));
    let bob = t.student("bob@example.org").await;
    for router in [&c, &d] {
        for _ in 0..3 {
            assert_eq!(write(router, &bob).await.0, StatusCode::ACCEPTED);
        }
    }
    assert_eq!(write(&c, &bob).await.0, StatusCode::TOO_MANY_REQUESTS);
}
