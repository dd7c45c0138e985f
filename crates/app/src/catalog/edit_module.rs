//! The course's teacher or staff rename, describe or delete a module.

use practicum_domain::{
    catalog::{CourseTitle, Description},
    FieldErrors,
};
use practicum_store::catalog::syllabus::{self, ModuleRecord};
use serde_json::json;

use super::ModuleEntry;
use super::{completions_to_drop, editable_course};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

/// `PATCH /courses/{slug}/modules/{module_id}`: `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ModulePatch {
    pub title: Option<String>,
    pub description: Option<String>,
}

impl App {
    pub async fn update_course_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        patch: ModulePatch,
    ) -> Result<ModuleEntry, AppError> {
        let mut errors = FieldErrors::new();
        let title = patch
            .title
            .as_deref()
            .map(|t| errors.check("title", CourseTitle::parse(t)));
        let description = patch
            .description
            .as_deref()
            .map(|d| errors.check("description", Description::parse(d)));
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        let module = syllabus::find_module(&mut tx, course.id, module_id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ModuleNotFound))?;
        let title = title
            .flatten()
            .map_or(module.title.clone(), |t| t.as_str().to_owned());
        let description = description
            .flatten()
            .map_or(module.description.clone(), |d| d.as_str().to_owned());
        syllabus::update_module(&mut tx, &module, &title, &description).await?;
        self.commit_catalog_change(tx).await?;
        Ok(ModuleRecord {
            title,
            description,
            ..module
        }
        .into())
    }

    /// Deletes the module with its lessons. Refused (409 `module_has_completions`) when
    /// learners completed any of its lessons, unless the course is a draft.
    pub async fn delete_course_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
    ) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        syllabus::lock_course(&mut tx, course.id).await?;
        let module = syllabus::find_module(&mut tx, course.id, module_id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ModuleNotFound))?;
        // Checked first for a clear answer; the foreign key of completions holds it when
        // a learner completes a lesson meanwhile.
        let learners = syllabus::module_completers(&mut tx, module.id).await?;
        if completions_to_drop(course.status, learners, module_completed)? {
            syllabus::delete_module_completions(&mut tx, module.id).await?;
        }
        syllabus::delete_module(&mut tx, &module)
            .await
            .refuse_on_foreign_key(|| module_completed(1, course.status.as_str()))?;
        self.commit_catalog_change(tx).await?;
        Ok(())
    }
}

fn module_completed(learners: i64, status: &str) -> AppError {
    AppError::Conflict {
        code: ErrorCode::ModuleHasCompletions,
        message: format!(
            "learners completed lessons of this module ({learners} so far): it cannot be \
             deleted from a {status} course; edit it instead"
        ),
        details: Some(json!({ "learners": learners, "course_status": status })),
    }
}
