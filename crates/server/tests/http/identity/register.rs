use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use crate::support::*;

#[db_test]
async fn register_login_me(t: TestApp) {
    let reg = t.register("Ada@Example.org").await;
    assert_eq!(reg["token_type"], "bearer");
    assert!(reg["refresh_token"].as_str().is_some_and(|s| s.len() > 30));
    assert_eq!(reg["user"]["role"], "student");

    let login = t.login("ada@example.org", PASSWORD).await;
    let me = t.me(Some(&token(&login))).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "Ada@Example.org");
    assert_eq!(me.body["full_name"], "Test User");
    assert_eq!(me.body["role"], "student");
    assert_eq!(me.body["user_id"], reg["user"]["user_id"]);
    assert!(me.body.get("password_hash").is_none());

    let alias = t.get("/api/v1/users/me", Some(&token(&login))).await;
    assert_eq!(alias.body, me.body);

    let signup = t
        .post(
            "/api/v1/auth/signup",
            None,
            json!({"email": "bob@example.org", "password": PASSWORD, "full_name": "Bob"}),
        )
        .await;
    assert_eq!(signup.status, StatusCode::CREATED);

    let patched = t
        .patch_me(
            &token(&login),
            json!({"full_name": "Ada Lovelace", "username": "ada"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["full_name"], "Ada Lovelace");
    let by_username = t.login("ADA", PASSWORD).await;
    assert_eq!(by_username["user"]["email"], "Ada@Example.org");
}

#[db_test]
async fn duplicate_email_is_409_case_insensitively(t: TestApp) {
    t.register("ada@example.org").await;
    let r = t
        .try_register(json!({"email": "ADA@example.ORG", "password": PASSWORD, "full_name": "X"}))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "email_taken");
}

#[db_test]
async fn invalid_fields_are_422_with_every_field_named(t: TestApp) {
    let r = t
        .try_register(json!({"email": "not-an-email", "password": "short", "full_name": " "}))
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields: Vec<&str> = r.body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "password", "full_name"]);
    let common = t
        .try_register(
            json!({"email": "a@example.org", "password": "password123", "full_name": "A"}),
        )
        .await;
    assert_error(
        &common,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
}

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_registrations_of_one_email_create_one_account(t: TestApp) {
    let attempts = (0..20).map(|i| {
        let email = if i % 2 == 0 {
            "race@example.org"
        } else {
            "RACE@example.org"
        };
        t.try_register(
            json!({"email": email, "password": PASSWORD, "full_name": format!("Racer {i}")}),
        )
    });
    let results = join_all(attempts).await;
    assert_one_wins(
        &results,
        StatusCode::CREATED,
        StatusCode::CONFLICT,
        "email_taken",
    );

    let (admin, _) = t.admin("root@example.org").await;
    let list = t
        .get("/api/v1/accounts/users?search=race%40", Some(&admin))
        .await;
    assert_eq!(list.body["total"], 1, "{}", list.body);
}
