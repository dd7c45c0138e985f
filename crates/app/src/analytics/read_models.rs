//! The analytics' read models: what use-cases hand to `api`, converted from store rows
//! (ADR 0037).

use practicum_domain::{identity::UserId, Timestamp};
use practicum_store::analytics::{ActivitySummary, CourseRollup, UserActivity};

read_model! {
    /// A course's rollup (zeros and no `refreshed_at` before the first refresh).
    #[derive(Debug, Clone)]
    pub struct CourseFigures from CourseRollup {
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
}

read_model! {
    /// Platform-wide user activity over a window.
    #[derive(Debug, Clone, Copy)]
    pub struct ActivityTotals from ActivitySummary {
        pub users_total: i64,
        pub registrations: i64,
        pub active_users: i64,
        pub events: i64,
    }
}

read_model! {
    /// One user's activity over the window.
    #[derive(Debug, Clone)]
    pub struct UserActivityEntry from UserActivity {
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
}
