//! Producers and admins hide a review (with a reason) or show it again.

use practicum_domain::identity::Role;
use practicum_store::reviews;

use super::ReviewEntry;
use super::{short_text, MAX_REASON_CHARS};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

const MODERATORS: &[Role] = &[Role::Producer, Role::Admin];

impl App {
    /// Hides the review from the public lists and the course's average. Hiding a hidden
    /// review replaces the reason.
    pub async fn hide_review(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
    ) -> Result<ReviewEntry, AppError> {
        actor.require(MODERATORS)?;
        let reason = short_text("reason", reason, MAX_REASON_CHARS)?;
        self.set_review_hidden(actor, id, Some(reason)).await
    }

    /// Shows a hidden review again (a visible one stays as it is).
    pub async fn unhide_review(&self, actor: &Actor, id: i64) -> Result<ReviewEntry, AppError> {
        actor.require(MODERATORS)?;
        self.set_review_hidden(actor, id, None).await
    }

    async fn set_review_hidden(
        &self,
        actor: &Actor,
        id: i64,
        reason: Option<&str>,
    ) -> Result<ReviewEntry, AppError> {
        let mut tx = self.db.write().await?;
        let review = reviews::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ReviewNotFound))?;
        reviews::set_hidden(&mut tx, id, reason.map(|r| (r, actor.id)), self.now_ms()).await?;
        self.commit_review_change(tx, review.course_id, id).await
    }
}
