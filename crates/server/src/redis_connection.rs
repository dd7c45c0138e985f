//! The Redis connection of the shared tiers (the catalog cache, the rate limits' counters).

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// A connection to `url` that is made on first use and re-made after failures, so a Redis
/// that is down at start-up does not stop the service; every command times out quickly
/// (500 ms, one retry), so a Redis that is down or slow costs its caller little.
pub(crate) fn lazy_connection(url: &str) -> anyhow::Result<ConnectionManager> {
    let client = redis::Client::open(url)?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_millis(500)))
        .set_response_timeout(Some(Duration::from_millis(500)))
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_millis(200));
    Ok(ConnectionManager::new_lazy_with_config(client, config)?)
}
