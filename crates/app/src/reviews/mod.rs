//! Reviews: learners rate and review the courses they are enrolled in; the course's
//! teacher (or staff) replies; producers and admins moderate. Every change recomputes the
//! course's rating aggregate in its own transaction.

mod create_review;
mod edit_review;
mod list_reviews;
mod moderate_review;
mod read_models;
mod replies;
mod report_review;

pub use list_reviews::ReviewQuery;
use practicum_store::reviews::ReviewRecord;
pub use read_models::{ReplyEntry, ReviewEntry};

use practicum_domain::FieldErrors;
use practicum_store::{reviews, Session};

use crate::ErrorCode;
use crate::{identity::Actor, AppError};

/// Longest review text, in characters.
pub const MAX_REVIEW_CHARS: usize = 5000;
/// Longest reply, in characters.
pub const MAX_REPLY_CHARS: usize = 5000;
/// Longest moderation reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// A rating and text as a learner sends them.
#[derive(Debug, Clone)]
pub struct ReviewInput {
    /// 1..=5, whole numbers only.
    pub rating: f64,
    pub text: Option<String>,
}

/// The rating as an integer 1..=5 and the trimmed text, or every field error at once.
pub(crate) fn parse_review(input: &ReviewInput) -> Result<(i64, String), AppError> {
    let mut errors = FieldErrors::new();
    let r = input.rating;
    if !(r.fract() == 0.0 && (1.0..=5.0).contains(&r)) {
        errors.push("rating", "must be a whole number from 1 to 5");
    }
    let text = input.text.as_deref().unwrap_or("").trim().to_owned();
    if text.chars().count() > MAX_REVIEW_CHARS {
        errors.push(
            "text",
            format!("must be at most {MAX_REVIEW_CHARS} characters"),
        );
    }
    errors.into_result()?;
    Ok((r as i64, text))
}

/// The review `id` as `viewer` may see it: hidden reviews only for their author and
/// staff (404 to everyone else).
pub(crate) async fn visible_review(
    s: &mut dyn Session,
    viewer: Option<&Actor>,
    id: i64,
) -> Result<ReviewRecord, AppError> {
    reviews::find(s, id)
        .await?
        .filter(|r| {
            r.hidden_at.is_none() || viewer.is_some_and(|a| a.role.is_staff() || a.id == r.user_id)
        })
        .ok_or(AppError::NotFound(ErrorCode::ReviewNotFound))
}
