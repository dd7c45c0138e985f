//! Effects that tests must be able to fake.

use practicum_domain::{Clock, Timestamp};

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> Timestamp {
        chrono::Utc::now().timestamp_millis()
    }
}
