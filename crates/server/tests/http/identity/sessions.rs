//! Sessions end when the user says so: logout (this device or everywhere), a password
//! change, a reset and a deactivation refuse the old access token at once.

use axum::http::StatusCode;
use futures::future::join_all;
use practicum_auth::hash_token;
use practicum_domain::identity::{Role, UserId};
use practicum_store::identity::users;
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

/// The token checks of concurrent requests share statements on PostgreSQL (ADR 0065):
/// each request still gets the state of its own session, never another's.
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_each_get_the_state_of_their_own_session(t: TestApp) {
    let admin = t.user_with_role("root@example.org", Role::Admin).await;
    let mut learners = Vec::new();
    for i in 0..8 {
        let email = format!("learner{i}@example.org");
        let id = t.register(&email).await["user"]["user_id"]
            .as_i64()
            .unwrap();
        let kept = t.login(&email, PASSWORD).await;
        let ended = t.login(&email, PASSWORD).await;
        let r = t
            .logout(&token(&ended), ended["refresh_token"].as_str())
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        learners.push((id, token(&kept), token(&ended)));
    }
    let deactivated = learners[3].0;
    let r = t
        .patch_user(&token(&admin), deactivated, json!({"is_active": false}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let t = &t;
    for _ in 0..5 {
        let asks = learners.iter().flat_map(|(id, kept, ended)| {
            [(*id, kept.as_str(), true), (*id, ended.as_str(), false)]
        });
        let answers = join_all(
            asks.map(|(id, access, kept)| async move { (id, kept, t.me(Some(access)).await) }),
        )
        .await;
        for (id, kept, me) in answers {
            if id == deactivated {
                assert_error(&me, StatusCode::UNAUTHORIZED, "account_inactive");
            } else if kept {
                assert_eq!(me.status, StatusCode::OK, "{}", me.body);
                assert_eq!(me.body["user_id"], id, "{}", me.body);
                assert_eq!(
                    me.body["email"],
                    format!(
                        "learner{}@example.org",
                        learners.iter().position(|l| l.0 == id).unwrap()
                    ),
                );
            } else {
                assert_error(&me, StatusCode::UNAUTHORIZED, "token_revoked");
            }
        }
    }

    // The batched read itself, with what a batch may hold: one account asked twice with
    // its live and its revoked token, an account that does not exist, in that order.
    let (id, kept, ended) = &learners[0];
    let asked = [
        (UserId(*id), hash_token(ended)),
        (UserId(i64::MAX), hash_token(kept)),
        (UserId(*id), hash_token(kept)),
    ];
    let mut conn = t.db.db.read().await.unwrap();
    let found = users::find_for_tokens(&mut conn, &asked).await.unwrap();
    let found: Vec<_> = found
        .iter()
        .map(|f| f.as_ref().map(|(user, revoked)| (user.id.0, *revoked)))
        .collect();
    assert_eq!(found, vec![Some((*id, true)), None, Some((*id, false))]);
}
