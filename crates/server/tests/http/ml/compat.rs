use axum::http::StatusCode;
use serde_json::json;

use super::*;

async fn token_form(t: &TestApp, username: &str, password: &str) -> Response {
    let form = format!("grant_type=password&username={username}&password={password}");
    t.post_form("/token", None, &form).await
}

/// `POST /register` of `username` with [`PASSWORD`], asking for admin rights when
/// `is_admin`, as `token`.
async fn register(t: &TestApp, token: Option<&str>, username: &str, is_admin: bool) -> Response {
    let mut body = json!({"username": username, "password": PASSWORD});
    if is_admin {
        body["is_admin"] = json!(true);
    }
    t.post("/register", token, body).await
}

#[db_test]
async fn standalone_service_routes(MlApp(t): MlApp) {
    let r = register(&t, None, "alice", false)
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(r["username"], "alice");
    assert_eq!(r["is_admin"], false);
    let alice_id = r["id"].as_i64().unwrap();
    assert!(r["created_at"].is_string());

    let dup = register(&t, None, "ALICE", false).await;
    assert_error(&dup, StatusCode::BAD_REQUEST, "username_taken");

    let anon_admin = register(&t, None, "mallory", true).await;
    assert_error(&anon_admin, StatusCode::FORBIDDEN, "admin_required");

    let bad = token_form(&t, "alice", "wrong-password").await;
    assert_error(&bad, StatusCode::UNAUTHORIZED, "invalid_credentials");
    let tok = token_form(&t, "alice", PASSWORD).await;
    assert_eq!(tok.status, StatusCode::OK, "{}", tok.body);
    assert_eq!(tok.body["token_type"], "bearer");
    let alice = tok.body["access_token"].as_str().unwrap().to_owned();

    let student_admin = register(&t, Some(&alice), "mallory", true).await;
    assert_error(&student_admin, StatusCode::FORBIDDEN, "admin_required");

    let (admin, _) = t.admin("root@example.org").await;
    let made = register(&t, Some(&admin), "second-admin", true)
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(made["is_admin"], true);
    let second = token_form(&t, "second-admin", PASSWORD).await;
    let second = second.body["access_token"].as_str().unwrap().to_owned();

    let r = post_multipart(&t, "/forward", Some(&alice), &[image(fixture("dog2.jpg"))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["result"]["top_class"],
        expected_top1("dog2.jpg").1.as_str()
    );
    let r = post_multipart(&t, "/forward", None, &[image(fixture("dog2.jpg"))]).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");

    let r = t.get("/history", Some(&alice)).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden");
    let h = t.get_ok("/history", Some(&second)).await;
    assert_eq!(h["total"], 1);
    assert_eq!(h["items"][0]["user_id"], alice_id);
    // The same history as /api/v1.
    let v1 = all_history(&t, &admin, "").await;
    assert_eq!(v1[0]["id"], h["items"][0]["id"]);

    let r = t.get("/stats", Some(&alice)).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden");
    let s = t.get("/stats", Some(&second)).await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(s.body["total_requests"], 1);
}
