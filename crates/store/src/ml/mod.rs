//! ML inference history (`ml_requests`): recording calls, listing, deleting, statistics.

pub mod history;
pub mod stats;
