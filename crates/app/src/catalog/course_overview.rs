//! `GET /api/v2/courses/{slug}`: a course page in one answer — the course with its
//! outline, its latest visible reviews and its analytics summary — in a fixed number of
//! queries whatever the course's size.

use practicum_store::{
    analytics,
    reviews::{self, ReviewFilter},
};

use super::CourseView;
use crate::ErrorCode;
use crate::{analytics::CourseFigures, identity::Actor, reviews::ReviewEntry, App, AppError};

/// How many of the newest visible reviews the overview carries.
pub const OVERVIEW_REVIEWS: i64 = 5;

#[derive(Debug, Clone)]
pub struct CourseOverview {
    pub view: CourseView,
    /// The newest visible reviews, newest first (at most [`OVERVIEW_REVIEWS`]).
    pub reviews: Vec<ReviewEntry>,
    /// All visible reviews.
    pub review_count: i64,
    /// The course's rollup as of the last analytics refresh.
    pub analytics: CourseFigures,
}

impl App {
    /// Visible to whoever may see the course page (a published course: everyone; any
    /// other status: its teacher and staff).
    pub async fn course_overview(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
        accept_language: Option<&str>,
    ) -> Result<CourseOverview, AppError> {
        let view = self.course_details(viewer, slug, accept_language).await?;
        let mut conn = self.db.read().await?;
        let filter = ReviewFilter {
            course_id: Some(view.course.id),
            course_slug: None,
            user_id: None,
            rating_gte: None,
            rating_lte: None,
            include_hidden: false,
            only_published: false,
            only_reported: false,
        };
        let (reviews, review_count) =
            reviews::page(&mut conn, &filter, OVERVIEW_REVIEWS, 0).await?;
        let analytics = analytics::course_rollup(&mut conn, view.course.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        Ok(CourseOverview {
            view,
            reviews: reviews.into_iter().map(ReviewEntry::from).collect(),
            review_count,
            analytics: analytics.into(),
        })
    }
}
