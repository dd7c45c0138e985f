//! Cross-cutting HTTP behaviour: request ids, the access log, metrics, security headers,
//! read routing for read-your-writes, and the envelope for errors that do not come from
//! our handlers.

pub mod access_log;
pub mod envelope;
pub mod metrics;
pub mod read_your_writes;
pub mod request_id;
pub mod security_headers;
