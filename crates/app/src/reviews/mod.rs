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
use practicum_store::{reviews, Session, Tx};

use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

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

/// `raw` trimmed, when that has 1 to `max` characters; 422 on `field` otherwise.
pub(crate) fn short_text<'a>(
    field: &str,
    raw: &'a str,
    max: usize,
) -> Result<&'a str, FieldErrors> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(FieldErrors::single(
            field,
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(text)
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

impl App {
    /// Recomputes the rating of the course after a change to one of its reviews, commits,
    /// and answers review `id` as it now stands.
    pub(crate) async fn commit_review_change(
        &self,
        mut tx: Tx,
        course_id: i64,
        id: i64,
    ) -> Result<ReviewEntry, AppError> {
        reviews::refresh_ratings(&mut tx, course_id).await?;
        let review = reviews::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ReviewNotFound))?;
        // The course's rating and count changed.
        self.commit_catalog_change(tx).await?;
        Ok(review.into())
    }
}
