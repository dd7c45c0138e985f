//! The caller's bookmarked courses, as a catalog page.

use practicum_store::catalog::listing::{self, CourseFilter, CourseSort};

use super::browse_courses::{localize, CourseListing};
use crate::{identity::Actor, App, AppError, Page, PageRequest};

impl App {
    /// The published courses the caller has bookmarked, newest first, translated like the
    /// catalog. Another user's bookmarks never show; a course no longer published drops
    /// out of the list (its bookmark stays, and shows again if it is published again).
    pub async fn favorite_courses(
        &self,
        actor: &Actor,
        page: PageRequest,
        accept_language: Option<&str>,
    ) -> Result<CourseListing, AppError> {
        let filter = CourseFilter {
            favorite_of: Some(actor.id),
            ..CourseFilter::default()
        };
        let mut conn = self.db.read().await?;
        let (mut items, total) = listing::list_published(
            &mut conn,
            &filter,
            CourseSort::Newest,
            page.limit(),
            page.offset(),
        )
        .await?;
        let languages = localize(&mut conn, &mut items, accept_language).await?;
        Ok(CourseListing {
            page: Page::new(items, total, page).convert(),
            languages,
        })
    }
}
