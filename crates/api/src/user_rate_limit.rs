//! Per-user rate limits of the write routes and of image classification: a fixed
//! one-minute window per `(bucket, user)`, counted in Redis when `REDIS_URL` is set (so
//! every process shares the count: `INCR` and `PEXPIRE` in one Lua script), in-process
//! otherwise. Over the limit: 429 `rate_limited` with `Retry-After` (seconds to the next
//! window). A Redis that fails is logged and the process counts alone until it answers.
//!
//! Keys: `<prefix>rl|<bucket>|<user id>|<window number>`.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::http::Method;
use practicum_app::ports::BoxFuture;
use practicum_domain::identity::UserId;

use crate::error::ApiError;

/// The length of a window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// What a request is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserBucket {
    /// `POST /api/v1/ml/forward`, `POST /forward`.
    Ml,
    /// Every other authenticated POST, PUT, PATCH and DELETE.
    Write,
}

impl UserBucket {
    pub fn as_str(self) -> &'static str {
        match self {
            UserBucket::Ml => "ml",
            UserBucket::Write => "write",
        }
    }

    /// The bucket of a request, `None` for reads.
    pub fn of(method: &Method, path: &str) -> Option<Self> {
        if !matches!(
            *method,
            Method::POST | Method::PUT | Method::PATCH | Method::DELETE
        ) {
            return None;
        }
        Some(if path == "/forward" || path == "/api/v1/ml/forward" {
            UserBucket::Ml
        } else {
            UserBucket::Write
        })
    }
}

/// Counters shared by processes (Redis). `hit` adds one to `key` and returns the new
/// count; the key expires after `ttl`.
pub trait SharedCounters: Send + Sync + 'static {
    fn hit<'a>(&'a self, key: &'a str, ttl: Duration) -> BoxFuture<'a, Result<u64, String>>;
}

/// In-process counters: per key, the window it counts and the count.
#[derive(Default)]
struct LocalCounters(Mutex<HashMap<String, (u64, u64)>>);

impl LocalCounters {
    fn hit(&self, key: String, window: u64) -> u64 {
        // Entries are independent counts: a panic while holding the lock leaves none half-done.
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 100_000 {
            map.retain(|_, (w, _)| *w >= window);
        }
        let entry = map.entry(key).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 += 1;
        entry.1
    }
}

/// The per-user limiter (see the module documentation).
pub struct UserRateLimiter {
    write_per_minute: u32,
    ml_per_minute: u32,
    prefix: String,
    shared: Option<Arc<dyn SharedCounters>>,
    local: LocalCounters,
}

impl UserRateLimiter {
    /// `0` turns a bucket off. `shared`: Redis counters (with `prefix` before each key).
    pub fn new(
        write_per_minute: u32,
        ml_per_minute: u32,
        prefix: String,
        shared: Option<Arc<dyn SharedCounters>>,
    ) -> Self {
        Self {
            write_per_minute,
            ml_per_minute,
            prefix,
            shared,
            local: LocalCounters::default(),
        }
    }

    /// Counts one request of `user` against `bucket`; 429 with `Retry-After` over its limit.
    pub async fn check(&self, bucket: UserBucket, user: UserId) -> Result<(), ApiError> {
        let limit = match bucket {
            UserBucket::Ml => self.ml_per_minute,
            UserBucket::Write => self.write_per_minute,
        };
        if limit == 0 {
            return Ok(());
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let window = now.as_secs() / WINDOW.as_secs();
        let key = format!("{}rl|{}|{}|{window}", self.prefix, bucket.as_str(), user.0);
        let count = match &self.shared {
            Some(shared) => match shared.hit(&key, WINDOW * 2).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "shared rate-limit counters unavailable; counting in this process");
                    self.local.hit(key, window)
                }
            },
            None => self.local.hit(key, window),
        };
        if count > u64::from(limit) {
            let retry = WINDOW.as_secs() - now.as_secs() % WINDOW.as_secs();
            tracing::info!(target: "security", event = "user_rate_limited", bucket = bucket.as_str(), user = user.0, "a user is over a per-user rate limit");
            return Err(ApiError::rate_limited(retry.max(1)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_per_user_and_bucket_and_zero_is_off() {
        let l = UserRateLimiter::new(2, 1, String::new(), None);
        let (a, b) = (UserId(1), UserId(2));
        l.check(UserBucket::Write, a).await.unwrap();
        l.check(UserBucket::Write, a).await.unwrap();
        let e = l.check(UserBucket::Write, a).await.unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!((1..=60).contains(&e.retry_after.unwrap()));
        l.check(UserBucket::Write, b).await.unwrap();
        l.check(UserBucket::Ml, a).await.unwrap();
        assert!(l.check(UserBucket::Ml, a).await.is_err());
        let off = UserRateLimiter::new(0, 0, String::new(), None);
        for _ in 0..100 {
            off.check(UserBucket::Write, a).await.unwrap();
        }
        assert_eq!(UserBucket::of(&Method::GET, "/api/v1/courses"), None);
        assert_eq!(
            UserBucket::of(&Method::POST, "/forward"),
            Some(UserBucket::Ml)
        );
        assert_eq!(
            UserBucket::of(&Method::DELETE, "/api/v1/reviews/1"),
            Some(UserBucket::Write)
        );
    }
}
