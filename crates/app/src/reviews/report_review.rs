//! Anyone signed in who can see a review may report it once (not their own); moderators
//! list the reported reviews with `GET /reviews?reported=true`.

use practicum_store::reviews::{self};

use super::ReviewEntry;
use super::{short_text, visible_review, MAX_REASON_CHARS};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

impl App {
    /// Records the caller's report; the review comes back with its new `report_count`.
    pub async fn report_review(
        &self,
        actor: &Actor,
        review_id: i64,
        reason: &str,
    ) -> Result<ReviewEntry, AppError> {
        let reason = short_text("reason", reason, MAX_REASON_CHARS)?;
        let mut tx = self.db.write().await?;
        let review = visible_review(&mut tx, Some(actor), review_id).await?;
        if review.user_id == actor.id {
            return Err(AppError::forbidden(
                ErrorCode::OwnReview,
                "you cannot report your own review",
            ));
        }
        if !reviews::report(&mut tx, review_id, actor.id, reason, self.now_ms()).await? {
            return Err(AppError::conflict(
                ErrorCode::AlreadyReported,
                "you have reported this review already",
            ));
        }
        let review = reviews::find(&mut tx, review_id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ReviewNotFound))?;
        tx.commit().await?;
        Ok(review.into())
    }
}
