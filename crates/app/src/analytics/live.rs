//! Live analytics over `/ws`: who may subscribe to a course's figures, and the figures
//! sent when a refresh changes them.

use practicum_store::{
    analytics::{self},
    catalog::courses,
};

use super::CourseFigures;
use super::ANALYSTS;
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

impl App {
    /// The course id behind `slug` if `actor` may follow its figures: its teacher, or a
    /// producer or admin. Others: 403; no such course: 404.
    pub async fn analytics_subscription(&self, actor: &Actor, slug: &str) -> Result<i64, AppError> {
        actor.require(ANALYSTS)?;
        let mut conn = self.db.read().await?;
        let course = courses::find_by_slug(&mut conn, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if !actor.role.is_staff() && course.teacher_id != actor.id {
            return Err(AppError::forbidden(
                ErrorCode::NotCourseTeacher,
                "teachers follow the analytics of their own courses only",
            ));
        }
        Ok(course.id)
    }

    /// A course's current rollup (what an `analytics_update` frame carries).
    pub async fn course_rollup_by_id(
        &self,
        course_id: i64,
    ) -> Result<Option<CourseFigures>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(analytics::course_rollup(&mut conn, course_id)
            .await?
            .map(Into::into))
    }
}
