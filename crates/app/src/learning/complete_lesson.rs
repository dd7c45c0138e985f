//! An enrolled learner marks a lesson done. Idempotent: the first completion counts.

use practicum_domain::Timestamp;
use practicum_store::learning::progress;

use super::{lesson_gate, not_enrolled, CourseStep};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

#[derive(Debug, Clone)]
pub struct Completion {
    pub lesson_id: i64,
    pub completed_at: Timestamp,
    /// False when the lesson had been completed before.
    pub first_time: bool,
}

impl App {
    /// The access check and the write are one statement (ADR 0067): it writes only for a
    /// learner enrolled in the lesson's course, which is the one case the check lets
    /// through; anyone else gets what [`super::lesson_access`] gives them, or 403 for
    /// staff who are not enrolled (they may read the lesson, not complete it).
    pub async fn complete_lesson(
        &self,
        actor: &Actor,
        lesson_id: i64,
    ) -> Result<Completion, AppError> {
        let now = self.now_ms();
        let log = CourseStep::LessonCompleted.log();
        let mut write = self.db.write_statement().await?;
        // A lesson deleted by its author since the statement's snapshot fails the foreign
        // key: it is gone for the learner too.
        let attempt = progress::complete_if_enrolled(&mut write, actor.id, lesson_id, &log, now)
            .await
            .refuse_on_foreign_key(|| AppError::NotFound(ErrorCode::LessonNotFound))?
            .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
        lesson_gate(
            actor,
            attempt.course_status,
            attempt.teacher_id,
            attempt.enrolled,
        )?;
        if !attempt.enrolled {
            return Err(not_enrolled());
        }
        write.commit().await?;
        let (completed_at, first_time) = match attempt.completion {
            Some(done) => done,
            // PostgreSQL: a concurrent completion committed after the statement began.
            None => {
                let mut conn = self.db.read().await?;
                let at = progress::completed_at(&mut conn, actor.id, lesson_id).await?;
                (at.unwrap_or(now), false)
            }
        };
        Ok(Completion {
            lesson_id,
            completed_at,
            first_time,
        })
    }
}
