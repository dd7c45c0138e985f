//! The learner's dashboard: progress in every enrolled course, and in one course by
//! lesson. Each is one query (after the token's), however many courses and lessons there are.

use practicum_domain::{learning::progress_percent, Timestamp};
use practicum_store::catalog::courses;

use super::not_enrolled;
use crate::ErrorCode;
use crate::{catalog::can_see, identity::Actor, App, AppError};

#[derive(Debug, Clone)]
pub struct NextLessonView {
    pub lesson_id: i64,
    pub title: String,
}

/// One enrolled course on the dashboard.
#[derive(Debug, Clone)]
pub struct DashboardCourse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub cover_image_url: Option<String>,
    pub total_lessons: i64,
    pub completed_lessons: i64,
    pub progress_percent: i64,
    /// The last completion, or the enrollment when nothing is completed yet.
    pub last_activity_at: Timestamp,
    /// The first lesson not completed yet, in outline order; `None` when all are done.
    pub next_lesson: Option<NextLessonView>,
}

#[derive(Debug, Clone)]
pub struct LessonProgress {
    pub lesson_id: i64,
    pub title: String,
    /// `completed`, `next` (the first not completed) or `not_started`.
    pub status: &'static str,
    pub completed_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct ModuleProgress {
    pub module_id: i64,
    pub title: String,
    pub progress_percent: i64,
    pub lessons: Vec<LessonProgress>,
}

#[derive(Debug, Clone)]
pub struct CourseProgress {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub overall_progress_percent: i64,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub modules: Vec<ModuleProgress>,
}

impl App {
    /// One query: the enrolled courses with their counts and next lessons (on PostgreSQL
    /// shared with concurrent requests for other learners' dashboards, ADR 0065).
    pub async fn my_courses(&self, actor: &Actor) -> Result<Vec<DashboardCourse>, AppError> {
        let courses = self.dashboards.courses.get(actor.id).await?;
        Ok(courses
            .into_iter()
            .map(|c| DashboardCourse {
                progress_percent: progress_percent(c.completed_lessons, c.total_lessons),
                last_activity_at: c
                    .last_completed_at
                    .unwrap_or(c.enrolled_at)
                    .max(c.enrolled_at),
                next_lesson: c.next_lesson.map(|n| NextLessonView {
                    lesson_id: n.lesson_id,
                    title: n.title,
                }),
                course_id: c.course_id,
                slug: c.slug,
                title: c.title,
                cover_image_url: c.cover_image_url,
                total_lessons: c.total_lessons,
                completed_lessons: c.completed_lessons,
            })
            .collect())
    }

    /// The caller's progress in one course, lesson by lesson (enrolled learners only):
    /// one query for an enrolled learner, whatever the size of the course (on PostgreSQL
    /// shared with concurrent requests, ADR 0065).
    pub async fn course_progress(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> Result<CourseProgress, AppError> {
        // Enrolled learners keep their progress page when the course is archived.
        let outline = self
            .dashboards
            .outlines
            .get((actor.id, slug.to_owned()))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if !outline.enrolled {
            // Whether to say so depends on whether the caller may see the course at all.
            let mut conn = self.db.read().await?;
            let course = courses::find_by_slug(&mut conn, slug)
                .await?
                .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
            return Err(if can_see(Some(actor), &course) {
                not_enrolled()
            } else {
                AppError::NotFound(ErrorCode::CourseNotFound)
            });
        }
        let mut next_given = false;
        let (mut total, mut completed) = (0_i64, 0_i64);
        let mut out = Vec::with_capacity(outline.modules.len());
        for m in outline.modules {
            let lessons: Vec<LessonProgress> = m
                .lessons
                .into_iter()
                .map(|l| {
                    let status = match l.completed_at {
                        Some(_) => "completed",
                        None if !next_given => {
                            next_given = true;
                            "next"
                        }
                        None => "not_started",
                    };
                    LessonProgress {
                        lesson_id: l.lesson_id,
                        title: l.title,
                        status,
                        completed_at: l.completed_at,
                    }
                })
                .collect();
            let k = lessons.iter().filter(|l| l.completed_at.is_some()).count() as i64;
            total += lessons.len() as i64;
            completed += k;
            out.push(ModuleProgress {
                module_id: m.module_id,
                title: m.title,
                progress_percent: progress_percent(k, lessons.len() as i64),
                lessons,
            });
        }
        Ok(CourseProgress {
            course_id: outline.course_id,
            slug: outline.slug,
            title: outline.title,
            overall_progress_percent: progress_percent(completed, total),
            completed_lessons: completed,
            total_lessons: total,
            modules: out,
        })
    }
}
