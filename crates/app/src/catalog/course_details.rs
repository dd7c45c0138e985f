//! A course page: the course, its tags and its outline, in four queries whatever its size.

use practicum_store::catalog::syllabus;

use super::{outline, visible_course, CourseView};
use crate::{identity::Actor, App, AppError};

impl App {
    pub async fn course_details(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
    ) -> Result<CourseView, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, viewer, slug).await?;
        let modules = syllabus::modules(&mut conn, course.id).await?;
        let lessons = syllabus::lessons(&mut conn, course.id).await?;
        Ok(CourseView {
            course,
            modules: outline(modules, lessons),
        })
    }
}
