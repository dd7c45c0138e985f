use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use practicum_domain::identity::Role;
use serde_json::json;

use crate::support::*;

#[db_test]
async fn wrong_password_and_unknown_account_look_the_same(t: TestApp) {
    t.register("ada@example.org").await;
    let wrong = t.try_login("ada@example.org", "not-the-password").await;
    let unknown = t.try_login("nobody@example.org", "not-the-password").await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
}

#[db_test]
async fn oauth2_password_form_logs_in(t: TestApp) {
    t.register("ada@example.org").await;
    let form = format!("grant_type=password&username=ada%40example.org&password={PASSWORD}");
    let req = Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["token_type"], "bearer");
    assert!(r.body["access_token"].is_string());
}

#[db_test]
async fn legacy_bcrypt_hash_logs_in_and_is_upgraded_to_argon2id(t: TestApp) {
    // An account imported from the Python services, with a bcrypt hash.
    let legacy = bcrypt::hash("imported-pass-1", 4).unwrap();
    let mut tx = t.db.db.write().await.unwrap();
    let id = practicum_store::identity::users::insert(
        &mut tx,
        &practicum_store::identity::users::NewUser {
            email: None,
            username: Some("legacy_user"),
            full_name: "Legacy",
            password_hash: &legacy,
            role: Role::Student,
            now: 0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let bad = t.try_login("legacy_user", "imported-pass-2").await;
    assert_error(&bad, StatusCode::UNAUTHORIZED, "invalid_credentials");
    t.login("legacy_user", "imported-pass-1").await;

    let mut conn = t.db.db.read().await.unwrap();
    let stored = practicum_store::identity::users::find_by_id(&mut conn, id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.password_hash.starts_with("$argon2id$"),
        "{}",
        stored.password_hash
    );
    drop(conn);
    t.login("legacy_user", "imported-pass-1").await;
}

#[db_test]
async fn admin_login_requires_an_admin(t: TestApp) {
    t.user_with_role("teacher@example.org", Role::Teacher).await;
    let r = t
        .post(
            "/api/v1/admin/login",
            None,
            json!({"username": "teacher@example.org", "password": PASSWORD}),
        )
        .await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "invalid_credentials");

    let (user_token, admin_token) = t.admin("root@example.org").await;
    let r = t.get("/api/v1/admin/me", Some(&admin_token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["role"], "admin");
    // An admin's ordinary token is not enough on /admin/*.
    let r = t.get("/api/v1/admin/me", Some(&user_token)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "admin_token_required");
    let r = t.get("/api/v1/admin/me", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
