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

use practicum_domain::{analytics::EventKind, catalog::CourseStatus, identity::UserId};
use practicum_store::{
    catalog::syllabus::{self, LessonRecord},
    learning::activity::StepLog,
    Session,
};

use crate::ErrorCode;
use crate::{catalog::mover_of, identity::Actor, AppError};

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
    let (lesson, enrolled) = syllabus::find_lesson_for(s, lesson_id, actor.id)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::LessonNotFound))?;
    let staff = lesson_gate(actor, lesson.course_status, lesson.teacher_id, enrolled)?;
    Ok(LessonAccess {
        lesson,
        staff,
        enrolled,
    })
}

/// [`lesson_access`]'s rule on what it read about the lesson's course: whether the caller
/// is its staff (the course's teacher, a producer or an admin), or the error for one who
/// is neither that nor enrolled.
pub(crate) fn lesson_gate(
    actor: &Actor,
    course_status: CourseStatus,
    teacher_id: UserId,
    enrolled: bool,
) -> Result<bool, AppError> {
    let staff = mover_of(actor, teacher_id).is_some();
    if !staff && !enrolled {
        return Err(if course_status == CourseStatus::Published {
            not_enrolled()
        } else {
            AppError::NotFound(ErrorCode::LessonNotFound)
        });
    }
    Ok(staff)
}

pub(crate) fn not_enrolled() -> AppError {
    AppError::forbidden(ErrorCode::NotEnrolled, "enroll in the course first")
}

/// A learner's step in a course that both their activity log and the analytics events
/// record, in the statement that writes the step (`enrollments::enroll_by_slug`,
/// `progress::complete_if_enrolled`): one use-case, one transaction, one round trip for its writes.
pub(crate) enum CourseStep {
    /// Enrolled (the event's amount is the price recorded with the enrollment, by the
    /// statement that enrolls).
    Enrolled,
    /// Completed a lesson for the first time.
    LessonCompleted,
}

impl CourseStep {
    /// The activity row's kind and the analytics event of the step.
    pub(crate) fn log(self) -> StepLog<'static> {
        match self {
            CourseStep::Enrolled => StepLog {
                activity_kind: "course.enrolled",
                event: EventKind::Enrollment,
                amount_cents: None,
            },
            CourseStep::LessonCompleted => StepLog {
                activity_kind: "lesson.completed",
                event: EventKind::LessonCompleted,
                amount_cents: None,
            },
        }
    }
}
