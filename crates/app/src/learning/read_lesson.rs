//! Reads a lesson: enrolled learners and the course's staff.

use practicum_domain::Timestamp;
use practicum_store::{catalog::translations, learning::progress};
use serde_json::Value;

use super::lesson_access;
use crate::{catalog::course_language, identity::Actor, App, AppError};

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
    /// The language of the title and content (for `Content-Language`).
    pub language: String,
}

impl App {
    /// In the caller's language when the course is translated into it.
    pub async fn read_lesson(
        &self,
        actor: &Actor,
        lesson_id: i64,
        accept_language: Option<&str>,
    ) -> Result<LessonView, AppError> {
        let mut conn = self.db.read().await?;
        let mut access = lesson_access(&mut conn, actor, lesson_id).await?;
        let completed_at = progress::completed_at(&mut conn, actor.id, lesson_id).await?;
        let default = access.lesson.course_language.clone();
        let mut language = course_language(
            &mut conn,
            access.lesson.course_id,
            &default,
            accept_language,
        )
        .await?;
        if language != default {
            // A lesson not translated yet is answered, and labelled, in the original.
            match translations::lesson_text(&mut conn, lesson_id, &language).await? {
                Some((title, content)) => {
                    access.lesson.title = title;
                    if let Some(c) = content {
                        access.lesson.content = c;
                    }
                }
                None => language = default,
            }
        }
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
            language,
        })
    }
}
