//! Bookmarks a course, or removes the bookmark.

use practicum_store::learning::enrollments;

use crate::{catalog::visible_course, identity::Actor, App, AppError};

impl App {
    /// Returns whether the course is a favorite now.
    pub async fn toggle_favorite(&self, actor: &Actor, slug: &str) -> Result<bool, AppError> {
        let mut tx = self.db.write().await?;
        let course = visible_course(&mut tx, Some(actor), slug).await?;
        let now = enrollments::toggle_favorite(&mut tx, actor.id, course.id, self.now_ms()).await?;
        tx.commit().await?;
        Ok(now)
    }

    /// Whether the caller has bookmarked the course (a course they cannot see is 404).
    pub async fn is_favorite(&self, actor: &Actor, slug: &str) -> Result<bool, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, Some(actor), slug).await?;
        Ok(enrollments::is_favorite(&mut conn, actor.id, course.id).await?)
    }
}
