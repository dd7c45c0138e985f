//! Two real `practicum serve` processes over one database: a WebSocket client on process
//! A receives, within a second, the notification a request on process B caused
//! (PostgreSQL LISTEN/NOTIFY), and a reconnect with `since_id` repeats nothing; a logout
//! on one process ends the session on the other (both databases).

use std::{
    net::SocketAddr,
    process::Stdio,
    time::{Duration, Instant},
};

use practicum_domain::identity::Role;
use serde_json::json;

use super::*;
use crate::courses::{draft, user};

/// Two `practicum serve` processes over `t`'s database in `dir` (development, one job
/// worker unless `env` says otherwise), both ready.
async fn two_servers(
    t: &TestApp,
    dir: &std::path::Path,
    env: &'static [(&'static str, &'static str)],
) -> (ServeProcess, ServeProcess) {
    let (url, dir) = (t.db.url.clone(), dir.to_owned());
    tokio::task::spawn_blocking(move || {
        let base = [
            ("APP_ENV", "development"),
            ("ADMIN_TOKEN", "multi-process-admin-token-0123456789abcdef"),
            ("JOBS_WORKERS", "1"),
            ("LOG_LEVEL", "warn"),
        ];
        let env = [&base[..], env].concat();
        let mut a = ServeProcess::start(&url, &dir, &env, Stdio::null());
        let mut b = ServeProcess::start(&url, &dir, &env, Stdio::null());
        a.wait_until_ok("/health/ready", &[]);
        b.wait_until_ok("/health/ready", &[]);
        (a, b)
    })
    .await
    .unwrap()
}

/// The status code and the JSON body (always sent as JSON, empty when `body` is `None`).
fn http_full(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<(u16, serde_json::Value)> {
    let r = http_exchange(addr, method, path, token, &[], Some(body.unwrap_or("")))?;
    (r.status != 0).then(|| (r.status, r.json()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_caused_on_one_process_reaches_a_socket_on_another() {
    let Some(t) = TestApp::start(Backend::Postgres).await else {
        return;
    };
    let teacher = user(&t, "tea@example.com", Role::Teacher).await;
    let producer = user(&t, "pro@example.com", Role::Producer).await;
    let slug = draft(&t, &teacher, "Linear models").await;
    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/status"),
            Some(&teacher),
            json!({"status": "review"}),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);

    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_servers(&t, dir.path(), &[]).await;
    assert_ne!(a.addr, b.addr);

    let (mut ws, protocol) = connect(a.addr, "/api/v1/ws", &teacher).await;
    assert_eq!(protocol.as_deref(), Some("bearer"));

    // The producer publishes on process B.
    let path = format!("/api/v1/courses/{slug}/status");
    let (b_addr, producer2) = (b.addr, producer.clone());
    let published_at = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        http_full(
            b_addr,
            "POST",
            &path,
            Some(&producer2),
            Some(r#"{"status":"published"}"#),
        )
        .map(|(status, _)| status)
    })
    .await
    .unwrap();
    assert_eq!(status, Some(200));
    let n = next_notification(&mut ws, Duration::from_secs(1))
        .await
        .expect("process A pushed process B's notification within one second");
    let latency = published_at.elapsed();
    assert!(latency < Duration::from_secs(1));
    eprintln!("publish on B → frame on A: {latency:?} (request included)");
    assert_eq!(n["kind"], "course_published");
    assert_eq!(n["payload"]["slug"], slug.as_str());
    let id = n["id"].as_i64().unwrap();
    ws.close(None).await.unwrap();

    // Reconnecting (to either process) with since_id repeats nothing.
    for addr in [a.addr, b.addr] {
        let (mut ws, _) = connect(addr, &format!("/ws?since_id={id}"), &teacher).await;
        assert!(next_notification(&mut ws, Duration::from_millis(500))
            .await
            .is_none());
        // …but since_id just below it replays exactly that one.
        let (mut ws, _) = connect(addr, &format!("/ws?since_id={}", id - 1), &teacher).await;
        let again = next_notification(&mut ws, Duration::from_secs(1))
            .await
            .expect("replayed");
        assert_eq!(again["id"], id);
        assert!(next_notification(&mut ws, Duration::from_millis(300))
            .await
            .is_none());
    }
    // The servers are killed on drop, before the test database is dropped.
    drop((a, b));
}

/// Logout on process B ends the access token on process A at once (the denylist and the
/// token version live in the database), and a socket on A closes: through the
/// cross-process signal on PostgreSQL, at its next heartbeat on SQLite (whose in-process
/// signal does not cross processes).
#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_process_ends_the_session_on_another(t: TestApp) {
    t.register("ada@example.org").await;
    let dir = tempfile::tempdir().unwrap();
    let env = &[("WS_HEARTBEAT_SECS", "1"), ("JOBS_WORKERS", "0")];
    let (a, b) = two_servers(&t, dir.path(), env).await;
    let login = format!(r#"{{"username":"ada@example.org","password":"{PASSWORD}"}}"#);
    let (a_addr, b_addr) = (a.addr, b.addr);
    let call = move |addr: SocketAddr,
                     method: &'static str,
                     path: &'static str,
                     token: Option<String>,
                     body: Option<String>| {
        tokio::task::spawn_blocking(move || {
            http_full(addr, method, path, token.as_deref(), body.as_deref()).expect("answer")
        })
    };
    let me = |addr, token: &str| call(addr, "GET", "/api/v1/auth/me", Some(token.to_owned()), None);
    let logout = |addr, token: &str, body| {
        call(
            addr,
            "POST",
            "/api/v1/auth/logout",
            Some(token.to_owned()),
            body,
        )
    };
    let (status, phone) = call(
        a_addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(login.clone()),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{phone}");
    let (_, laptop) = call(b_addr, "POST", "/api/v1/auth/login", None, Some(login))
        .await
        .unwrap();
    let phone_token = phone["access_token"].as_str().unwrap().to_owned();
    let laptop_token = laptop["access_token"].as_str().unwrap().to_owned();
    let (mut phone_ws, _) = connect(a_addr, "/ws", &phone_token).await;

    // This device's logout, sent to B.
    let body = format!(
        r#"{{"refresh_token":"{}"}}"#,
        phone["refresh_token"].as_str().unwrap()
    );
    let (status, _) = logout(b_addr, &phone_token, Some(body)).await.unwrap();
    assert_eq!(status, 204);
    let (status, body) = me(a_addr, &phone_token).await.unwrap();
    assert_eq!(status, 401, "the very next request on A is refused");
    assert_eq!(body["error"]["code"], "token_revoked");
    let (status, _) = me(a_addr, &laptop_token).await.unwrap();
    assert_eq!(status, 200, "the other device goes on");
    let closed = close_code(&mut phone_ws, Duration::from_secs(5)).await;
    assert_eq!(closed, Some(practicum_api::notify::ws::CLOSE_SESSION_ENDED));

    // Logout everywhere, sent to A: the laptop's token dies on B.
    let (status, _) = logout(a_addr, &laptop_token, None).await.unwrap();
    assert_eq!(status, 204);
    let (status, _) = me(b_addr, &laptop_token).await.unwrap();
    assert_eq!(status, 401);
    drop((a, b));
}
