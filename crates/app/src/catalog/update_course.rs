//! The course's teacher or staff edit its fields. The slug stays: links keep working.

use practicum_store::catalog::{courses, covers, syllabus};

use super::{course_view, editable_course, input, CourseInput, CourseView};
use crate::{identity::Actor, App, AppError};

impl App {
    pub async fn update_course(
        &self,
        actor: &Actor,
        slug: &str,
        input: CourseInput,
    ) -> Result<CourseView, AppError> {
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        // Locked before it changes: the course's title and cover are copied onto its
        // enrollments (migration 0148), and an enrolment in progress must commit first.
        syllabus::lock_course(&mut tx, course.id).await?;
        let valid = input.validate(&mut tx, Some(&course)).await?;
        if valid.cover_image_url != course.cover_image_url {
            // Another cover was chosen: the uploaded one is no longer the course's.
            covers::delete(&mut tx, course.id).await?;
        }
        courses::update(&mut tx, course.id, &valid.fields(), self.now_ms())
            .await
            .map_err(input::category_vanished)?;
        if let Some(tags) = &valid.tags {
            courses::set_tags(&mut tx, course.id, tags).await?;
        }
        let view = course_view(&mut tx, slug).await?;
        self.commit_catalog_change(tx).await?;
        Ok(view)
    }
}
