//! A teacher (or staff) starts a course: a draft with a unique slug derived from its title.

use practicum_domain::identity::Slug;
use practicum_store::catalog::{courses, syllabus};

use super::{input, outline, CourseInput, CourseView, AUTHORS, RESERVED_SLUGS};
use crate::{identity::Actor, App, AppError};

impl App {
    pub async fn create_course(
        &self,
        actor: &Actor,
        input: CourseInput,
    ) -> Result<CourseView, AppError> {
        actor.require(AUTHORS)?;
        let mut tx = self.db.write().await?;
        let valid = input.validate(&mut tx, None).await?;
        let mut base = Slug::derive(&valid.title);
        if RESERVED_SLUGS.contains(&base.as_str()) {
            base = base.with_suffix(2);
        }
        let now = self.now_ms();
        let (id, slug) = courses::insert(&mut tx, base.as_str(), &valid.fields(), actor.id, now)
            .await
            .map_err(input::category_vanished)?;
        if let Some(tags) = &valid.tags {
            courses::set_tags(&mut tx, id, tags).await?;
        }
        let course = courses::find_by_slug(&mut tx, &slug)
            .await?
            .ok_or_else(|| AppError::internal("the new course vanished"))?;
        let modules = syllabus::modules(&mut tx, id).await?;
        self.commit_catalog_change(tx).await?;
        Ok(CourseView {
            language: course.language.clone(),
            course: course.into(),
            modules: outline(modules, Vec::new()),
        })
    }
}
