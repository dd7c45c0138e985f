//! The ML statistics' read model: what use-cases hand to `api`, converted from the store's
//! aggregate (ADR 0037). History rows have theirs in `history.rs`.

use practicum_store::ml::stats::MlStats;

/// Aggregates over the rows in a scope. Zero everywhere for an empty scope.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MlTotals {
    pub total_requests: i64,
    pub error_requests: i64,
    pub mean_processing_ms: f64,
    pub median_processing_ms: f64,
    pub p95_processing_ms: f64,
    pub p99_processing_ms: f64,
    pub average_input_bytes: f64,
    pub average_image_width: f64,
    pub average_image_height: f64,
}

impl From<MlStats> for MlTotals {
    fn from(r: MlStats) -> Self {
        Self {
            total_requests: r.total_requests,
            error_requests: r.error_requests,
            mean_processing_ms: r.mean_processing_ms,
            median_processing_ms: r.median_processing_ms,
            p95_processing_ms: r.p95_processing_ms,
            p99_processing_ms: r.p99_processing_ms,
            average_input_bytes: r.average_input_bytes,
            average_image_width: r.average_image_width,
            average_image_height: r.average_image_height,
        }
    }
}
