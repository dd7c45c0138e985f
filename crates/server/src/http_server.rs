//! The HTTP/1.1 server loop (what `axum::serve` does, plus what a public service needs
//! against slow and greedy clients):
//!
//! - a **header-read timeout**: a connection must deliver a complete request head within
//!   it — the first request, and every next one on a keep-alive connection, so an idle
//!   keep-alive connection is closed after it too (hyper's timer);
//! - **connection caps**, per process and per client address, counted on open sockets
//!   (an upgraded WebSocket keeps its slot until it closes): a connection over a cap is
//!   answered `503` with `Retry-After` and closed, instead of failing `accept` or
//!   exhausting file descriptors;
//! - accept errors (`EMFILE` included) pause the loop briefly instead of spinning;
//! - graceful shutdown: stop accepting, let requests in flight finish (up to a grace
//!   period), close idle keep-alive connections.
//!
//! WebSocket upgrades work as with `axum::serve` (hyper's upgrades are enabled).

use std::{
    collections::HashMap,
    future::Future,
    io,
    net::IpAddr,
    pin::Pin,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::{extract::ConnectInfo, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{mpsc, watch},
};
use tower::ServiceExt;

/// Limits of the server loop (from settings).
#[derive(Debug, Clone)]
pub struct ServeLimits {
    pub header_read_timeout: Duration,
    /// Open connections in this process.
    pub max_connections: usize,
    /// Open connections from one client address; 0 = no per-address cap.
    pub max_connections_per_address: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 10_000,
            max_connections_per_address: 256,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Refusals being written at once; beyond it a refused connection is closed unanswered.
const MAX_REFUSALS_IN_FLIGHT: usize = 1024;

/// Counts open connections, in total and per address.
#[derive(Debug, Default)]
struct Gate {
    total: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    refusing: AtomicUsize,
}

/// An admitted connection's place; freed when the socket is dropped.
#[derive(Debug)]
struct Slot {
    gate: Arc<Gate>,
    ip: Option<IpAddr>,
}

impl Gate {
    fn addresses(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        // Counters only: a panic while holding the lock cannot leave them half-updated.
        self.per_address
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn admit(self: &Arc<Self>, ip: IpAddr, limits: &ServeLimits) -> Option<Slot> {
        if self.total.fetch_add(1, Ordering::AcqRel) >= limits.max_connections {
            self.total.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        if limits.max_connections_per_address == 0 {
            return Some(Slot {
                gate: Arc::clone(self),
                ip: None,
            });
        }
        let mut addresses = self.addresses();
        let n = addresses.entry(ip).or_insert(0);
        if *n >= limits.max_connections_per_address {
            drop(addresses);
            self.total.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        *n += 1;
        Some(Slot {
            gate: Arc::clone(self),
            ip: Some(ip),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(ip) = self.ip {
            let mut addresses = self.gate.addresses();
            if let Some(n) = addresses.get_mut(&ip) {
                *n -= 1;
                if *n == 0 {
                    addresses.remove(&ip);
                }
            }
        }
        self.gate.total.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A socket that holds its slot for as long as it is open (through an upgrade too).
struct Counted {
    stream: TcpStream,
    _slot: Slot,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

const REFUSAL_BODY: &str = r#"{"error":{"code":"server_busy","message":"too many open connections; retry shortly","details":null}}"#;

/// Answers a connection over a cap with 503 and closes it, without reading its request
/// (beyond draining a little, so the close does not reset the answer away).
async fn refuse(mut stream: TcpStream) {
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         retry-after: 1\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\
         content-length: {}\r\n\r\n{REFUSAL_BODY}",
        REFUSAL_BODY.len()
    );
    let answer = async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        let mut drained = 0;
        while drained < 64 * 1024 {
            match stream.read(&mut sink).await? {
                0 => break,
                n => drained += n,
            }
        }
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), answer).await;
}

/// Serves `router` on `listener` until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let gate = Arc::new(Gate::default());
    // Present at 0 from the start, so that the dashboard's rate sees no gap.
    metrics::counter!("http_connections_refused_total").increment(0);
    let (stop_tx, stop_rx) = watch::channel(false);
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut last_accept_warning: Option<tokio::time::Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // EMFILE/ENFILE and friends: the connection waits in the backlog; try
                    // again shortly rather than spinning. Logged at most once a second.
                    let now = tokio::time::Instant::now();
                    if last_accept_warning.is_none_or(|t| now - t > Duration::from_secs(1)) {
                        tracing::warn!(error = %e, "accept failed; pausing");
                        last_accept_warning = Some(now);
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let Some(slot) = gate.admit(peer.ip(), &limits) else {
            metrics::counter!("http_connections_refused_total").increment(1);
            if gate.refusing.fetch_add(1, Ordering::AcqRel) < MAX_REFUSALS_IN_FLIGHT {
                let gate = Arc::clone(&gate);
                tokio::spawn(async move {
                    refuse(stream).await;
                    gate.refusing.fetch_sub(1, Ordering::AcqRel);
                });
            } else {
                gate.refusing.fetch_sub(1, Ordering::AcqRel);
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Counted {
            stream,
            _slot: slot,
        });
        let service = hyper_util::service::TowerToHyperService::new(router.clone().map_request(
            move |mut req: axum::http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        ));
        let mut stop = stop_rx.clone();
        let alive = alive_tx.clone();
        let header_timeout = limits.header_read_timeout;
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(io, service)
                .with_upgrades();
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                stopped = async { stop.wait_for(|s| *s).await.map(drop) } => {
                    let _ = stopped;
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(alive);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    if tokio::time::timeout(limits.shutdown_grace, alive_rx.recv())
        .await
        .is_err()
    {
        tracing::warn!(
            "connections still open after {:?}; closing",
            limits.shutdown_grace
        );
    }
    Ok(())
}

/// Raises the soft open-file limit to the hard one (where the platform allows) and
/// returns the limit in force, so the connection cap can stay below it.
pub fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "cannot raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE)
                .ok()
                .map(|(soft, _)| soft)
        }
    }
}

/// The per-process cap, kept below the open-file limit (minus room for the database
/// pool, the log and the listener), so the 503 answer comes before `EMFILE` does.
pub fn effective_max_connections(configured: usize, open_file_limit: Option<u64>) -> usize {
    const RESERVED: u64 = 128;
    match open_file_limit {
        Some(limit) => {
            let room = usize::try_from(limit.saturating_sub(RESERVED)).unwrap_or(usize::MAX);
            configured.min(room.max(1))
        }
        None => configured,
    }
    .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_file_limit() {
        assert_eq!(effective_max_connections(10_000, Some(1024)), 896);
        assert_eq!(effective_max_connections(100, Some(1_048_576)), 100);
        assert_eq!(effective_max_connections(100, None), 100);
        assert_eq!(effective_max_connections(100, Some(10)), 1);
    }

    #[test]
    fn slots_are_counted_per_address_and_freed() {
        let gate = Arc::new(Gate::default());
        let limits = ServeLimits {
            max_connections: 3,
            max_connections_per_address: 2,
            ..ServeLimits::default()
        };
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let s1 = gate.admit(a, &limits).unwrap();
        let _s2 = gate.admit(a, &limits).unwrap();
        assert!(gate.admit(a, &limits).is_none());
        let _s3 = gate.admit(b, &limits).unwrap();
        assert!(gate.admit(b, &limits).is_none(), "the process cap");
        drop(s1);
        assert!(gate.admit(a, &limits).is_some());
        assert_eq!(gate.total.load(Ordering::Acquire), 2);
    }
}
