use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use practicum_api::ApiConfig;
use rstest::rstest;

use crate::support::*;

fn raw(
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut r = Request::builder().method(method).uri(path);
    if let Some(ct) = content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    r.body(body.into()).unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn framework_rejections_use_the_envelope(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| c.max_body_bytes = 64 * 1024).await else {
        return;
    };
    let path = "/api/v1/auth/register";

    let malformed = t
        .send(raw(
            Method::POST,
            path,
            Some("application/json"),
            "{\"email\": ",
        ))
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "malformed_json");

    let wrong_type = t
        .send(raw(Method::POST, path, Some("text/plain"), "{}"))
        .await;
    assert_error(
        &wrong_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );

    let missing = t
        .send(raw(
            Method::POST,
            path,
            Some("application/json"),
            r#"{"email": "a@b.org"}"#,
        ))
        .await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(missing.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("password"));

    let big = format!(r#"{{"email": "{}"}}"#, "a".repeat(100 * 1024));
    let oversized = t
        .send(raw(Method::POST, path, Some("application/json"), big))
        .await;
    assert_error(
        &oversized,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );

    let unknown = t.get("/api/v1/no-such-route", None).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");

    let method = t
        .send(raw(Method::DELETE, "/api/v1/auth/me", None, Body::empty()))
        .await;
    assert_error(
        &method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );

    let bad_query = t
        .get(
            "/api/v1/accounts/users?page=minus-one",
            Some(&t.admin("root@example.org").await.0),
        )
        .await;
    assert_error(
        &bad_query,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_query",
    );
}

#[db_test]
async fn every_response_carries_a_request_id(t: TestApp) {
    for r in [
        t.get("/health/live", None).await,
        t.me(None).await,
        t.get("/nope", None).await,
    ] {
        let id = r
            .headers
            .get("x-request-id")
            .expect("x-request-id")
            .to_str()
            .unwrap();
        assert_eq!(id.len(), 36, "{id}");
    }
    // A client-supplied id is kept, so logs can be correlated across services.
    let req = Request::get("/health/live")
        .header("x-request-id", "client-abc-123")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(req).await.headers["x-request-id"], "client-abc-123");
}

/// Found by schemathesis: PostgreSQL cannot store NUL in text, so it must never get there.
#[db_test]
async fn nul_characters_are_refused_before_the_database(t: TestApp) {
    for (content_type, body) in [
        (
            "application/json",
            r#"{"email": "O\u0000@example.org", "password": "x"}"#,
        ),
        (
            "application/x-www-form-urlencoded",
            "username=a%00b&password=x",
        ),
    ] {
        let login = raw(Method::POST, "/api/v1/auth/login", Some(content_type), body);
        let r = t.send(login).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{content_type}: {}",
            r.body
        );
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_text");
    }
    let r = t.get("/api/v1/accounts/profiles/a%00b", None).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_text");
    // A literal backslash followed by "u0000" is ordinary text.
    let ok = t
        .send(raw(
            Method::POST,
            "/api/v1/auth/login",
            Some("application/json"),
            r#"{"username": "a\\u0000b", "password": "x"}"#,
        ))
        .await;
    assert_error(&ok, StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn cors_allows_only_the_configured_origins(#[case] backend: Backend) {
    let config = ApiConfig {
        cors_allowed_origins: vec!["https://app.example.org".into()],
        ..ApiConfig::default()
    };
    let Some(t) = TestApp::start_with(backend, config).await else {
        return;
    };
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/auth/login")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,authorization",
            )
            .body(Body::empty())
            .unwrap()
    };
    let ok = t.send(preflight("https://app.example.org")).await;
    assert_eq!(
        ok.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.org"
    );
    let other = t.send(preflight("https://evil.example.com")).await;
    assert!(other
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}
