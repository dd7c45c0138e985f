//! A course's lessons: listed in outline order, added to a module, reordered within it.

use practicum_domain::{
    catalog::{ContentBlock, CourseTitle, LessonContent},
    FieldErrors,
};
use practicum_store::catalog::syllabus::{self};
use serde_json::Value;

use super::LessonEntry;
use super::{check_new_order, editable_course, visible_course};
use crate::ErrorCode;
use crate::{identity::Actor, validated, App, AppError};

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
    ) -> Result<Vec<LessonEntry>, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, viewer, slug).await?;
        Ok(syllabus::lessons(&mut conn, course.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn add_lesson(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        title: &str,
        content: Value,
    ) -> Result<LessonEntry, AppError> {
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
        let (title, content) = (validated(title)?, validated(content)?);
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
        self.commit_catalog_change(tx).await?;
        Ok(lesson.into())
    }

    /// `lesson_ids` must list every lesson of the module exactly once, in the new order.
    pub async fn reorder_lessons(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        lesson_ids: &[i64],
    ) -> Result<Vec<LessonEntry>, AppError> {
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        if syllabus::find_module(&mut tx, course.id, module_id)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound(ErrorCode::ModuleNotFound));
        }
        // Locked before reading the lessons, so that an append or a move into the module
        // cannot slip in between the check and the rewrite.
        syllabus::lock_modules(&mut tx, &[module_id]).await?;
        let current = syllabus::module_lessons(&mut tx, module_id).await?;
        check_new_order(
            "lesson_ids",
            lesson_ids,
            current.iter().map(|l| l.id),
            "must list every lesson of the module exactly once",
        )?;
        syllabus::reorder_lessons(&mut tx, module_id, lesson_ids).await?;
        let lessons = syllabus::module_lessons(&mut tx, module_id).await?;
        self.commit_catalog_change(tx).await?;
        Ok(lessons.into_iter().map(Into::into).collect())
    }
}
