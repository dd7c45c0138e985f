//! Sessions end when the user says so: logout (this device or everywhere), a password
//! change, a reset and a deactivation refuse the old access token at once.

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use crate::support::*;

#[db_test]
async fn logout_of_one_device_ends_its_access_token_at_once(t: TestApp) {
    t.register("ada@example.org").await;
    let phone = t.login("ada@example.org", PASSWORD).await;
    let laptop = t.login("ada@example.org", PASSWORD).await;
    let r = t
        .logout(&token(&phone), phone["refresh_token"].as_str())
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The phone's access token is refused now, not at its expiry.
    let me = t.me(Some(&token(&phone))).await;
    assert_error(&me, StatusCode::UNAUTHORIZED, "token_revoked");
    let r = t.refresh(&phone["refresh_token"]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The laptop is another session and goes on.
    let me = t.me(Some(&token(&laptop))).await;
    assert_eq!(me.status, StatusCode::OK);
    // Logging out twice with a dead token is 401, not an error.
    assert_eq!(
        t.logout(&token(&phone), None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[db_test]
async fn logout_everywhere_ends_every_access_token(t: TestApp) {
    t.register("ada@example.org").await;
    let a = t.login("ada@example.org", PASSWORD).await;
    let b = t.login("ada@example.org", PASSWORD).await;
    assert_eq!(
        t.logout(&token(&a), None).await.status,
        StatusCode::NO_CONTENT
    );
    for s in [&a, &b] {
        let me = t.me(Some(&token(s))).await;
        assert_error(&me, StatusCode::UNAUTHORIZED, "token_revoked");
        let r = t.refresh(&s["refresh_token"]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Signing in again works.
    let c = t.login("ada@example.org", PASSWORD).await;
    assert_eq!(t.me(Some(&token(&c))).await.status, StatusCode::OK);
}

#[db_test]
async fn a_password_change_ends_every_other_session(t: TestApp) {
    t.register("ada@example.org").await;
    let other = t.login("ada@example.org", PASSWORD).await;
    let me = t.login("ada@example.org", PASSWORD).await;
    // A reset link requested earlier must not work after the change.
    let r = t.forgot_password("ada@example.org").await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let link = super::password_reset::token_from_outbox(&t, "ada@example.org").await;

    let wrong = t
        .change_password(&token(&me), "not-my-password", "a-new-passw0rd")
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_eq!(
        wrong.body["error"]["details"]["fields"][0]["field"],
        "current_password"
    );
    let weak = t.change_password(&token(&me), PASSWORD, "short").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = t
        .change_password(&token(&me), PASSWORD, "a-new-passw0rd")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers["cache-control"], "no-store");
    let fresh = token(&r.body);
    for old in [&other, &me] {
        let r = t.me(Some(&token(old))).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "token_revoked");
    }
    assert_eq!(t.me(Some(&fresh)).await.status, StatusCode::OK);
    let r = t.try_login("ada@example.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    t.login("ada@example.org", "a-new-passw0rd").await;
    let r = t.reset_password(&link, "attacker-passw0rd").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "invalid_reset_token");
}

#[db_test]
async fn deactivation_ends_the_access_token(t: TestApp) {
    let user = t.register("ada@example.org").await;
    let id = user["user"]["user_id"].as_i64().unwrap();
    let admin = t.user_with_role("root@example.org", Role::Admin).await;
    let r = t
        .patch_user(&token(&admin), id, json!({"is_active": false}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let me = t.me(Some(&token(&user))).await;
    assert_error(&me, StatusCode::UNAUTHORIZED, "account_inactive");
}
