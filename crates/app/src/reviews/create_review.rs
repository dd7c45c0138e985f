//! A learner enrolled in a course reviews it, once.

use practicum_domain::analytics::EventKind;
use practicum_store::{
    analytics::{self, NewEvent},
    learning::enrollments,
    reviews,
};

use super::ReviewEntry;
use super::{parse_review, ReviewInput};
use crate::ErrorCode;
use crate::{
    catalog::visible_course, identity::Actor, learning::not_enrolled, App, AppError, OnViolation,
};

impl App {
    /// Only learners enrolled in the course (403 `not_enrolled`); one review per learner
    /// and course (409 `already_reviewed`, held by a unique constraint under races). The
    /// course's rating and count are recomputed and a `review_posted` event recorded in
    /// the same transaction.
    pub async fn create_review(
        &self,
        actor: &Actor,
        slug: &str,
        input: ReviewInput,
    ) -> Result<ReviewEntry, AppError> {
        let (rating, text) = parse_review(&input)?;
        let mut tx = self.db.write().await?;
        let course = visible_course(&mut tx, Some(actor), slug).await?;
        if !enrollments::is_enrolled(&mut tx, actor.id, course.id).await? {
            return Err(not_enrolled());
        }
        let now = self.now_ms();
        let id = reviews::insert(&mut tx, course.id, actor.id, rating, &text, now)
            .await
            .conflict_on(
                "reviews_user_course_key",
                ErrorCode::AlreadyReviewed,
                "you have already reviewed this course; edit your review instead",
            )?;
        reviews::refresh_ratings(&mut tx, course.id).await?;
        analytics::record(
            &mut tx,
            &NewEvent {
                kind: EventKind::ReviewPosted,
                user_id: Some(actor.id),
                course_id: Some(course.id),
                amount_cents: None,
                occurred_at: now,
            },
        )
        .await?;
        let review = reviews::find(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("the new review vanished"))?;
        if review.course_teacher_id != actor.id {
            self.notify(
                &mut tx,
                review.course_teacher_id,
                crate::notify::kinds::REVIEW_CREATED,
                serde_json::json!({
                    "review_id": review.id,
                    "course_slug": review.course_slug,
                    "rating": review.rating,
                }),
            )
            .await?;
        }
        // The course's rating and count changed.
        self.commit_catalog_change(tx).await?;
        Ok(review.into())
    }
}
