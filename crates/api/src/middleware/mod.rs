//! Cross-cutting HTTP behaviour: request ids, the access log, metrics, security headers, and the envelope
//! for errors that do not come from our handlers.

pub mod access_log;
pub mod envelope;
pub mod metrics;
pub mod request_id;
pub mod security_headers;
