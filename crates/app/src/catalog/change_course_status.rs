//! Moves a course through its workflow (draft → review → published → archived).

use practicum_domain::{catalog::CourseStatus, FieldErrors};
use practicum_store::catalog::courses::{self, CourseRecord};
use serde_json::json;

use super::editable_course;
use crate::{identity::Actor, App, AppError};

impl App {
    /// An illegal move is 409 with the moves the caller may make from here in
    /// `details.allowed`.
    pub async fn change_course_status(
        &self,
        actor: &Actor,
        slug: &str,
        status: &str,
    ) -> Result<CourseRecord, AppError> {
        let to: CourseStatus = status
            .parse()
            .map_err(|e| FieldErrors::single("status", format!("{e}")))?;
        let mut tx = self.db.write().await?;
        let (course, mover) = editable_course(&mut tx, actor, slug).await?;
        let from = course.status;
        if let Err(allowed) = from.move_to(to, mover) {
            let allowed: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
            return Err(AppError::Conflict {
                code: "illegal_status_change",
                message: format!("a {from} course cannot be moved to {to} by you"),
                details: Some(
                    json!({ "from": from.as_str(), "to": to.as_str(), "allowed": allowed }),
                ),
            });
        }
        if !courses::set_status(&mut tx, course.id, from, to, self.now_ms()).await? {
            return Err(AppError::conflict(
                "status_changed",
                "the course's status changed meanwhile; reload and retry",
            ));
        }
        let course = courses::find_by_slug(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound { what: "course" })?;
        if to == CourseStatus::Published && course.teacher_id != actor.id {
            self.notify(
                &mut tx,
                course.teacher_id,
                crate::notify::kinds::COURSE_PUBLISHED,
                json!({ "course_id": course.id, "slug": course.slug, "title": course.title }),
            )
            .await?;
        }
        tx.commit().await?;
        self.catalog_changed().await;
        Ok(course)
    }
}
