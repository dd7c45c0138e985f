//! A course's lessons: listed in outline order, added to a module.

use practicum_domain::{
    catalog::{ContentBlock, CourseTitle, LessonContent},
    FieldErrors,
};
use practicum_store::catalog::syllabus::{self, LessonSummary};
use serde_json::Value;

use super::{editable_course, visible_course};
use crate::{identity::Actor, App, AppError};

/// Parses lesson content (a JSON list of blocks) into validated content.
pub(crate) fn parse_content(content: Value) -> Result<LessonContent, FieldErrors> {
    let blocks: Vec<ContentBlock> = serde_json::from_value(content)
        .map_err(|e| FieldErrors::single("content", format!("must be a list of blocks: {e}")))?;
    LessonContent::parse(blocks).map_err(|e| FieldErrors::single("content", e.to_string()))
}

impl App {
    pub async fn list_lessons(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
    ) -> Result<Vec<LessonSummary>, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, viewer, slug).await?;
        Ok(syllabus::lessons(&mut conn, course.id).await?)
    }

    pub async fn add_lesson(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        title: &str,
        content: Value,
    ) -> Result<LessonSummary, AppError> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", CourseTitle::parse(title));
        let content = match parse_content(content) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        errors.into_result()?;
        let (Some(title), Some(content)) = (title, content) else {
            return Err(AppError::internal(
                "a field failed validation without an error",
            ));
        };
        let json = serde_json::to_string(content.blocks())
            .map_err(|e| AppError::internal(e.to_string()))?;
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        let modules = syllabus::modules(&mut tx, course.id).await?;
        if !modules.iter().any(|m| m.id == module_id) {
            return Err(FieldErrors::single("module_id", "no such module in this course").into());
        }
        let lesson =
            syllabus::insert_lesson(&mut tx, module_id, title.as_str(), &json, self.now_ms())
                .await?;
        tx.commit().await?;
        self.catalog_changed().await;
        Ok(lesson)
    }
}
