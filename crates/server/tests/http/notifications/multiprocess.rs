//! Two real `practicum serve` processes over one PostgreSQL database: a WebSocket client
//! on process A receives, within a second, the notification a request on process B
//! caused (LISTEN/NOTIFY), and a reconnect with `since_id` repeats nothing.

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
    response.split(' ').nth(1)?.parse().ok()
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
