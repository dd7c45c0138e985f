//! The course's teacher (or a producer/admin) replies to a review; anyone who can see the
//! review reads the replies.

use practicum_store::reviews::{self};

use super::ReplyEntry;
use super::{short_text, visible_review, MAX_REPLY_CHARS};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

impl App {
    pub async fn reply_to_review(
        &self,
        actor: &Actor,
        review_id: i64,
        text: &str,
    ) -> Result<ReplyEntry, AppError> {
        let text = short_text("text", text, MAX_REPLY_CHARS)?;
        let mut tx = self.db.write().await?;
        let review = visible_review(&mut tx, Some(actor), review_id).await?;
        if !(actor.role.is_staff() || actor.id == review.course_teacher_id) {
            return Err(AppError::forbidden(
                ErrorCode::NotCourseStaff,
                "only the course's teacher, a producer or an admin may reply",
            ));
        }
        let now = self.now_ms();
        let id = reviews::insert_reply(&mut tx, review_id, actor.id, text, now).await?;
        let (items, _) = reviews::replies(&mut tx, review_id, i64::MAX, 0).await?;
        let reply = items
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| AppError::internal("the new reply vanished"))?;
        if review.user_id != actor.id {
            self.notify(
                &mut tx,
                review.user_id,
                crate::notify::kinds::REVIEW_REPLIED,
                serde_json::json!({
                    "review_id": review.id,
                    "reply_id": reply.id,
                    "course_slug": review.course_slug,
                }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(reply.into())
    }

    pub async fn list_review_replies(
        &self,
        viewer: Option<&Actor>,
        review_id: i64,
        page: PageRequest,
    ) -> Result<Page<ReplyEntry>, AppError> {
        let mut conn = self.db.read().await?;
        visible_review(&mut conn, viewer, review_id).await?;
        let (items, total) =
            reviews::replies(&mut conn, review_id, page.limit(), page.offset()).await?;
        Ok(Page::new(items, total, page).convert())
    }
}
