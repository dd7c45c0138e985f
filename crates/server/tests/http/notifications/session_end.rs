//! A live socket ends with its session: deactivation, role change, logout (everywhere,
//! or of the device whose token opened it) and password change close it at once, and a
//! change made behind the server's back is caught at the next heartbeat.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use practicum_api::notify::ws::{CLOSE_ROLE_CHANGED, CLOSE_SESSION_ENDED};
use rstest::rstest;
use serde_json::json;

use super::*;

async fn admin_patch(t: &TestApp, admin: &str, user: i64, body: serde_json::Value) {
    let r = t.patch_user(admin, user, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_close_when_the_session_ends(t: TestApp) {
    let (_listener, addr) = serve_live(&t).await;
    let admin = token(
        &t.user_with_role("root@example.org", practicum_domain::identity::Role::Admin)
            .await,
    );
    let within = Duration::from_secs(3);

    // Deactivation.
    let ann = t.register("ann@example.org").await;
    let ann_id = ann["user"]["user_id"].as_i64().unwrap();
    let (mut ws, _) = connect(addr, "/ws", &token(&ann)).await;
    admin_patch(&t, &admin, ann_id, json!({"is_active": false})).await;
    assert_eq!(close_code(&mut ws, within).await, Some(CLOSE_SESSION_ENDED));

    // Role change: the socket closes so the client reconnects under the new role.
    let bob = t.register("bob@example.org").await;
    let bob_id = bob["user"]["user_id"].as_i64().unwrap();
    let (mut ws, _) = connect(addr, "/ws", &token(&bob)).await;
    admin_patch(&t, &admin, bob_id, json!({"role": "teacher"})).await;
    assert_eq!(close_code(&mut ws, within).await, Some(CLOSE_ROLE_CHANGED));
    let (mut again, _) = connect(addr, "/ws", &token(&bob)).await;
    assert_eq!(
        close_code(&mut again, Duration::from_millis(300)).await,
        None
    );

    // Logout of one device: its socket closes, the other device's stays.
    t.register("cid@example.org").await;
    let phone = t.login("cid@example.org", PASSWORD).await;
    let laptop = t.login("cid@example.org", PASSWORD).await;
    let (mut phone_ws, _) = connect(addr, "/ws", &token(&phone)).await;
    let (mut laptop_ws, _) = connect(addr, "/ws", &token(&laptop)).await;
    let r = t
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&token(&phone)),
            Some(json!({"refresh_token": phone["refresh_token"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        close_code(&mut phone_ws, within).await,
        Some(CLOSE_SESSION_ENDED)
    );
    assert_eq!(
        close_code(&mut laptop_ws, Duration::from_millis(500)).await,
        None
    );

    // Logout everywhere: every socket of the account.
    let r = t
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&token(&laptop)),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        close_code(&mut laptop_ws, within).await,
        Some(CLOSE_SESSION_ENDED)
    );

    // Password change: the other device's socket closes.
    let dee = t.register("dee@example.org").await;
    let other = t.login("dee@example.org", PASSWORD).await;
    let (mut ws, _) = connect(addr, "/ws", &token(&other)).await;
    let r = t
        .change_password(&token(&dee), PASSWORD, "a-new-passw0rd")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(close_code(&mut ws, within).await, Some(CLOSE_SESSION_ENDED));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heartbeat_rechecks_the_session(#[case] backend: Backend) {
    let Some(t) =
        TestApp::start_tuned(backend, |c| c.ws_heartbeat = Duration::from_millis(300)).await
    else {
        return;
    };
    let addr = spawn(&t).await;
    let ann = t.register("ann@example.org").await;
    let id = ann["user"]["user_id"].as_i64().unwrap();
    let (mut ws, _) = connect(addr, "/ws", &token(&ann)).await;
    // Alive across several heartbeats while the session holds.
    assert_eq!(close_code(&mut ws, Duration::from_millis(1000)).await, None);
    // Deactivated by hand in the database: no signal is sent, the heartbeat notices.
    let mut tx = t.app.db().write().await.unwrap();
    sqlx::query("UPDATE users SET is_active = $1 WHERE id = $2")
        .bind(false)
        .bind(id)
        .execute(practicum_store::Session::conn(&mut tx))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(3)).await,
        Some(CLOSE_SESSION_ENDED)
    );
}
