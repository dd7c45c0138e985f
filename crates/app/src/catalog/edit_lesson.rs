//! The course's teacher or staff edit a lesson (title, content), move it to another
//! module of the same course, or delete it.

use practicum_domain::{catalog::CourseTitle, FieldErrors};
use practicum_store::{
    catalog::{
        courses::CourseRecord,
        syllabus::{self, LessonRecord},
    },
    Session,
};
use serde_json::{json, Value};

use super::LessonEntry;
use super::{completions_to_drop, editable_course, lessons::parse_content};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

/// `PATCH /lessons/{lesson_id}`: `None` keeps a field; `module_id` moves the lesson to
/// the end of that module (of the same course).
#[derive(Debug, Clone, Default)]
pub struct LessonPatch {
    pub title: Option<String>,
    pub content: Option<Value>,
    pub module_id: Option<i64>,
}

/// The lesson and its course when `actor` may edit it: 404 when they may not even see
/// the course, 403 when they see it but it is not theirs.
async fn editable_lesson(
    s: &mut dyn Session,
    actor: &Actor,
    lesson_id: i64,
) -> Result<(LessonRecord, CourseRecord), AppError> {
    let lesson = syllabus::find_lesson(s, lesson_id)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
    let (course, _) = editable_course(s, actor, &lesson.course_slug)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound(ErrorCode::LessonNotFound),
            other => other,
        })?;
    Ok((lesson, course))
}

/// Reads the lesson again once its module is locked: a concurrent move or reorder may
/// have changed its place meanwhile; if it left the module locked, the caller retries.
async fn relocked(s: &mut dyn Session, lesson: &LessonRecord) -> Result<LessonRecord, AppError> {
    let now = syllabus::find_lesson(s, lesson.id)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
    if now.module_id != lesson.module_id {
        return Err(AppError::conflict(
            ErrorCode::LessonMoved,
            "the lesson was moved meanwhile; reload and retry",
        ));
    }
    Ok(now)
}

impl App {
    pub async fn update_lesson(
        &self,
        actor: &Actor,
        lesson_id: i64,
        patch: LessonPatch,
    ) -> Result<LessonEntry, AppError> {
        let mut errors = FieldErrors::new();
        let title = patch
            .title
            .as_deref()
            .map(|t| errors.check("title", CourseTitle::parse(t)));
        let content = match patch.content {
            None => None,
            Some(v) => match parse_content(v) {
                Ok(c) => Some(
                    serde_json::to_string(c.blocks())
                        .map_err(|e| AppError::internal(e.to_string()))?,
                ),
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            },
        };
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let (mut lesson, course) = editable_lesson(&mut tx, actor, lesson_id).await?;
        // The course's outline is locked before the lesson row is written, the order every
        // outline change takes (course, modules, lessons): a rename then carries its new
        // title to the dashboards that show it as the next lesson (migration 0148) without
        // deadlocking with a reorder, a move or a deletion in the same course.
        syllabus::lock_course(&mut tx, course.id).await?;
        let now = self.now_ms();
        // Modules are locked before the lesson row is written, the order every outline
        // change takes (module, then its lessons), so that a move and a reorder queue
        // instead of deadlocking.
        let move_to = patch.module_id.filter(|to| *to != lesson.module_id);
        if let Some(to) = move_to {
            if syllabus::find_module(&mut tx, course.id, to)
                .await?
                .is_none()
            {
                return Err(
                    FieldErrors::single("module_id", "no such module in this course").into(),
                );
            }
            syllabus::lock_modules(&mut tx, &[lesson.module_id, to]).await?;
            lesson = relocked(&mut tx, &lesson).await?;
        }
        let title = title
            .flatten()
            .map_or(lesson.title.clone(), |t| t.as_str().to_owned());
        let content = content.unwrap_or_else(|| lesson.content.clone());
        syllabus::update_lesson(&mut tx, &lesson, &title, &content, now).await?;
        if let Some(to) = move_to {
            syllabus::move_lesson(&mut tx, &lesson, to, now).await?;
        }
        let moved = syllabus::find_lesson(&mut tx, lesson.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
        self.commit_catalog_change(tx).await?;
        Ok(LessonEntry {
            id: moved.id,
            module_id: moved.module_id,
            title: moved.title,
            position: moved.position,
        })
    }

    /// Deletes the lesson. Refused (409 `lesson_has_completions`) when learners completed
    /// it, unless the course is a draft.
    pub async fn delete_lesson(&self, actor: &Actor, lesson_id: i64) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let (lesson, course) = editable_lesson(&mut tx, actor, lesson_id).await?;
        syllabus::lock_modules(&mut tx, &[lesson.module_id]).await?;
        let lesson = relocked(&mut tx, &lesson).await?;
        // Checked first for a clear answer; the foreign key of completions holds it when
        // a learner completes the lesson meanwhile.
        let learners = syllabus::lesson_completers(&mut tx, lesson.id).await?;
        if completions_to_drop(course.status, learners, lesson_completed)? {
            syllabus::delete_lesson_completions(&mut tx, lesson.id).await?;
        }
        syllabus::delete_lesson(&mut tx, &lesson)
            .await
            .refuse_on_foreign_key(|| lesson_completed(1, course.status.as_str()))?;
        self.commit_catalog_change(tx).await?;
        Ok(())
    }
}

fn lesson_completed(learners: i64, status: &str) -> AppError {
    AppError::Conflict {
        code: ErrorCode::LessonHasCompletions,
        message: format!(
            "{learners} learner(s) completed this lesson: it cannot be deleted from a \
             {status} course; edit it instead"
        ),
        details: Some(json!({ "learners": learners, "course_status": status })),
    }
}
