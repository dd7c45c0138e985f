//! `/metrics` stays bounded whatever clients send, and can be closed with a token.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use practicum_api::ApiConfig;
use rstest::rstest;
use secrecy::SecretString;

use crate::support::*;

#[db_test]
async fn invented_methods_and_paths_add_no_series(t: TestApp) {
    // Prime the label sets an unmatched request can produce.
    t.get("/metrics", None).await;
    let marker = format!("zq{}", std::process::id());
    for n in 0..1000 {
        let method =
            Method::from_bytes(format!("{}{n}", marker.to_uppercase()).as_bytes()).unwrap();
        let path = format!("/{marker}/{n}/x{}", n * 7919);
        let r = t
            .send(
                Request::builder()
                    .method(method)
                    .uri(&path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        if n % 250 == 0 {
            // A browser path is the web app, an API path a 404: neither adds a series.
            assert_eq!(t.get(&path, None).await.status, StatusCode::OK);
            let api = format!("/api{path}");
            assert_eq!(t.get(&api, None).await.status, StatusCode::NOT_FOUND);
        }
    }
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert!(
        !text.to_lowercase().contains(&marker),
        "a client-chosen method or path became a label"
    );
    let series: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .collect();
    let known = [
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE", "other",
    ];
    for s in &series {
        let method = s
            .split("method=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        assert!(known.contains(&method), "{s}");
        let route = s
            .split("route=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        assert!(route == "unmatched" || route.starts_with('/'), "{s}");
    }
    // The 1,000 invented requests fell into a handful of series.
    let unmatched = series
        .iter()
        .filter(|s| s.contains("route=\"unmatched\""))
        .count();
    assert!(
        (1..=30).contains(&unmatched),
        "{unmatched} unmatched series"
    );
    assert!(series
        .iter()
        .any(|s| s.contains("method=\"other\"") && s.contains("route=\"unmatched\"")));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_metrics_token_closes_the_endpoint(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| {
        c.metrics_token = Some(SecretString::from("scrape-secret-0123456789"))
    })
    .await
    else {
        return;
    };
    assert_error(
        &t.get("/metrics", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_error(
        &t.get("/metrics", Some("wrong")).await,
        StatusCode::FORBIDDEN,
        "invalid_metrics_token",
    );
    let r = t.get("/metrics", Some("scrape-secret-0123456789")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&r.bytes).contains("http_requests_total"));

    // With a listener of its own, the API router does not serve it.
    let Some(t) = TestApp::start_tuned(backend, |c| c.metrics_on_api = false).await else {
        return;
    };
    assert_error(
        &t.get("/metrics", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let state = practicum_api::ApiState::new(t.app.clone(), ApiConfig::default());
    let only = practicum_api::metrics_router(state);
    let r = tower::ServiceExt::oneshot(
        only,
        Request::builder()
            .uri("/metrics")
            .header(header::ACCEPT, "text/plain")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
