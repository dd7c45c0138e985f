//! `/notifications` and the live `/ws`: in-process on both backends, and across two real
//! server processes on PostgreSQL.

mod analytics_live;
mod inbox;
mod live;
mod multiprocess;
mod session_end;

use std::{net::SocketAddr, time::Duration};

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::{
    tungstenite::{client::IntoClientRequest, http::HeaderValue, Message},
    MaybeTlsStream, WebSocketStream,
};

use crate::support::*;

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Serves the test app's router on a free local port (for WebSocket clients).
pub async fn spawn(t: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = t.router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

/// The listener started and the router served: what a live test needs first.
pub async fn serve_live(t: &TestApp) -> (tokio::sync::watch::Sender<bool>, SocketAddr) {
    let listener = listen(t).await;
    (listener, spawn(t).await)
}

/// Starts this process's notification listener (PostgreSQL) and waits until it listens.
pub async fn listen(t: &TestApp) -> tokio::sync::watch::Sender<bool> {
    let (stop, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(t.app.clone().run_notification_listener(rx));
    if t.app.db().backend() == Backend::Postgres {
        for _ in 0..200 {
            if t.app.notification_listener_connected() == Some(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(t.app.notification_listener_connected(), Some(true));
    }
    stop
}

/// Connects to `ws://addr/path` with the token as `Sec-WebSocket-Protocol: bearer, <t>`;
/// returns the socket and the protocol the server chose.
pub async fn connect(addr: SocketAddr, path: &str, token: &str) -> (Socket, Option<String>) {
    let mut req = format!("ws://{addr}{path}").into_client_request().unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_str(&format!("bearer, {token}")).unwrap(),
    );
    let (ws, resp) = tokio_tungstenite::connect_async(req)
        .await
        .expect("websocket handshake");
    let protocol = resp
        .headers()
        .get("sec-websocket-protocol")
        .map(|v| v.to_str().unwrap().to_owned());
    (ws, protocol)
}

/// The next JSON frame within `within`, answering pings on the way.
pub async fn next_frame(ws: &mut Socket, within: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .ok()??
            .ok()?;
        match msg {
            Message::Text(text) => return Some(serde_json::from_str(&text).unwrap()),
            Message::Ping(p) => ws.send(Message::Pong(p)).await.ok()?,
            Message::Close(_) => return None,
            _ => {}
        }
    }
}

/// The next notification frame within `within`, answering pings on the way.
pub async fn next_notification(ws: &mut Socket, within: Duration) -> Option<Value> {
    let v = next_frame(ws, within).await?;
    assert_eq!(v["type"], "notification", "{v}");
    Some(v["notification"].clone())
}

/// The close code the server sends within `within` (pings answered), or `None`.
pub async fn close_code(ws: &mut Socket, within: Duration) -> Option<u16> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return None,
            Ok(None) | Ok(Some(Err(_))) => return Some(0),
            Ok(Some(Ok(Message::Close(frame)))) => {
                return Some(frame.map_or(1005, |f| u16::from(f.code)))
            }
            Ok(Some(Ok(Message::Ping(p)))) => {
                let _ = ws.send(Message::Pong(p)).await;
            }
            Ok(Some(Ok(_))) => {}
        }
    }
}
