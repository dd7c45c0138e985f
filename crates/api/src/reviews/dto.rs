//! Request and response bodies of the review routes.

use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::reviews::{ReplyEntry, ReviewEntry};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewCreateRequest {
    /// A whole number from 1 to 5.
    #[schema(example = 5)]
    pub rating: f64,
    /// At most 5000 characters.
    #[schema(example = "Clear explanations, good exercises.")]
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewUpdateRequest {
    /// A whole number from 1 to 5.
    pub rating: f64,
    pub text: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewResponse {
    pub review_id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub user_id: i64,
    pub author_name: String,
    pub rating: i64,
    pub text: String,
    pub is_hidden: bool,
    /// Shown to moderators and the author only.
    pub hidden_reason: Option<String>,
    pub reply_count: i64,
    /// How many users reported the review (`POST /reviews/{id}/report`).
    pub report_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ReviewEntry> for ReviewResponse {
    fn from(r: ReviewEntry) -> Self {
        Self {
            review_id: r.id,
            course_id: r.course_id,
            course_slug: r.course_slug,
            user_id: r.user_id.0,
            author_name: r.author_name,
            rating: r.rating,
            text: r.body,
            is_hidden: r.hidden_at.is_some(),
            hidden_reason: r.hidden_reason,
            reply_count: r.reply_count,
            report_count: r.report_count,
            created_at: to_datetime(r.created_at),
            updated_at: to_datetime(r.updated_at),
        }
    }
}

page_response!(ReviewPage of ReviewResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewListQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    /// Only this course (slug).
    pub course: Option<String>,
    /// Only this author.
    pub user_id: Option<i64>,
    /// Ratings at least this (1..=5).
    #[param(minimum = 1, maximum = 5)]
    pub rating_gte: Option<i64>,
    /// Ratings at most this (1..=5).
    #[param(minimum = 1, maximum = 5)]
    pub rating_lte: Option<i64>,
    /// Producers and admins: include hidden reviews.
    pub include_hidden: Option<bool>,
    /// Producers and admins: only reviews someone reported.
    pub reported: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseReviewsQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    #[param(minimum = 1, maximum = 5)]
    pub rating_gte: Option<i64>,
    #[param(minimum = 1, maximum = 5)]
    pub rating_lte: Option<i64>,
    /// Producers and admins: include hidden reviews.
    pub include_hidden: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewReplyRequest {
    /// 1 to 5000 characters.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewReplyResponse {
    pub reply_id: i64,
    pub review_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

impl From<ReplyEntry> for ReviewReplyResponse {
    fn from(r: ReplyEntry) -> Self {
        Self {
            reply_id: r.id,
            review_id: r.review_id,
            author_id: r.author_id.0,
            author_name: r.author_name,
            text: r.body,
            created_at: to_datetime(r.created_at),
        }
    }
}

page_response!(ReviewReplyPage of ReviewReplyResponse);

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewReportRequest {
    /// What is wrong with the review (1 to 500 characters); moderators read it.
    #[schema(example = "Spam: links to another site")]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewHideRequest {
    /// Why the review is hidden (1 to 500 characters).
    #[schema(example = "Off-topic")]
    pub reason: String,
}
