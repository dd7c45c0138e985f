//! The learner's dashboard: progress in every enrolled course, and in one course by
//! lesson. Both run a fixed number of queries however many courses and lessons there are.

use std::collections::HashMap;

use practicum_domain::{learning::progress_percent, Timestamp};
use practicum_store::{
    catalog::{courses, syllabus},
    learning::{enrollments, progress},
};

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
    /// Two queries: the enrolled courses with grouped counts, and the next lesson of each.
    pub async fn my_courses(&self, actor: &Actor) -> Result<Vec<DashboardCourse>, AppError> {
        let mut conn = self.db.read().await?;
        let courses = progress::enrolled_courses(&mut conn, actor.id).await?;
        let mut next: HashMap<i64, NextLessonView> = progress::next_lessons(&mut conn, actor.id)
            .await?
            .into_iter()
            .map(|n| {
                (
                    n.course_id,
                    NextLessonView {
                        lesson_id: n.lesson_id,
                        title: n.title,
                    },
                )
            })
            .collect();
        Ok(courses
            .into_iter()
            .map(|c| DashboardCourse {
                progress_percent: progress_percent(c.completed_lessons, c.total_lessons),
                last_activity_at: c
                    .last_completed_at
                    .unwrap_or(c.enrolled_at)
                    .max(c.enrolled_at),
                next_lesson: next.remove(&c.course_id),
                course_id: c.course_id,
                slug: c.slug,
                title: c.title,
                cover_image_url: c.cover_image_url,
                total_lessons: c.total_lessons,
                completed_lessons: c.completed_lessons,
            })
            .collect())
    }

    /// The caller's progress in one course, lesson by lesson (enrolled learners only).
    pub async fn course_progress(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> Result<CourseProgress, AppError> {
        let mut conn = self.db.read().await?;
        // Enrolled learners keep their progress page when the course is archived.
        let course = courses::find_by_slug(&mut conn, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if !enrollments::is_enrolled(&mut conn, actor.id, course.id).await? {
            return Err(if can_see(Some(actor), &course) {
                not_enrolled()
            } else {
                AppError::NotFound(ErrorCode::CourseNotFound)
            });
        }
        let modules = syllabus::modules(&mut conn, course.id).await?;
        let lessons = syllabus::lessons(&mut conn, course.id).await?;
        let done: HashMap<i64, Timestamp> =
            progress::completions_in_course(&mut conn, actor.id, course.id)
                .await?
                .into_iter()
                .collect();
        let mut next_given = false;
        let mut out = Vec::with_capacity(modules.len());
        for m in modules {
            let lessons: Vec<LessonProgress> = lessons
                .iter()
                .filter(|l| l.module_id == m.id)
                .map(|l| {
                    let completed_at = done.get(&l.id).copied();
                    let status = match completed_at {
                        Some(_) => "completed",
                        None if !next_given => {
                            next_given = true;
                            "next"
                        }
                        None => "not_started",
                    };
                    LessonProgress {
                        lesson_id: l.id,
                        title: l.title.clone(),
                        status,
                        completed_at,
                    }
                })
                .collect();
            let k = lessons.iter().filter(|l| l.completed_at.is_some()).count() as i64;
            out.push(ModuleProgress {
                module_id: m.id,
                title: m.title,
                progress_percent: progress_percent(k, lessons.len() as i64),
                lessons,
            });
        }
        let total = lessons.len() as i64;
        let completed = lessons.iter().filter(|l| done.contains_key(&l.id)).count() as i64;
        Ok(CourseProgress {
            course_id: course.id,
            slug: course.slug,
            title: course.title,
            overall_progress_percent: progress_percent(completed, total),
            completed_lessons: completed,
            total_lessons: total,
            modules: out,
        })
    }
}
