//! Slow and greedy clients cannot exhaust the server: half-sent requests are cut off by
//! the header-read timeout, connections over the caps get 503 with `Retry-After` instead
//! of failing accept, and `/health/live` keeps answering other clients meanwhile.

use std::{net::SocketAddr, time::Duration};

use practicum_server::http_server::{serve, ServeLimits};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpSocket, TcpStream},
};

use crate::support::*;

async fn start(t: &TestApp, limits: ServeLimits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(
        listener,
        t.router.clone(),
        limits,
        std::future::pending::<()>(),
    ));
    addr
}

/// A connection from `source` (any 127.0.0.0/8 address works on loopback).
async fn connect_from(source: &str, addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket.connect(addr).await.unwrap()
}

/// Sends the start of a request head and stops.
async fn half_sent(source: &str, addr: SocketAddr) -> TcpStream {
    let mut s = connect_from(source, addr).await;
    s.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    s
}

/// What the server sends before closing, within `within` ("" when it closes silently).
async fn read_until_closed(s: &mut TcpStream, within: Duration) -> Option<String> {
    let mut out = Vec::new();
    let r = tokio::time::timeout(within, async {
        let mut buf = [0u8; 1024];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    r.ok().map(|()| String::from_utf8_lossy(&out).into_owned())
}

/// What the server has sent so far (without waiting for the close), if anything.
async fn first_bytes(s: &mut TcpStream) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    match tokio::time::timeout(Duration::from_millis(20), s.read(&mut buf)).await {
        Ok(Ok(n)) if n > 0 => Some(String::from_utf8_lossy(&buf[..n]).into_owned()),
        _ => None,
    }
}

/// A header-read timeout of `header_secs`, at most `max` connections and `per_address`
/// from one address (0: no such limit); the rest default.
fn limits(header_secs: u64, max: usize, per_address: usize) -> ServeLimits {
    ServeLimits {
        header_read_timeout: Duration::from_secs(header_secs),
        max_connections: max,
        max_connections_per_address: per_address,
        ..ServeLimits::default()
    }
}

async fn health(source: &str, addr: SocketAddr) -> String {
    let mut s = connect_from(source, addr).await;
    s.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    read_until_closed(&mut s, Duration::from_secs(5))
        .await
        .expect("an answer")
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_cannot_starve_other_clients(t: TestApp) {
    let addr = start(&t, limits(2, 1000, 50)).await;
    // 200 half-sent requests from one address: 50 held, 150 refused at once.
    let mut opened = Vec::new();
    for _ in 0..200 {
        opened.push(half_sent("127.0.0.2", addr).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut held = Vec::new();
    let mut refused = 0;
    for mut s in opened {
        match first_bytes(&mut s).await {
            Some(answer) => {
                assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
                assert!(answer.to_lowercase().contains("retry-after: 1"), "{answer}");
                assert!(answer.contains("server_busy"), "{answer}");
                refused += 1;
            }
            None => held.push(s),
        }
    }
    assert_eq!((held.len(), refused), (50, 150));
    // Meanwhile another client is served.
    for _ in 0..5 {
        let answer = health("127.0.0.1", addr).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    // The header-read timeout closes every half-sent request without an answer.
    for s in &mut held {
        let answer = read_until_closed(s, Duration::from_secs(10))
            .await
            .expect("closed by the header-read timeout");
        assert!(!answer.contains("200 OK"), "{answer}");
    }
    // Their slots are free again.
    let answer = health("127.0.0.2", addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn the_process_cap_answers_503_and_recovers(t: TestApp) {
    let addr = start(&t, limits(1, 10, 0)).await;
    let mut held = Vec::new();
    for n in 0..10 {
        held.push(half_sent(&format!("127.0.0.{}", n + 2), addr).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let answer = health("127.0.0.1", addr).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_lowercase().contains("retry-after"), "{answer}");
    for s in &mut held {
        read_until_closed(s, Duration::from_secs(10))
            .await
            .expect("closed by the header-read timeout");
    }
    let answer = health("127.0.0.1", addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
