//! The reviews' read models: what use-cases hand to `api`, converted from store rows
//! (ADR 0037).

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::reviews::{ReplyRecord, ReviewRecord};

/// A review as stored, with its author's name and its course's slug.
#[derive(Debug, Clone)]
pub struct ReviewEntry {
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

impl From<ReviewRecord> for ReviewEntry {
    fn from(r: ReviewRecord) -> Self {
        Self {
            id: r.id,
            course_id: r.course_id,
            course_slug: r.course_slug,
            course_teacher_id: r.course_teacher_id,
            user_id: r.user_id,
            author_name: r.author_name,
            rating: r.rating,
            body: r.body,
            hidden_at: r.hidden_at,
            hidden_reason: r.hidden_reason,
            reply_count: r.reply_count,
            report_count: r.report_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A reply to a review.
#[derive(Debug, Clone)]
pub struct ReplyEntry {
    pub id: i64,
    pub review_id: i64,
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    pub created_at: Timestamp,
}

impl From<ReplyRecord> for ReplyEntry {
    fn from(r: ReplyRecord) -> Self {
        Self {
            id: r.id,
            review_id: r.review_id,
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: r.created_at,
        }
    }
}
