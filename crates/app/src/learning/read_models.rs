//! The learning activity's read model: what use-cases hand to `api`, converted from
//! store rows (ADR 0037).

use practicum_domain::Timestamp;
use practicum_store::learning::activity::ActivityRecord;

read_model! {
    #[derive(Debug, Clone)]
    pub struct ActivityEntry from ActivityRecord {
        pub id: i64,
        pub kind: String,
        pub course_id: Option<i64>,
        pub lesson_id: Option<i64>,
        /// A JSON object, validated before it was stored.
        pub payload: String,
        pub occurred_at: Timestamp,
    }
}
