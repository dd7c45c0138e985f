//! Reads a lesson: enrolled learners and the course's staff.

use practicum_domain::Timestamp;
use practicum_store::learning::progress;
use serde_json::Value;

use super::lesson_access;
use crate::{identity::Actor, App, AppError};

#[derive(Debug, Clone)]
pub struct LessonView {
    pub lesson_id: i64,
    pub module_id: i64,
    pub course_slug: String,
    pub title: String,
    pub position: i64,
    /// The blocks; learners do not get the quizzes' `correct_option_id`.
    pub content: Value,
    pub completed_at: Option<Timestamp>,
}

impl App {
    pub async fn read_lesson(&self, actor: &Actor, lesson_id: i64) -> Result<LessonView, AppError> {
        let mut conn = self.db.read().await?;
        let access = lesson_access(&mut conn, actor, lesson_id).await?;
        let completed_at = progress::completed_at(&mut conn, actor.id, lesson_id).await?;
        let mut content: Value = serde_json::from_str(&access.lesson.content)
            .map_err(|e| AppError::internal(format!("lesson {lesson_id} content: {e}")))?;
        if !access.staff {
            if let Some(blocks) = content.as_array_mut() {
                for block in blocks.iter_mut().filter_map(Value::as_object_mut) {
                    block.remove("correct_option_id");
                }
            }
        }
        let l = access.lesson;
        Ok(LessonView {
            lesson_id: l.id,
            module_id: l.module_id,
            course_slug: l.course_slug,
            title: l.title,
            position: l.position,
            content,
            completed_at,
        })
    }
}
