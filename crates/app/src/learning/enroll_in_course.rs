//! A signed-in user enrolls in a published course, once.

use practicum_domain::catalog::CourseStatus;
use practicum_store::{catalog::courses, learning::enrollments};

use super::CourseStep;

use crate::ErrorCode;
use crate::{
    catalog::can_see, identity::Actor, recommend::InteractionKind, App, AppError, OnViolation,
};

impl App {
    /// Only published courses take enrollments (409 otherwise). A second enrollment is
    /// 409 `already_enrolled`, also when two requests race: the unique constraint decides.
    pub async fn enroll_in_course(&self, actor: &Actor, slug: &str) -> Result<i64, AppError> {
        let mut tx = self.db.write().await?;
        // The course's own columns are all enrolling needs (not its tags).
        let course = courses::find_by_slug_without_tags(&mut tx, slug)
            .await?
            .filter(|c| can_see(Some(actor), c))
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if course.status != CourseStatus::Published {
            return Err(AppError::conflict(
                ErrorCode::CourseNotOpen,
                format!("a {} course takes no enrollments", course.status),
            ));
        }
        let now = self.now_ms();
        // The event carries the price recorded with the enrollment (same transaction), and
        // enrolling is starting the course: it feeds the recommendations like `start`.
        let step = CourseStep::Enrolled {
            price_cents: course.price_cents,
        };
        let preference = course
            .category_id
            .map(|category| (category, InteractionKind::Start.weight()));
        let id = enrollments::enroll(&mut tx, actor.id, course.id, &step.log(), preference, now)
            .await
            .conflict_on(
                "enrollments_user_course_key",
                ErrorCode::AlreadyEnrolled,
                "you are already enrolled in this course",
            )?;
        self.commit_catalog_change(tx).await?;
        Ok(id)
    }
}
