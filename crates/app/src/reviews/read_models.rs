//! The reviews' read models: what use-cases hand to `api`, converted from store rows
//! (ADR 0037).

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::reviews::{ReplyRecord, ReviewRecord};

read_model! {
    /// A review as stored, with its author's name and its course's slug.
    #[derive(Debug, Clone)]
    pub struct ReviewEntry from ReviewRecord {
        pub id: i64,
        pub course_id: i64,
        pub course_slug: String,
        pub course_teacher_id: UserId,
        pub user_id: UserId,
        pub author_name: String,
        pub rating: i64,
        pub body: String,
        pub hidden_at: Option<Timestamp>,
        pub hidden_reason: Option<String>,
        pub reply_count: i64,
        /// How many users reported the review.
        pub report_count: i64,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

read_model! {
    /// A reply to a review.
    #[derive(Debug, Clone)]
    pub struct ReplyEntry from ReplyRecord {
        pub id: i64,
        pub review_id: i64,
        pub author_id: UserId,
        pub author_name: String,
        pub body: String,
        pub created_at: Timestamp,
    }
}
