//! The course's teacher or staff delete it, with its modules and lessons. A course that
//! learners are enrolled in is archived instead, never deleted (409).

use practicum_store::{catalog::courses, learning::enrollments};

use super::editable_course;
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

impl App {
    pub async fn delete_course(&self, actor: &Actor, slug: &str) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        // Checked first for a clear answer; the RESTRICT foreign key holds it under races.
        if enrollments::count_for_course(&mut tx, course.id).await? > 0 {
            return Err(has_learners());
        }
        courses::delete(&mut tx, course.id)
            .await
            .refuse_on_foreign_key(has_learners)?;
        practicum_store::reviews::refresh_teacher_rating(&mut tx, course.teacher_id).await?;
        self.commit_catalog_change(tx).await?;
        Ok(())
    }
}

fn has_learners() -> AppError {
    AppError::conflict(
        ErrorCode::CourseHasLearners,
        "learners are enrolled in this course; archive it instead",
    )
}
