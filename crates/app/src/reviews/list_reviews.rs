//! Review lists: a course's (`/courses/{slug}/reviews`) and all (`/reviews`), paginated,
//! newest first. Hidden reviews only for producers and admins.

use practicum_domain::{identity::UserId, FieldErrors};
use practicum_store::reviews::{self, ReviewFilter};

use super::ReviewEntry;
use crate::ErrorCode;
use crate::{catalog::visible_course, identity::Actor, App, AppError, Page, PageRequest};

/// Filters of `GET /reviews` (and of a course's list).
#[derive(Debug, Clone, Default)]
pub struct ReviewQuery {
    /// A course slug.
    pub course: Option<String>,
    pub user_id: Option<i64>,
    pub rating_gte: Option<i64>,
    pub rating_lte: Option<i64>,
    /// Moderators only: `true` includes hidden reviews.
    pub include_hidden: Option<bool>,
    /// Moderators only: `true` lists only reviews someone reported.
    pub reported: Option<bool>,
}

impl App {
    pub async fn list_reviews(
        &self,
        viewer: Option<&Actor>,
        q: ReviewQuery,
        page: PageRequest,
    ) -> Result<Page<ReviewEntry>, AppError> {
        let mut errors = FieldErrors::new();
        for (field, v) in [("rating_gte", q.rating_gte), ("rating_lte", q.rating_lte)] {
            if v.is_some_and(|r| !(1..=5).contains(&r)) {
                errors.push(field, "must be from 1 to 5");
            }
        }
        if q.course.as_ref().is_some_and(|c| c.chars().count() > 200) {
            errors.push("course", "must be at most 200 characters");
        }
        errors.into_result()?;
        let staff = viewer.is_some_and(|a| a.role.is_staff());
        if q.include_hidden == Some(true) && !staff {
            return Err(AppError::forbidden(
                ErrorCode::Forbidden,
                "only producers and admins see hidden reviews",
            ));
        }
        if q.reported == Some(true) && !staff {
            return Err(AppError::forbidden(
                ErrorCode::Forbidden,
                "only producers and admins list reported reviews",
            ));
        }
        let mut conn = self.db.read_lagging().await?;
        let course_id = match q.course.as_deref() {
            Some(slug) => Some(visible_course(&mut conn, viewer, slug).await?.id),
            None => None,
        };
        let filter = ReviewFilter {
            course_id,
            course_slug: None,
            user_id: q.user_id.map(UserId),
            rating_gte: q.rating_gte,
            rating_lte: q.rating_lte,
            include_hidden: staff && q.include_hidden == Some(true),
            // A course's own list was checked with `visible_course` (its teacher sees it).
            only_published: !staff && course_id.is_none(),
            only_reported: q.reported == Some(true),
        };
        let (items, total) = reviews::page(&mut conn, &filter, page.limit(), page.offset()).await?;
        Ok(Page::new(items, total, page).convert())
    }
}
