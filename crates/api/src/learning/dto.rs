//! Request and response bodies of the learning routes.

use crate::{error::ErrorBody, page::page_response};
use chrono::{DateTime, Utc};
use practicum_app::learning::{
    ActivityEntry, Completion, CourseProgress, DashboardCourse, LessonView, QuizVerdict,
};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoResponses, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrollmentResponse {
    pub enrollment_id: i64,
    pub course_slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FavoriteResponse {
    /// Whether the course is bookmarked after this call.
    pub favorited: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonResponse {
    pub lesson_id: i64,
    pub module_id: i64,
    pub course_slug: String,
    pub title: String,
    pub position: i64,
    /// The lesson's blocks; learners do not receive the quizzes' correct options.
    #[schema(value_type = Vec<Object>)]
    pub content: Value,
    pub completed: bool,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<LessonView> for LessonResponse {
    fn from(l: LessonView) -> Self {
        Self {
            lesson_id: l.lesson_id,
            module_id: l.module_id,
            course_slug: l.course_slug,
            title: l.title,
            position: l.position,
            content: l.content,
            completed: l.completed_at.is_some(),
            completed_at: l.completed_at.map(to_datetime),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionResponse {
    pub lesson_id: i64,
    pub completed: bool,
    pub completed_at: DateTime<Utc>,
    /// False when the lesson had already been completed.
    pub first_time: bool,
}

impl From<Completion> for CompletionResponse {
    fn from(c: Completion) -> Self {
        Self {
            lesson_id: c.lesson_id,
            completed: true,
            completed_at: to_datetime(c.completed_at),
            first_time: c.first_time,
        }
    }
}

/// `{lesson_id, question_id, answer_id}`, or the original front end's
/// `{question_id, selected_answer_id}` (ids as strings or integers).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CheckAnswerRequest {
    /// The lesson of the question. Without it the question is looked up in the lessons
    /// the caller may read; an id found in several answers 422 asking for `lesson_id`.
    pub lesson_id: Option<i64>,
    /// The quiz block's `id`.
    #[serde(deserialize_with = "id_text")]
    #[schema(value_type = String)]
    pub question_id: String,
    /// One of its options' `id`.
    #[serde(default, deserialize_with = "optional_id_text")]
    #[schema(value_type = Option<String>)]
    pub answer_id: Option<String>,
    /// The same as `answer_id` (the original front end's name).
    #[serde(default, deserialize_with = "optional_id_text")]
    #[schema(value_type = Option<String>)]
    pub selected_answer_id: Option<String>,
}

/// An id sent as a string or as an integer.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdText {
    Text(String),
    Number(i64),
}

impl From<IdText> for String {
    fn from(id: IdText) -> Self {
        match id {
            IdText::Text(s) => s,
            IdText::Number(n) => n.to_string(),
        }
    }
}

fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    IdText::deserialize(d).map(String::from)
}

fn optional_id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<IdText>::deserialize(d).map(|o| o.map(String::from))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckAnswerResponse {
    pub is_correct: bool,
    pub correct_answer_id: String,
}

impl From<QuizVerdict> for CheckAnswerResponse {
    fn from(v: QuizVerdict) -> Self {
        Self {
            is_correct: v.is_correct,
            correct_answer_id: v.correct_answer_id,
        }
    }
}

/// `{kind, course_id?, lesson_id?, payload?}`, or the original front end's
/// `{activity_type, details}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActivityRequest {
    /// 1..=50 of lowercase letters, digits, `_`, `.` (`video.watched`). Required unless
    /// `activity_type` is sent.
    #[schema(example = "video.watched")]
    pub kind: Option<String>,
    /// The same as `kind` (the original front end's name).
    pub activity_type: Option<String>,
    pub course_id: Option<i64>,
    pub lesson_id: Option<i64>,
    /// A JSON object of at most 4 KiB.
    #[schema(value_type = Option<Object>)]
    pub payload: Option<Value>,
    /// The original front end's payload: an object is stored as the payload, any other
    /// value as `{"details": value}`.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityAccepted {
    pub event_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityResponse {
    pub event_id: i64,
    pub kind: String,
    pub course_id: Option<i64>,
    pub lesson_id: Option<i64>,
    #[schema(value_type = Object)]
    pub payload: Value,
    pub occurred_at: DateTime<Utc>,
}

impl From<ActivityEntry> for ActivityResponse {
    fn from(a: ActivityEntry) -> Self {
        Self {
            event_id: a.id,
            kind: a.kind,
            course_id: a.course_id,
            lesson_id: a.lesson_id,
            payload: serde_json::from_str(&a.payload).unwrap_or(Value::Null),
            occurred_at: to_datetime(a.occurred_at),
        }
    }
}

page_response!(ActivityPage of ActivityResponse);

#[derive(Debug, Serialize, ToSchema)]
pub struct NextLessonResponse {
    pub lesson_id: i64,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyCourseResponse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub cover_image_url: Option<String>,
    /// `round(100 · completed / total)`.
    pub progress_percent: i64,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub last_activity_at: DateTime<Utc>,
    /// The first lesson not completed yet; `null` when all are.
    pub next_lesson: Option<NextLessonResponse>,
}

impl From<DashboardCourse> for MyCourseResponse {
    fn from(c: DashboardCourse) -> Self {
        Self {
            course_id: c.course_id,
            slug: c.slug,
            title: c.title,
            cover_image_url: c.cover_image_url,
            progress_percent: c.progress_percent,
            completed_lessons: c.completed_lessons,
            total_lessons: c.total_lessons,
            last_activity_at: to_datetime(c.last_activity_at),
            next_lesson: c.next_lesson.map(|n| NextLessonResponse {
                lesson_id: n.lesson_id,
                title: n.title,
            }),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonProgressResponse {
    pub lesson_id: i64,
    pub title: String,
    /// `completed`, `next` or `not_started`.
    pub status: &'static str,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleProgressResponse {
    pub module_id: i64,
    pub title: String,
    pub progress_percent: i64,
    pub lessons: Vec<LessonProgressResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseProgressResponse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub overall_progress_percent: i64,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub modules: Vec<ModuleProgressResponse>,
}

impl From<CourseProgress> for CourseProgressResponse {
    fn from(c: CourseProgress) -> Self {
        Self {
            course_id: c.course_id,
            slug: c.slug,
            title: c.title,
            overall_progress_percent: c.overall_progress_percent,
            completed_lessons: c.completed_lessons,
            total_lessons: c.total_lessons,
            modules: c
                .modules
                .into_iter()
                .map(|m| ModuleProgressResponse {
                    module_id: m.module_id,
                    title: m.title,
                    progress_percent: m.progress_percent,
                    lessons: m
                        .lessons
                        .into_iter()
                        .map(|l| LessonProgressResponse {
                            lesson_id: l.lesson_id,
                            title: l.title,
                            status: l.status,
                            completed_at: l.completed_at.map(to_datetime),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The 401 and 403 of a route for the course's enrolled learners (lessons, quizzes,
/// progress), for `responses(...)` of `utoipa::path`.
#[derive(IntoResponses)]
pub enum EnrollmentRefusals {
    #[response(status = 401, description = "Not signed in")]
    NotSignedIn(ErrorBody),
    #[response(status = 403, description = "Not enrolled")]
    NotEnrolled(ErrorBody),
}
