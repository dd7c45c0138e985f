//! A course's modules: listed in order, appended, reordered.

use practicum_domain::{
    catalog::{CourseTitle, Description},
    FieldErrors,
};
use practicum_store::catalog::syllabus::{self};

use super::ModuleEntry;
use super::{check_new_order, editable_course, visible_course};
use crate::{identity::Actor, validated, App, AppError};

impl App {
    pub async fn list_modules(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
    ) -> Result<Vec<ModuleEntry>, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, viewer, slug).await?;
        Ok(syllabus::modules(&mut conn, course.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn add_module(
        &self,
        actor: &Actor,
        slug: &str,
        title: &str,
        description: &str,
    ) -> Result<ModuleEntry, AppError> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", CourseTitle::parse(title));
        let description = errors.check("description", Description::parse(description));
        errors.into_result()?;
        let (title, description) = (validated(title)?, validated(description)?);
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        let module = syllabus::insert_module(
            &mut tx,
            course.id,
            title.as_str(),
            description.as_str(),
            self.now_ms(),
        )
        .await?;
        self.commit_catalog_change(tx).await?;
        Ok(module.into())
    }

    /// `module_ids` must list every module of the course exactly once, in the new order.
    pub async fn reorder_modules(
        &self,
        actor: &Actor,
        slug: &str,
        module_ids: &[i64],
    ) -> Result<Vec<ModuleEntry>, AppError> {
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        let current = syllabus::modules(&mut tx, course.id).await?;
        check_new_order(
            "module_ids",
            module_ids,
            current.iter().map(|m| m.id),
            "must list every module of the course exactly once",
        )?;
        syllabus::reorder_modules(&mut tx, course.id, module_ids).await?;
        let modules = syllabus::modules(&mut tx, course.id).await?;
        self.commit_catalog_change(tx).await?;
        Ok(modules.into_iter().map(Into::into).collect())
    }
}
