//! The per-user rate limits' counters in Redis (`REDIS_URL`): every `practicum serve`
//! process counts in the same keys, so a user's limit holds across processes.

use std::{sync::Arc, time::Duration};

use practicum_api::user_rate_limit::SharedCounters;
use practicum_app::ports::BoxFuture;
use redis::{aio::ConnectionManager, Script};

use crate::redis_connection::lazy_connection;

/// Adds one and sets the expiry on the first hit of a window, atomically.
const HIT: &str = r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n";

#[derive(Clone)]
pub struct RedisCounters {
    conn: ConnectionManager,
    script: Arc<Script>,
}

impl RedisCounters {
    /// Connects lazily (a Redis down at start does not stop the service; the limiter
    /// counts in-process meanwhile).
    pub fn new(url: &str) -> anyhow::Result<Self> {
        Ok(Self {
            conn: lazy_connection(url)?,
            script: Arc::new(Script::new(HIT)),
        })
    }
}

impl SharedCounters for RedisCounters {
    fn hit<'a>(&'a self, key: &'a str, ttl: Duration) -> BoxFuture<'a, Result<u64, String>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
            self.script
                .key(key)
                .arg(ms)
                .invoke_async::<u64>(&mut conn)
                .await
                .map_err(|e| format!("redis: {e}"))
        })
    }
}
