use axum::http::{header, StatusCode};
use practicum_api::ApiConfig;
use rstest::rstest;
use serde_json::json;

use crate::support::*;

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn login_is_rate_limited_with_retry_after(#[case] backend: Backend) {
    let config = ApiConfig {
        auth_rate_limit_per_minute: 3,
        ..ApiConfig::default()
    };
    let Some(t) = TestApp::start_with(backend, config).await else {
        return;
    };
    let attempt = || {
        t.post(
            "/api/v1/auth/login",
            None,
            json!({"username": "ada@example.org", "password": "wrong-password-1"}),
        )
    };
    for _ in 0..3 {
        assert_eq!(attempt().await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = attempt().await;
    assert_error(&limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let retry: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn zero_turns_rate_limiting_off(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    for _ in 0..25 {
        let r = t
            .post(
                "/api/v1/auth/login",
                None,
                json!({"username": "ada@example.org", "password": "wrong-password-1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
}
