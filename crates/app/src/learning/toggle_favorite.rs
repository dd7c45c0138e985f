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
}
