//! The access log: one structured line per request (target `access`) with the method,
//! the route template, the status, the latency, the caller's user id, the request id and
//! the response bytes. Its level and the share of successful requests logged are
//! settings ([`AccessLogConfig`]); 4xx and 5xx answers are always logged.
//!
//! The line names the route template, not the path: templates keep the log's cardinality
//! low. The query string is never logged: it can carry tokens (a password-reset link,
//! `/ws?token=`).
//!
//! The user id comes from the authentication extractors, which run deeper in the same
//! task: they call [`record_user`], which fills the slot this middleware scopes around
//! the request.

use std::{
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use axum::{
    body::{Body, HttpBody},
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use http_body_util::BodyExt;

use super::metrics::method_label;

/// The `tracing` target of access lines (`LOG_LEVEL=…,access=off` silences them too).
pub const TARGET: &str = "access";

/// The level access lines are written at, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessLogLevel {
    Off,
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

impl std::str::FromStr for AccessLogLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" | "false" => Ok(Self::Off),
            "error" => Ok(Self::Error),
            "warn" => Ok(Self::Warn),
            "info" => Ok(Self::Info),
            "debug" => Ok(Self::Debug),
            "trace" => Ok(Self::Trace),
            other => Err(format!(
                "unknown level {other:?} (off, error, warn, info, debug or trace)"
            )),
        }
    }
}

/// What the access log writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccessLogConfig {
    pub level: AccessLogLevel,
    /// Share of requests answered below 400 that are logged, in `[0, 1]`: `1` logs every
    /// one, `0.1` one in ten (evenly, not at random). Error answers are always logged.
    pub sample: f64,
}

impl Default for AccessLogConfig {
    fn default() -> Self {
        Self {
            level: AccessLogLevel::Info,
            sample: 1.0,
        }
    }
}

/// The middleware's state: the configuration and the count sampling works from.
#[derive(Debug)]
pub struct AccessLog {
    config: AccessLogConfig,
    seen: AtomicU64,
}

impl AccessLog {
    pub fn new(config: AccessLogConfig) -> Self {
        Self {
            config,
            seen: AtomicU64::new(0),
        }
    }

    /// Whether the request answered `status` gets a line. Successful requests are
    /// sampled evenly: the n-th is logged when `⌊n·rate⌋` moves, so any run of requests
    /// logs `rate` of them, give or take one.
    fn should_log(&self, status: u16) -> bool {
        if self.config.level == AccessLogLevel::Off {
            return false;
        }
        if status >= 400 {
            return true;
        }
        let rate = self.config.sample.clamp(0.0, 1.0);
        if rate >= 1.0 {
            return true;
        }
        let n = self.seen.fetch_add(1, Ordering::Relaxed) + 1;
        sampled(n, rate)
    }
}

/// Whether the n-th (from 1) sampled request is logged at `rate`.
fn sampled(n: u64, rate: f64) -> bool {
    // Request counts stay far below 2^52, and the floors are non-negative.
    let (now, before) = (
        (n as f64 * rate).floor() as u64,
        ((n - 1) as f64 * rate).floor() as u64,
    );
    now != before
}

tokio::task_local! {
    static USER: Arc<AtomicI64>;
}

/// No user recorded (ids are positive).
const NO_USER: i64 = i64::MIN;

/// Records the authenticated caller of the request being handled on this task, for its
/// access line. Outside a request (a test calling an extractor directly) it does nothing.
pub fn record_user(id: i64) {
    let _ = USER.try_with(|slot| slot.store(id, Ordering::Relaxed));
}

/// One request's line, written once its body has been sent (or dropped).
struct Line {
    log: Arc<AccessLog>,
    method: &'static str,
    route: String,
    status: u16,
    user: Option<i64>,
    request_id: String,
    started: Instant,
    bytes: AtomicU64,
}

impl Line {
    fn write(&self) {
        let bytes = self.bytes.load(Ordering::Relaxed);
        let latency_ms = millis(self.started.elapsed());
        let (method, route, status, user, request_id) = (
            self.method,
            &self.route,
            self.status,
            self.user,
            &self.request_id,
        );
        macro_rules! line {
            ($level:ident) => {
                tracing::$level!(
                    target: TARGET,
                    method = %method,
                    route = %route,
                    status,
                    latency_ms,
                    user_id = user,
                    request_id = %request_id,
                    bytes,
                    "request"
                )
            };
        }
        match self.log.config.level {
            AccessLogLevel::Off => {}
            AccessLogLevel::Error => line!(error),
            AccessLogLevel::Warn => line!(warn),
            AccessLogLevel::Info => line!(info),
            AccessLogLevel::Debug => line!(debug),
            AccessLogLevel::Trace => line!(trace),
        }
    }
}

/// Milliseconds with microsecond precision.
fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Writes the line when the body is done: at once for a body whose size is known (every
/// JSON answer), else when the streamed body ends or the client goes away.
struct WriteOnDrop(Arc<Line>);

impl Drop for WriteOnDrop {
    fn drop(&mut self) {
        self.0.write();
    }
}

pub async fn log(State(log): State<Arc<AccessLog>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let user = Arc::new(AtomicI64::new(NO_USER));
    let response = USER.scope(user.clone(), next.run(req)).await;
    let status = response.status().as_u16();
    if !log.should_log(status) {
        return response;
    }
    let user = Some(user.load(Ordering::Relaxed)).filter(|id| *id != NO_USER);
    let line = Arc::new(Line {
        log,
        method,
        route,
        status,
        user,
        request_id,
        started,
        bytes: AtomicU64::new(0),
    });
    let (parts, body) = response.into_parts();
    if let Some(size) = body.size_hint().exact() {
        line.bytes.store(size, Ordering::Relaxed);
        line.write();
        return Response::from_parts(parts, body);
    }
    let guard = WriteOnDrop(line);
    let counted = body.map_frame(move |frame| {
        if let Some(data) = frame.data_ref() {
            guard
                .0
                .bytes
                .fetch_add(data.len() as u64, Ordering::Relaxed);
        }
        frame
    });
    Response::from_parts(parts, Body::new(counted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_logs_the_configured_share_evenly() {
        for (rate, expected) in [(1.0, 1000), (0.5, 500), (0.1, 100), (0.013, 13), (0.0, 0)] {
            let logged = (1..=1000).filter(|n| sampled(*n, rate)).count();
            assert_eq!(logged, expected, "rate {rate}");
        }
    }

    #[test]
    fn error_answers_are_logged_whatever_the_sampling() {
        let log = AccessLog::new(AccessLogConfig {
            level: AccessLogLevel::Info,
            sample: 0.0,
        });
        assert!(!log.should_log(200));
        assert!(!log.should_log(304));
        assert!(log.should_log(404));
        assert!(log.should_log(503));
    }

    #[test]
    fn off_logs_nothing() {
        let log = AccessLog::new(AccessLogConfig {
            level: AccessLogLevel::Off,
            sample: 1.0,
        });
        assert!(!log.should_log(200));
        assert!(!log.should_log(500));
    }

    #[test]
    fn levels_parse_by_name() {
        assert_eq!("INFO".parse(), Ok(AccessLogLevel::Info));
        assert_eq!("off".parse(), Ok(AccessLogLevel::Off));
        assert!("loud".parse::<AccessLogLevel>().is_err());
    }
}
