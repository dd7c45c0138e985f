//! The ML statistics' read model: what use-cases hand to `api`, converted from the store's
//! aggregate (ADR 0037). History rows have theirs in `history.rs`.

use practicum_store::ml::stats::MlStats;

read_model! {
    /// Aggregates over the rows in a scope. Zero everywhere for an empty scope.
    #[derive(Debug, Clone, Copy, Default, PartialEq)]
    pub struct MlTotals from MlStats {
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
}
