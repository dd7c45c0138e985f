//! Response bodies of the analytics routes.

use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::analytics::{CourseAnalytics, CourseFigures, TrendDay, UserActivityEntry};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseStatsResponse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub teacher_id: i64,
    pub views: i64,
    pub enrollments: i64,
    /// Learners who completed every lesson.
    pub completed: i64,
    /// `completed / enrollments` (0..=1; 0 without enrollments).
    pub completion_rate: f64,
    /// Sum of the prices recorded at enrollment, in cents of `currency`.
    pub revenue_cents: i64,
    /// In major units.
    pub revenue: f64,
    pub currency: String,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub trending_score: f64,
    /// When the rollup was computed; null before the first refresh.
    pub refreshed_at: Option<DateTime<Utc>>,
    /// The daily trend (only in the single-course response).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Vec<CourseTrendDayResponse>>,
}

impl From<CourseFigures> for CourseStatsResponse {
    fn from(r: CourseFigures) -> Self {
        Self {
            course_id: r.course_id,
            slug: r.slug,
            title: r.title,
            teacher_id: r.teacher_id.0,
            views: r.views,
            enrollments: r.enrollments,
            completed: r.completed,
            completion_rate: r.completion_rate,
            revenue_cents: r.revenue_cents,
            revenue: r.revenue_cents as f64 / 100.0,
            currency: r.currency,
            rating_avg: r.rating_avg,
            rating_count: r.rating_count,
            trending_score: r.trending_score,
            refreshed_at: r.refreshed_at.map(to_datetime),
            trend: None,
        }
    }
}

impl From<CourseAnalytics> for CourseStatsResponse {
    fn from(a: CourseAnalytics) -> Self {
        let mut r = Self::from(a.rollup);
        r.trend = Some(a.trend.into_iter().map(Into::into).collect());
        r
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseTrendDayResponse {
    /// The UTC day.
    #[schema(example = "2026-12-01")]
    pub date: String,
    pub views: i64,
    pub enrollments: i64,
    pub lesson_completions: i64,
    pub reviews: i64,
    pub revenue_cents: i64,
}

impl From<TrendDay> for CourseTrendDayResponse {
    fn from(d: TrendDay) -> Self {
        Self {
            date: to_datetime(d.day).format("%Y-%m-%d").to_string(),
            views: d.views,
            enrollments: d.enrollments,
            lesson_completions: d.completions,
            reviews: d.reviews,
            revenue_cents: d.revenue_cents,
        }
    }
}

page_response!(CourseStatsPage of CourseStatsResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseTrendQuery {
    /// Days of trend, today included (1..=90, default 30).
    #[param(minimum = 1, maximum = 90)]
    pub days: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserActivityQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    /// The window in days (1..=365, default 30).
    #[param(minimum = 1, maximum = 365)]
    pub days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserActivityItem {
    pub user_id: i64,
    pub email: Option<String>,
    pub full_name: String,
    pub role: String,
    pub registered_at: DateTime<Utc>,
    /// Events in the window.
    pub events: i64,
    pub enrollments: i64,
    pub lessons_completed: i64,
    pub last_event_at: Option<DateTime<Utc>>,
}

impl From<UserActivityEntry> for UserActivityItem {
    fn from(u: UserActivityEntry) -> Self {
        Self {
            user_id: u.user_id.0,
            email: u.email,
            full_name: u.full_name,
            role: u.role,
            registered_at: to_datetime(u.registered_at),
            events: u.events,
            enrollments: u.enrollments,
            lessons_completed: u.lessons_completed,
            last_event_at: u.last_event_at.map(to_datetime),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserActivityResponse {
    pub days: i64,
    pub since: DateTime<Utc>,
    pub users_total: i64,
    /// Accounts created in the window.
    pub registrations: i64,
    /// Distinct users with at least one event in the window.
    pub active_users: i64,
    pub events: i64,
    /// Users, most events first.
    pub items: Vec<UserActivityItem>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsRefreshResponse {
    pub refreshed_at: DateTime<Utc>,
    pub views_flushed: usize,
}
