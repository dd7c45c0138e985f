//! Live analytics over `/ws`: who may subscribe to a course's figures, and the figures
//! sent when a refresh changes them.

use practicum_store::analytics::{self};

use super::CourseFigures;
use super::{analysed_course, ANALYSTS};
use crate::{identity::Actor, App, AppError};

impl App {
    /// The course id behind `slug` if `actor` may follow its figures: its teacher, or a
    /// producer or admin. Others: 403; no such course: 404.
    pub async fn analytics_subscription(&self, actor: &Actor, slug: &str) -> Result<i64, AppError> {
        actor.require(ANALYSTS)?;
        let mut conn = self.db.read().await?;
        let course = analysed_course(
            &mut conn,
            actor,
            slug,
            "teachers follow the analytics of their own courses only",
        )
        .await?;
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
