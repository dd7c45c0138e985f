//! Security headers on every response, `no-store` on everything that carries a token,
//! and CORS that lets only the listed origins read credentialed answers.

use axum::http::{header, Method, StatusCode};
use practicum_api::middleware::security_headers::DOCS_CSP;
use rstest::rstest;
use serde_json::json;

use crate::support::*;

#[track_caller]
fn assert_basic_headers(r: &Response) {
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(r.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(r.headers["cross-origin-opener-policy"], "same-origin");
}

#[track_caller]
fn assert_no_store(r: &Response) {
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store", "{}", r.body);
    assert_eq!(r.headers[header::PRAGMA], "no-cache");
}

#[db_test]
async fn every_response_carries_the_security_headers(t: TestApp) {
    // JSON, success and error, and the framework's own 404: no CSP, the rest always.
    // (Other unknown paths are the web app's pages: see `web_app`.)
    for path in ["/health/live", "/api/v1/auth/me", "/api/v1/no/such/route"] {
        let r = t.get(path, None).await;
        assert_basic_headers(&r);
        assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert!(r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
    // The docs page gets Swagger UI's policy: its own files, inline styles, nothing else.
    let docs = super::docs_page(&t).await;
    assert_basic_headers(&docs);
    assert_eq!(docs.headers[header::CONTENT_SECURITY_POLICY], DOCS_CSP);
    // Swagger UI's page has no inline script for that policy to need.
    let html = String::from_utf8_lossy(&docs.bytes);
    assert!(
        !html.contains("<script>") && html.contains("<script src="),
        "{html}"
    );
    // A signed-in read is never stored by a cache.
    let token = t.student("ada@example.org").await;
    let me = t.me(Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn hsts_is_sent_when_configured(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| {
        c.security_headers = practicum_api::middleware::security_headers::SecurityHeadersConfig {
            hsts_max_age_secs: Some(31_536_000),
            page_csp: None,
        }
    })
    .await
    else {
        return;
    };
    let r = t.get("/health/live", None).await;
    assert_eq!(
        r.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

#[db_test]
async fn token_responses_are_never_cached(t: TestApp) {
    t.admin("root@example.org").await;
    let login = json!({"username": "ada@example.org", "password": PASSWORD});
    for (path, body, status) in [
        (
            "/api/v1/auth/register",
            json!({"email": "ada@example.org", "password": PASSWORD, "full_name": "Ada"}),
            StatusCode::CREATED,
        ),
        (
            "/api/v1/auth/signup",
            json!({"email": "bob@example.org", "password": PASSWORD, "full_name": "Bob"}),
            StatusCode::CREATED,
        ),
        ("/api/v1/auth/login", login.clone(), StatusCode::OK),
        ("/token", login, StatusCode::OK),
        (
            "/api/v1/admin/login",
            json!({"username": "root@example.org", "password": PASSWORD}),
            StatusCode::OK,
        ),
    ] {
        let r = t.post(path, None, body).await;
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert_no_store(&r);
    }
    let session = t.login("ada@example.org", PASSWORD).await;
    let r = t.refresh(&session["refresh_token"]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_no_store(&r);
}

/// A `GET` a page on `origin` sends, with `authorization` when given.
async fn get_from(t: &TestApp, path: &str, origin: &str, authorization: Option<&str>) -> Response {
    let mut headers = vec![("origin", origin)];
    headers.extend(authorization.map(|a| ("authorization", a)));
    t.call_with(Method::GET, path, &headers, None).await
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn cors_credentials_only_for_listed_origins(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| {
        c.cors_allowed_origins = vec!["https://app.example.org".into()]
    })
    .await
    else {
        return;
    };
    let token = t.student("ada@example.org").await;
    let bearer = format!("Bearer {token}");
    let credentialed = |origin| get_from(&t, "/api/v1/auth/me", origin, Some(&bearer));
    let ok = credentialed("https://app.example.org").await;
    assert_eq!(
        ok.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.org"
    );
    assert_eq!(ok.headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    // A foreign page gets no Access-Control-Allow-Origin: the browser hides the answer
    // from it (a credentials flag alone opens nothing).
    let foreign = credentialed("https://evil.example.com").await;
    assert!(foreign
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let preflight = t
        .call_with(
            Method::OPTIONS,
            "/api/v1/auth/me",
            &[
                ("origin", "https://evil.example.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization"),
            ],
            None,
        )
        .await;
    assert!(preflight
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    // `*` opens reads to any origin but never with credentials.
    let Some(t) =
        TestApp::start_tuned(backend, |c| c.cors_allowed_origins = vec!["*".into()]).await
    else {
        return;
    };
    let r = get_from(&t, "/health/live", "https://evil.example.com", None).await;
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(r
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());

    // Default: same origin only, no CORS headers for anyone.
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let r = get_from(&t, "/health/live", "https://app.example.org", None).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
