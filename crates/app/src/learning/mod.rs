//! Learning use-cases: enrollment, favorites, reading and completing lessons, quizzes,
//! the activity log and the dashboard.

mod activity;
mod check_quiz_answer;
mod complete_lesson;
mod dashboard;
mod enroll_in_course;
mod read_lesson;
mod read_models;
mod toggle_favorite;

pub use activity::ActivityInput;
pub use check_quiz_answer::QuizVerdict;
pub use complete_lesson::Completion;
pub use dashboard::{
    CourseProgress, DashboardCourse, LessonProgress, ModuleProgress, NextLessonView,
};
pub use read_lesson::LessonView;
pub use read_models::ActivityEntry;

use practicum_domain::{analytics::EventKind, catalog::CourseStatus, identity::UserId, Timestamp};
use practicum_store::{
    analytics::{self, NewEvent},
    catalog::syllabus::{self, LessonRecord},
    learning::{activity as activity_log, enrollments},
    Session,
};

use crate::ErrorCode;
use crate::{identity::Actor, AppError};

/// A lesson and how the caller relates to its course.
pub(crate) struct LessonAccess {
    pub lesson: LessonRecord,
    /// The course's teacher, a producer or an admin: sees everything, answers included.
    pub staff: bool,
    pub enrolled: bool,
}

/// The lesson when the caller is enrolled in its course or is its staff. Anyone else gets
/// 403 for a lesson of a published course and 404 otherwise (they may not know it exists).
pub(crate) async fn lesson_access(
    s: &mut dyn Session,
    actor: &Actor,
    lesson_id: i64,
) -> Result<LessonAccess, AppError> {
    let lesson = syllabus::find_lesson(s, lesson_id)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
    let staff = actor.role.is_staff() || actor.id == lesson.teacher_id;
    let enrolled = enrollments::is_enrolled(s, actor.id, lesson.course_id).await?;
    if !staff && !enrolled {
        return Err(if lesson.course_status == CourseStatus::Published {
            not_enrolled()
        } else {
            AppError::NotFound(ErrorCode::LessonNotFound)
        });
    }
    Ok(LessonAccess {
        lesson,
        staff,
        enrolled,
    })
}

pub(crate) fn not_enrolled() -> AppError {
    AppError::forbidden(ErrorCode::NotEnrolled, "enroll in the course first")
}

/// A learner's step in a course that both their activity log and the analytics events
/// record.
pub(crate) enum CourseStep {
    /// Enrolled in `course_id`, paying `price_cents` (as recorded with the enrollment).
    Enrolled { course_id: i64, price_cents: i64 },
    /// Completed `lesson_id` of `course_id` for the first time.
    LessonCompleted { course_id: i64, lesson_id: i64 },
}

/// Records `step` of `user_id` in the use-case's transaction: the activity row and the
/// analytics event.
pub(crate) async fn record_step(
    s: &mut dyn Session,
    user_id: UserId,
    step: CourseStep,
    now: Timestamp,
) -> Result<(), AppError> {
    let (kind, event, course_id, lesson_id, amount_cents) = match step {
        CourseStep::Enrolled {
            course_id,
            price_cents,
        } => (
            "course.enrolled",
            EventKind::Enrollment,
            course_id,
            None,
            Some(price_cents),
        ),
        CourseStep::LessonCompleted {
            course_id,
            lesson_id,
        } => (
            "lesson.completed",
            EventKind::LessonCompleted,
            course_id,
            Some(lesson_id),
            None,
        ),
    };
    let new_activity = activity_log::NewActivity {
        user_id,
        kind,
        course_id: Some(course_id),
        lesson_id,
        payload: "{}",
        now,
    };
    activity_log::record(s, &new_activity).await?;
    let new_event = NewEvent {
        kind: event,
        user_id: Some(user_id),
        course_id: Some(course_id),
        amount_cents,
        occurred_at: now,
    };
    analytics::record(s, &new_event).await?;
    Ok(())
}
