//! Per-course analytics: teachers see their own courses, producers and admins all.

use practicum_domain::{identity::Role, Timestamp};
use practicum_store::analytics::{self, DailyRow};

use super::CourseFigures;
use super::{analysed_course, ANALYSTS};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// One day of the trend (days without activity are zeros).
#[derive(Debug, Clone, Copy)]
pub struct TrendDay {
    pub day: Timestamp,
    pub views: i64,
    pub enrollments: i64,
    pub completions: i64,
    pub reviews: i64,
    pub revenue_cents: i64,
}

#[derive(Debug, Clone)]
pub struct CourseAnalytics {
    pub rollup: CourseFigures,
    pub trend: Vec<TrendDay>,
}

const DAY_MS: i64 = 86_400_000;

impl App {
    /// Rollups of the caller's courses (teacher) or of all courses (producer/admin).
    pub async fn list_course_analytics(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<CourseFigures>, AppError> {
        actor.require(ANALYSTS)?;
        let teacher = (actor.role == Role::Teacher).then_some(actor.id);
        let mut conn = self.db.read_lagging().await?;
        let (items, total) =
            analytics::course_rollups(&mut conn, teacher, page.limit(), page.offset()).await?;
        Ok(Page::new(items, total, page).convert())
    }

    /// One course's rollup and a daily trend of the last `days` days (1..=90, default
    /// 30), today included. Another teacher's course is 403.
    pub async fn course_analytics(
        &self,
        actor: &Actor,
        slug: &str,
        days: Option<u32>,
    ) -> Result<CourseAnalytics, AppError> {
        actor.require(ANALYSTS)?;
        let days = i64::from(days.unwrap_or(30).clamp(1, 90));
        let mut conn = self.db.read_lagging().await?;
        let course = analysed_course(
            &mut conn,
            actor,
            slug,
            "teachers see the analytics of their own courses only",
        )
        .await?;
        let rollup = analytics::course_rollup(&mut conn, course.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        let today = self.now_ms().div_euclid(DAY_MS) * DAY_MS;
        let since = today - (days - 1) * DAY_MS;
        let rows = analytics::daily(&mut conn, course.id, since).await?;
        let trend = (0..days)
            .map(|i| {
                let day = since + i * DAY_MS;
                let r = rows
                    .iter()
                    .find(|r| r.day == day)
                    .copied()
                    .unwrap_or(DailyRow {
                        day,
                        ..DailyRow::default()
                    });
                TrendDay {
                    day,
                    views: r.views,
                    enrollments: r.enrollments,
                    completions: r.completions,
                    reviews: r.reviews,
                    revenue_cents: r.revenue_cents,
                }
            })
            .collect();
        Ok(CourseAnalytics {
            rollup: rollup.into(),
            trend,
        })
    }
}
