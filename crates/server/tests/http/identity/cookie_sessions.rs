//! Browser sessions (`X-Session-Transport: cookie`): the refresh token lives in an
//! `HttpOnly` cookie, never in the body; it rotates on refresh, reuse revokes the family,
//! logout clears it. Without the header, API clients see exactly the JSON sessions of old.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;

const COOKIE_MODE: (&str, &str) = ("x-session-transport", "cookie");

async fn call(
    t: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
    bearer: Option<&str>,
    body: Value,
) -> Response {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(token) = bearer {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    t.send(req.body(Body::from(body.to_string())).unwrap())
        .await
}

fn set_cookie(r: &Response) -> &str {
    r.headers
        .get(header::SET_COOKIE)
        .unwrap_or_else(|| panic!("no Set-Cookie; body {}", r.body))
        .to_str()
        .unwrap()
}

/// The cookie's value as a browser would send it back: `name=value`.
fn cookie_pair(set: &str) -> String {
    set.split(';').next().unwrap().to_owned()
}

fn credentials(login: &str) -> Value {
    json!({"username": login, "password": PASSWORD})
}

/// Signs `email` up through the API (JSON), then logs in with the cookie transport.
async fn cookie_login(t: &TestApp, email: &str) -> Response {
    t.register(email).await;
    let r = call(
        t,
        "/api/v1/auth/login",
        &[COOKIE_MODE],
        None,
        credentials(email),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

/// A `POST` in cookie mode that carries `cookie` (`name=value`), with an empty body.
async fn cookie_post(t: &TestApp, path: &str, cookie: &str) -> Response {
    call(t, path, &[COOKIE_MODE, ("cookie", cookie)], None, json!({})).await
}

async fn cookie_refresh(t: &TestApp, cookie: &str) -> Response {
    cookie_post(t, "/api/v1/auth/refresh", cookie).await
}

#[db_test]
async fn cookie_transport_sets_the_refresh_cookie_and_keeps_it_out_of_the_body(t: TestApp) {
    let login = cookie_login(&t, "ada@example.org").await;
    let set = set_cookie(&login);
    assert!(set.starts_with("practicum_refresh="), "{set}");
    assert!(
        cookie_pair(set).len() > "practicum_refresh=".len() + 20,
        "{set}"
    );
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
        "Max-Age=2592000",
    ] {
        assert!(
            set.split("; ").any(|a| a == attribute),
            "{attribute}: {set}"
        );
    }
    assert!(
        !set.contains("Secure"),
        "development serves plain HTTP: {set}"
    );
    assert_eq!(login.headers[header::CACHE_CONTROL], "no-store");
    assert!(login.body.get("refresh_token").is_none(), "{}", login.body);
    assert_eq!(login.body["token_type"], "bearer");
    assert_eq!(t.me(Some(&token(&login.body))).await.status, StatusCode::OK);

    // Registration (and its alias) sign in the same way.
    for path in ["/api/v1/auth/register", "/api/v1/auth/signup"] {
        let email = format!("new{}@example.org", path.len());
        let r = call(
            &t,
            path,
            &[COOKIE_MODE],
            None,
            json!({"email": email, "password": PASSWORD, "full_name": "New Learner"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert!(set_cookie(&r).starts_with("practicum_refresh="));
        assert!(r.body.get("refresh_token").is_none(), "{}", r.body);
    }
}

#[db_test]
async fn refresh_with_the_cookie_rotates_it_and_reuse_revokes_the_family(t: TestApp) {
    let first = cookie_pair(set_cookie(&cookie_login(&t, "ada@example.org").await));

    let rotated = cookie_refresh(&t, &first).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let second = cookie_pair(set_cookie(&rotated));
    assert!(second.starts_with("practicum_refresh="));
    assert_ne!(second, first);
    assert!(
        rotated.body.get("refresh_token").is_none(),
        "{}",
        rotated.body
    );
    assert_eq!(
        t.me(Some(&token(&rotated.body))).await.status,
        StatusCode::OK
    );

    // The first cookie again: theft. Refused, told to drop it, and the family is revoked.
    let reuse = cookie_refresh(&t, &first).await;
    assert_error(&reuse, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let cleared = set_cookie(&reuse);
    assert!(cleared.starts_with("practicum_refresh=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let after = cookie_refresh(&t, &second).await;
    assert_error(&after, StatusCode::UNAUTHORIZED, "refresh_token_reused");

    // No cookie at all: not signed in.
    let none = call(&t, "/api/v1/auth/refresh", &[COOKIE_MODE], None, json!({})).await;
    assert_error(&none, StatusCode::UNAUTHORIZED, "refresh_token_missing");
}

#[db_test]
async fn logout_with_the_cookie_revokes_it_and_clears_it(t: TestApp) {
    let login = cookie_login(&t, "ada@example.org").await;
    let cookie = cookie_pair(set_cookie(&login));
    let other_device = t.login("ada@example.org", PASSWORD).await;

    // The access token has no say: the cookie names the session (a lapsed token is fine).
    let out = cookie_post(&t, "/api/v1/auth/logout", &cookie).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    let cleared = set_cookie(&out);
    assert!(cleared.starts_with("practicum_refresh=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0") && cleared.contains("Path=/api/v1/auth"));

    let refused = cookie_refresh(&t, &cookie).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
    // Only this browser's session ended.
    let other = t.refresh(&other_device["refresh_token"]).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);

    // With the access token along, that token ends too (not only the refresh cookie).
    let login = cookie_login(&t, "bob@example.org").await;
    let (access, cookie) = (token(&login.body), cookie_pair(set_cookie(&login)));
    assert_eq!(t.me(Some(&access)).await.status, StatusCode::OK);
    let out = call(
        &t,
        "/api/v1/auth/logout",
        &[COOKIE_MODE, ("cookie", &cookie)],
        Some(&access),
        json!({}),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(t.me(Some(&access)).await.status, StatusCode::UNAUTHORIZED);

    // Signing out again (no cookie left) is still a clean 204 that clears.
    let again = call(&t, "/api/v1/auth/logout", &[COOKIE_MODE], None, json!({})).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
    assert!(set_cookie(&again).contains("Max-Age=0"));
}

#[db_test]
async fn without_the_header_sessions_stay_json(t: TestApp) {
    let registered = call(
        &t,
        "/api/v1/auth/register",
        &[],
        None,
        json!({"email": "ada@example.org", "password": PASSWORD, "full_name": "Ada"}),
    )
    .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    assert!(registered.headers.get(header::SET_COOKIE).is_none());
    let login = call(
        &t,
        "/api/v1/auth/login",
        &[],
        None,
        credentials("ada@example.org"),
    )
    .await;
    assert!(login.headers.get(header::SET_COOKIE).is_none());
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();

    // A cookie sent without the header is ignored: the body decides.
    let with_stray_cookie = call(
        &t,
        "/api/v1/auth/refresh",
        &[("cookie", "practicum_refresh=whatever")],
        None,
        json!({"refresh_token": refresh}),
    )
    .await;
    assert_eq!(with_stray_cookie.status, StatusCode::OK);
    assert!(with_stray_cookie.body["refresh_token"].is_string());
    assert!(with_stray_cookie.headers.get(header::SET_COOKIE).is_none());
    let missing = call(&t, "/api/v1/auth/refresh", &[], None, json!({})).await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");

    // JSON logout still needs the bearer token.
    let anonymous = call(&t, "/api/v1/auth/logout", &[], None, json!({})).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    let out = call(
        &t,
        "/api/v1/auth/logout",
        &[],
        Some(&token(&with_stray_cookie.body)),
        json!({}),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers.get(header::SET_COOKIE).is_none());

    let typo = call(
        &t,
        "/api/v1/auth/login",
        &[("x-session-transport", "cookies")],
        None,
        credentials("ada@example.org"),
    )
    .await;
    assert_error(&typo, StatusCode::BAD_REQUEST, "invalid_session_transport");
}

#[db_test]
async fn admin_console_sessions_use_their_own_cookie(t: TestApp) {
    t.user_with_role("root@example.org", practicum_domain::identity::Role::Admin)
        .await;
    let login = call(
        &t,
        "/api/v1/admin/login",
        &[COOKIE_MODE],
        None,
        credentials("root@example.org"),
    )
    .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    assert_eq!(login.body["scope"], "admin");
    assert!(login.body.get("refresh_token").is_none());
    let set = set_cookie(&login);
    assert!(set.starts_with("practicum_admin_refresh="), "{set}");
    assert!(set.contains("Path=/api/v1/admin/session") && set.contains("HttpOnly"));
    let first = cookie_pair(set);

    let refresh = |cookie| cookie_post(&t, "/api/v1/admin/session/refresh", cookie);
    let rotated = refresh(&first).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    assert_eq!(rotated.body["scope"], "admin");
    let admin_token = token(&rotated.body);
    assert_eq!(
        t.get("/api/v1/admin/me", Some(&admin_token)).await.status,
        StatusCode::OK
    );
    let second = cookie_pair(set_cookie(&rotated));
    assert!(second.starts_with("practicum_admin_refresh=") && second != first);

    // The learner cookie route does not read the admin cookie, and vice versa.
    let crossed = cookie_refresh(&t, &second).await;
    assert_error(&crossed, StatusCode::UNAUTHORIZED, "refresh_token_missing");
    // The cookie is only read on requests that ask for it.
    let no_header = call(
        &t,
        "/api/v1/admin/session/refresh",
        &[("cookie", &second)],
        None,
        json!({}),
    )
    .await;
    assert_error(
        &no_header,
        StatusCode::BAD_REQUEST,
        "session_transport_required",
    );

    let out = cookie_post(&t, "/api/v1/admin/session/logout", &second).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = set_cookie(&out);
    assert!(cleared.starts_with("practicum_admin_refresh=;") && cleared.contains("Max-Age=0"));
    let ended = refresh(&second).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    let reused = refresh(&first).await;
    assert_error(&reused, StatusCode::UNAUTHORIZED, "refresh_token_reused");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn production_cookies_are_secure(#[case] backend: Backend) {
    let Some(t) = TestApp::start_tuned(backend, |c| c.session_cookie_secure = true).await else {
        return;
    };
    let login = cookie_login(&t, "ada@example.org").await;
    assert!(
        set_cookie(&login).ends_with("; Secure"),
        "{}",
        set_cookie(&login)
    );
    let cookie = cookie_pair(set_cookie(&login));
    let out = cookie_post(&t, "/api/v1/auth/logout", &cookie).await;
    assert!(set_cookie(&out).ends_with("; Secure"));
}

#[db_test]
async fn a_password_change_renews_the_cookie_it_revoked(t: TestApp) {
    let login = cookie_login(&t, "ada@example.org").await;
    let old = cookie_pair(set_cookie(&login));
    let changed = call(
        &t,
        "/api/v1/auth/change-password",
        &[COOKIE_MODE],
        Some(&token(&login.body)),
        json!({"current_password": PASSWORD, "new_password": "another-h0rse-battery"}),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(
        changed.body.get("refresh_token").is_none(),
        "{}",
        changed.body
    );
    let new = cookie_pair(set_cookie(&changed));
    assert_ne!(new, old);
    assert_eq!(
        cookie_refresh(&t, &old).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(cookie_refresh(&t, &new).await.status, StatusCode::OK);
}
