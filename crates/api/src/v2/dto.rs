//! Bodies of the `/api/v2` routes.

use chrono::{DateTime, Utc};
use practicum_app::{analytics::CourseFigures, catalog::CourseOverview};
use practicum_domain::clock::to_datetime;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{catalog::dto::CourseResponse, reviews::dto::ReviewResponse};

/// The course (as `GET /api/v1/courses/{slug}` answers it, modules included) with its
/// newest visible reviews and its analytics summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseOverviewResponse {
    #[serde(flatten)]
    pub course: CourseResponse,
    /// The newest visible reviews, newest first (at most 5).
    pub reviews: Vec<ReviewResponse>,
    /// All visible reviews of the course.
    pub review_count: i64,
    pub analytics: AnalyticsSummary,
}

/// The course's public figures as of the last analytics refresh (revenue is left out).
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsSummary {
    pub views: i64,
    pub enrollments: i64,
    /// Enrolled learners who completed every lesson.
    pub completed: i64,
    /// `completed / enrollments`, 0..1.
    pub completion_rate: f64,
    pub rating_avg: f64,
    pub rating_count: i64,
    /// Null before the first refresh.
    pub refreshed_at: Option<DateTime<Utc>>,
}

impl From<CourseFigures> for AnalyticsSummary {
    fn from(r: CourseFigures) -> Self {
        Self {
            views: r.views,
            enrollments: r.enrollments,
            completed: r.completed,
            completion_rate: r.completion_rate,
            rating_avg: r.rating_avg,
            rating_count: r.rating_count,
            refreshed_at: r.refreshed_at.map(to_datetime),
        }
    }
}

impl From<CourseOverview> for CourseOverviewResponse {
    fn from(o: CourseOverview) -> Self {
        Self {
            course: CourseResponse::from(o.view),
            reviews: o.reviews.into_iter().map(Into::into).collect(),
            review_count: o.review_count,
            analytics: o.analytics.into(),
        }
    }
}
