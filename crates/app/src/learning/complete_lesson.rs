//! An enrolled learner marks a lesson done. Idempotent: the first completion counts.

use practicum_domain::Timestamp;
use practicum_store::learning::progress;

use super::{lesson_access, not_enrolled, CourseStep};
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
    pub async fn complete_lesson(
        &self,
        actor: &Actor,
        lesson_id: i64,
    ) -> Result<Completion, AppError> {
        let mut tx = self.db.write().await?;
        let access = lesson_access(&mut tx, actor, lesson_id).await?;
        if !access.enrolled {
            return Err(not_enrolled());
        }
        let now = self.now_ms();
        // A lesson deleted by its author since it was read fails the foreign key: it is
        // gone for the learner too.
        let course_id = access.lesson.course_id;
        let log = CourseStep::LessonCompleted.log();
        let done = progress::complete(&mut tx, actor.id, lesson_id, course_id, &log, now)
            .await
            .refuse_on_foreign_key(|| AppError::NotFound(ErrorCode::LessonNotFound))?;
        let (completed_at, first_time) = match done {
            Some(done) => done,
            // PostgreSQL: a concurrent completion committed after the statement began.
            None => {
                let at = progress::completed_at(&mut tx, actor.id, lesson_id).await?;
                (at.unwrap_or(now), false)
            }
        };
        tx.commit().await?;
        Ok(Completion {
            lesson_id,
            completed_at,
            first_time,
        })
    }
}
