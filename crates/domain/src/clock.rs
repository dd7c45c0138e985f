//! Time as a value. The domain never reads the system clock; `app` injects a [`Clock`].

use chrono::{DateTime, TimeZone, Utc};

/// Milliseconds since the Unix epoch, UTC. Stored as `BIGINT` on both databases.
pub type Timestamp = i64;

/// A source of "now", so that expiry rules and tests do not depend on wall time.
pub trait Clock: Send + Sync + 'static {
    /// The current instant in milliseconds since the Unix epoch (UTC).
    fn now_ms(&self) -> Timestamp;

    /// The current instant as a `DateTime`.
    fn now(&self) -> DateTime<Utc> {
        to_datetime(self.now_ms())
    }
}

/// Converts stored milliseconds into a `DateTime<Utc>`; out-of-range values clamp to the epoch.
pub fn to_datetime(ms: Timestamp) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}
