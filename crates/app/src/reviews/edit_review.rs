//! The author edits or deletes their review.

use practicum_store::reviews;

use super::ReviewEntry;
use super::{parse_review, visible_review, ReviewInput};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

fn not_author() -> AppError {
    AppError::forbidden(
        ErrorCode::NotReviewAuthor,
        "only the review's author may change it",
    )
}

impl App {
    /// The author only (403 for anyone else who can see it; 404 when unknown). The
    /// course's rating is recomputed in the same transaction.
    pub async fn update_review(
        &self,
        actor: &Actor,
        id: i64,
        input: ReviewInput,
    ) -> Result<ReviewEntry, AppError> {
        let (rating, text) = parse_review(&input)?;
        let mut tx = self.db.write().await?;
        let review = visible_review(&mut tx, Some(actor), id).await?;
        if review.user_id != actor.id {
            return Err(not_author());
        }
        reviews::update(&mut tx, id, rating, &text, self.now_ms()).await?;
        self.commit_review_change(tx, review.course_id, id).await
    }

    /// The author only; replies go with the review.
    pub async fn delete_review(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let review = visible_review(&mut tx, Some(actor), id).await?;
        if review.user_id != actor.id {
            return Err(not_author());
        }
        reviews::delete(&mut tx, id).await?;
        reviews::refresh_ratings(&mut tx, review.course_id).await?;
        // The course's rating and count changed.
        self.commit_catalog_change(tx).await?;
        Ok(())
    }
}
