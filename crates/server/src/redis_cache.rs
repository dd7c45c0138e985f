//! The shared tier of the catalog cache in Redis (`REDIS_URL`): the generation counter
//! and the cached pages of every `practicum serve` process.
//!
//! The connection is made lazily and re-made after failures (redis's
//! `ConnectionManager`); every command times out quickly, so a Redis that is down or slow
//! costs a read a few hundred milliseconds at worst before it falls back to the database.

use std::time::Duration;

use practicum_app::{
    catalog_cache::{CacheError, SharedCache},
    ports::BoxFuture,
};
use redis::{aio::ConnectionManager, AsyncCommands, Script};

use crate::redis_connection::lazy_connection;

/// The Redis tier (cheap to clone).
#[derive(Clone)]
pub struct RedisCache {
    conn: ConnectionManager,
    bump_script: Script,
}

/// Increments the counter, first setting it to a value no earlier generation can have had
/// (the current time in ms) when Redis lost it: a restarted Redis must not bring back the
/// numbers that processes still hold pages for in memory.
const BUMP: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
return redis.call('INCR', KEYS[1])";

fn err(e: redis::RedisError) -> CacheError {
    CacheError(format!("redis: {e}"))
}

fn fresh_generation() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(1)
}

impl RedisCache {
    /// A client for `url`; connects on first use, so a Redis that is down at start-up does
    /// not stop the service (readiness reports it).
    pub fn new(url: &str) -> anyhow::Result<Self> {
        Ok(Self {
            conn: lazy_connection(url)?,
            bump_script: Script::new(BUMP),
        })
    }
}

impl SharedCache for RedisCache {
    fn generation<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<u64, CacheError>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            let current: Option<u64> = conn.get(key).await.map_err(err)?;
            if let Some(g) = current {
                return Ok(g);
            }
            let _: bool = conn.set_nx(key, fresh_generation()).await.map_err(err)?;
            let now: Option<u64> = conn.get(key).await.map_err(err)?;
            now.ok_or_else(|| CacheError("redis: the generation vanished".into()))
        })
    }

    fn bump<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<u64, CacheError>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            self.bump_script
                .key(key)
                .arg(fresh_generation())
                .invoke_async(&mut conn)
                .await
                .map_err(err)
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, CacheError>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            conn.get(key).await.map_err(err)
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            conn.set_ex(key, value, ttl.as_secs().max(1))
                .await
                .map_err(err)
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            let _: String = redis::cmd("PING")
                .query_async(&mut conn)
                .await
                .map_err(err)?;
            Ok(())
        })
    }
}
