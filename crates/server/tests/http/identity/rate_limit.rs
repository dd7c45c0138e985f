use axum::http::{header, Method, StatusCode};
use practicum_api::ApiConfig;
use rstest::rstest;
use serde_json::json;

use crate::support::*;

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn login_is_rate_limited_with_retry_after(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| c.auth_rate_limit_per_minute = 3).await else {
        return;
    };
    let attempt = || t.try_login("ada@example.org", "wrong-password-1");
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

#[db_test]
async fn zero_turns_rate_limiting_off(t: TestApp) {
    for _ in 0..25 {
        let r = t.try_login("ada@example.org", "wrong-password-1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
}

/// Behind one trusted proxy, addresses come from the right end of `X-Forwarded-For`.
fn via_proxy(limit: u32) -> ApiConfig {
    ApiConfig {
        auth_rate_limit_per_minute: limit,
        trust_proxy_headers: true,
        trusted_proxy_hops: 1,
        ..ApiConfig::default()
    }
}

const USER: &str = "/api/v1/auth/login";
const ADMIN: &str = "/api/v1/admin/login";

async fn login_from(
    t: &TestApp,
    path: &str,
    address: &str,
    login: &str,
    password: &str,
) -> Response {
    t.call_with(
        Method::POST,
        path,
        &[("x-forwarded-for", address)],
        Some(json!({"username": login, "password": password})),
    )
    .await
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_attacker_cannot_lock_the_owner_out(#[case] backend: Backend) {
    let Some(t) = TestApp::start_with(backend, via_proxy(3)).await else {
        return;
    };
    t.register("owner@example.org").await;
    t.admin("root@example.org").await;
    let attacker = "203.0.113.66";
    for target in ["owner@example.org", "root@example.org"] {
        for _ in 0..3 {
            let r = login_from(&t, USER, attacker, target, "guess-password-1").await;
            assert_error(&r, StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        let r = login_from(&t, USER, attacker, target, "guess-password-2").await;
        assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
        assert!(r.headers.contains_key(header::RETRY_AFTER));
    }
    // At the same time, from their own addresses, the owner and the admin sign in; admin
    // login has its own bucket: the attacker's user-login attempts did not use it.
    let owner = ("198.51.100.10", "owner@example.org");
    let root = ("198.51.100.11", "root@example.org");
    for (path, (address, login)) in [(USER, owner), (USER, root), (ADMIN, root)] {
        let r = login_from(&t, path, address, login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    for _ in 0..3 {
        let r = login_from(&t, ADMIN, attacker, root.1, "guess-3").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = login_from(&t, ADMIN, attacker, root.1, "guess-4").await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let r = login_from(&t, ADMIN, root.0, root.1, PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_spoofed_forwarded_chain_does_not_reset_the_limit(#[case] backend: Backend) {
    let Some(t) = TestApp::start_with(backend, via_proxy(3)).await else {
        return;
    };
    // The client invents a new first address each time; the proxy appends the real one.
    let mut limited = 0;
    for n in 0..20 {
        let chain = format!("10.9.{n}.1, 203.0.113.7");
        let r = login_from(&t, USER, &chain, "ada@example.org", "wrong-password-1").await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        }
    }
    assert_eq!(
        limited, 17,
        "only three attempts from 203.0.113.7 got through"
    );
    // Another real client is unaffected.
    let chain = "10.9.0.1, 198.51.100.7";
    let r = login_from(&t, USER, chain, "ada@example.org", "wrong-password-1").await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn check_email_and_register_share_one_budget_per_address(#[case] backend: Backend) {
    let Some(t) = TestApp::start_with(backend, via_proxy(4)).await else {
        return;
    };
    let prober = "203.0.113.9";
    let check = |email: &'static str, from: &'static str| {
        let t = &t;
        async move {
            t.call_with(
                Method::POST,
                "/api/v1/auth/check-email",
                &[("x-forwarded-for", from)],
                Some(json!({"email": email})),
            )
            .await
        }
    };
    let register = |email: &'static str, from: &'static str| {
        let t = &t;
        async move {
            t.call_with(
                Method::POST,
                "/api/v1/auth/register",
                &[("x-forwarded-for", from)],
                Some(json!({"email": email, "password": PASSWORD, "full_name": "Probe"})),
            )
            .await
        }
    };
    assert_eq!(
        register("taken@example.org", prober).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        check("taken@example.org", prober).await.body["exists"],
        true
    );
    assert_eq!(
        check("free@example.org", prober).await.body["exists"],
        false
    );
    assert_error(
        &register("taken@example.org", prober).await,
        StatusCode::CONFLICT,
        "email_taken",
    );
    assert_error(
        &check("x@example.org", prober).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    assert_error(
        &register("y@example.org", prober).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    assert_eq!(
        check("taken@example.org", "198.51.100.1").await.status,
        StatusCode::OK
    );
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn check_email_can_be_turned_off(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| c.check_email_enabled = false).await else {
        return;
    };
    t.register("ada@example.org").await;
    let r = t.check_email("ada@example.org").await;
    assert_error(&r, StatusCode::NOT_FOUND, "check_email_disabled");
    assert!(r.body.to_string().find("exists").is_none());
}
