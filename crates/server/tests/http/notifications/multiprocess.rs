//! Two real `practicum serve` processes over one database: a WebSocket client on process
//! A receives, within a second, the notification a request on process B caused
//! (PostgreSQL LISTEN/NOTIFY), and a reconnect with `since_id` repeats nothing; a logout
//! on one process ends the session on the other (both databases).

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpListener},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use practicum_domain::identity::Role;
use serde_json::json;

use super::*;
use crate::courses::{draft, user};

/// A child server process, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn start_server(database_url: &str, dir: &std::path::Path) -> Server {
    start_server_with(database_url, dir, &[])
}

fn start_server_with(database_url: &str, dir: &std::path::Path, env: &[(&str, &str)]) -> Server {
    let addr = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_practicum"))
        .arg("serve")
        // An empty working directory: no `.env`, no default model to load.
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("APP_ENV", "development")
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", addr.to_string())
        .env("JWT_SECRET", practicum_testkit::TEST_JWT_SECRET)
        .env("ADMIN_TOKEN", "multi-process-admin-token-0123456789abcdef")
        .env("JOBS_WORKERS", "1")
        .env("DB_MAX_CONNECTIONS", "4")
        .env("LOG_LEVEL", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start practicum serve");
    Server { child, addr }
}

/// A minimal HTTP/1.1 exchange (the test needs no HTTP client crate): the status code.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<u16> {
    http_full(addr, method, path, token, body).map(|(status, _)| status)
}

/// The status code and the JSON body.
fn http_full(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<(u16, serde_json::Value)> {
    let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let body = body.unwrap_or("");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    s.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b.trim()).ok())
        .unwrap_or(serde_json::Value::Null);
    Some((status, body))
}

fn wait_ready(server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("practicum serve exited early: {status}");
        }
        if http(server.addr, "GET", "/health/ready", None, None) == Some(200) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("practicum serve on {} never became ready", server.addr);
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
    let url = t.db.url.clone();
    let (a, b) = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || {
            let mut a = start_server(&url, &dir);
            let mut b = start_server(&url, &dir);
            wait_ready(&mut a);
            wait_ready(&mut b);
            (a, b)
        }
    })
    .await
    .unwrap();
    assert_ne!(a.addr, b.addr);

    let (mut ws, protocol) = connect(a.addr, "/api/v1/ws", &teacher).await;
    assert_eq!(protocol.as_deref(), Some("bearer"));

    // The producer publishes on process B.
    let path = format!("/api/v1/courses/{slug}/status");
    let (b_addr, producer2) = (b.addr, producer.clone());
    let published_at = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        http(
            b_addr,
            "POST",
            &path,
            Some(&producer2),
            Some(r#"{"status":"published"}"#),
        )
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
#[rstest::rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_process_ends_the_session_on_another(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    t.register("ada@example.org").await;
    let dir = tempfile::tempdir().unwrap();
    let url = t.db.url.clone();
    let (a, b) = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || {
            let env = [("WS_HEARTBEAT_SECS", "1"), ("JOBS_WORKERS", "0")];
            let mut a = start_server_with(&url, &dir, &env);
            let mut b = start_server_with(&url, &dir, &env);
            wait_ready(&mut a);
            wait_ready(&mut b);
            (a, b)
        }
    })
    .await
    .unwrap();
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
    let (status, _) = call(
        b_addr,
        "POST",
        "/api/v1/auth/logout",
        Some(phone_token.clone()),
        Some(body),
    )
    .await
    .unwrap();
    assert_eq!(status, 204);
    let (status, body) = call(
        a_addr,
        "GET",
        "/api/v1/auth/me",
        Some(phone_token.clone()),
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 401, "the very next request on A is refused");
    assert_eq!(body["error"]["code"], "token_revoked");
    let (status, _) = call(
        a_addr,
        "GET",
        "/api/v1/auth/me",
        Some(laptop_token.clone()),
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "the other device goes on");
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match phone_ws.next().await {
                Some(Ok(tokio_tungstenite::tungstenite::Message::Close(f))) => {
                    return f.map(|f| u16::from(f.code))
                }
                Some(Ok(tokio_tungstenite::tungstenite::Message::Ping(p))) => {
                    let _ = phone_ws
                        .send(tokio_tungstenite::tungstenite::Message::Pong(p))
                        .await;
                }
                Some(Ok(_)) => {}
                _ => return None,
            }
        }
    })
    .await
    .expect("the socket on A closed");
    assert_eq!(closed, Some(practicum_api::notify::ws::CLOSE_SESSION_ENDED));

    // Logout everywhere, sent to A: the laptop's token dies on B.
    let (status, _) = call(
        a_addr,
        "POST",
        "/api/v1/auth/logout",
        Some(laptop_token.clone()),
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 204);
    let (status, _) = call(b_addr, "GET", "/api/v1/auth/me", Some(laptop_token), None)
        .await
        .unwrap();
    assert_eq!(status, 401);
    drop((a, b));
}
