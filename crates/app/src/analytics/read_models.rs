//! The analytics' read models: what use-cases hand to `api`, converted from store rows
//! (ADR 0037).

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::analytics::{ActivitySummary, CourseRollup, UserActivity};

/// A course's rollup (zeros and no `refreshed_at` before the first refresh).
#[derive(Debug, Clone)]
pub struct CourseFigures {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub teacher_id: UserId,
    pub views: i64,
    pub enrollments: i64,
    pub completed: i64,
    pub completion_rate: f64,
    pub revenue_cents: i64,
    pub currency: String,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub trending_score: f64,
    pub refreshed_at: Option<Timestamp>,
}

impl From<CourseRollup> for CourseFigures {
    fn from(r: CourseRollup) -> Self {
        Self {
            course_id: r.course_id,
            slug: r.slug,
            title: r.title,
            teacher_id: r.teacher_id,
            views: r.views,
            enrollments: r.enrollments,
            completed: r.completed,
            completion_rate: r.completion_rate,
            revenue_cents: r.revenue_cents,
            currency: r.currency,
            rating_avg: r.rating_avg,
            rating_count: r.rating_count,
            trending_score: r.trending_score,
            refreshed_at: r.refreshed_at,
        }
    }
}

/// Platform-wide user activity over a window.
#[derive(Debug, Clone, Copy)]
pub struct ActivityTotals {
    pub users_total: i64,
    pub registrations: i64,
    pub active_users: i64,
    pub events: i64,
}

impl From<ActivitySummary> for ActivityTotals {
    fn from(r: ActivitySummary) -> Self {
        Self {
            users_total: r.users_total,
            registrations: r.registrations,
            active_users: r.active_users,
            events: r.events,
        }
    }
}

/// One user's activity over the window.
#[derive(Debug, Clone)]
pub struct UserActivityEntry {
    pub user_id: UserId,
    pub email: Option<String>,
    pub full_name: String,
    pub role: String,
    pub registered_at: Timestamp,
    pub events: i64,
    pub enrollments: i64,
    pub lessons_completed: i64,
    pub last_event_at: Option<Timestamp>,
}

impl From<UserActivity> for UserActivityEntry {
    fn from(r: UserActivity) -> Self {
        Self {
            user_id: r.user_id,
            email: r.email,
            full_name: r.full_name,
            role: r.role,
            registered_at: r.registered_at,
            events: r.events,
            enrollments: r.enrollments,
            lessons_completed: r.lessons_completed,
            last_event_at: r.last_event_at,
        }
    }
}
