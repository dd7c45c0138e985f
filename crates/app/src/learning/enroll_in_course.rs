//! A signed-in user enrolls in a published course, once.

use practicum_domain::catalog::CourseStatus;
use practicum_store::{learning::enrollments, StoreError};

use super::CourseStep;

use crate::ErrorCode;
use crate::{
    catalog::may_see, identity::Actor, recommend::InteractionKind, App, AppError, OnViolation,
};

impl App {
    /// Only published courses take enrollments (409 otherwise). A second enrollment is
    /// 409 `already_enrolled`, also when two requests race: the unique constraint decides.
    /// Reading the course and enrolling are one statement (ADR 0067), which writes only
    /// for a published course.
    pub async fn enroll_in_course(&self, actor: &Actor, slug: &str) -> Result<i64, AppError> {
        let now = self.now_ms();
        // Enrolling is starting the course: it feeds the recommendations like `start`.
        let weight = InteractionKind::Start.weight();
        let mut write = self.db.write_statement().await?;
        let attempt = enrollments::enroll_by_slug(
            &mut write,
            actor.id,
            slug,
            &CourseStep::Enrolled.log(),
            weight,
            now,
        )
        .await
        .conflict_on(
            "enrollments_user_course_key",
            ErrorCode::AlreadyEnrolled,
            "you are already enrolled in this course",
        )?
        .filter(|c| may_see(Some(actor), c.status, c.teacher_id))
        .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if attempt.status != CourseStatus::Published {
            return Err(AppError::conflict(
                ErrorCode::CourseNotOpen,
                format!("a {} course takes no enrollments", attempt.status),
            ));
        }
        let id = attempt.enrollment_id.ok_or_else(|| {
            StoreError::Corrupt(format!("course {} took no enrollment", attempt.course_id))
        })?;
        write.commit().await?;
        self.catalog_changed().await;
        Ok(id)
    }
}
