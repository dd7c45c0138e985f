//! `GET /courses/trending`: published courses ranked by recent activity with exponential
//! time decay: score = Σ weight(kind) · 2^(−age_hours / 72) over the events of the last
//! 30 days (weights: view 1, lesson completed 2, review 3, enrollment 5), computed by
//! `refresh_analytics`.

use practicum_store::analytics;

use crate::catalog::CourseEntry;
use crate::{catalog::localize, App, AppError, Page, PageRequest};

/// A page of trending courses and the languages of their texts.
#[derive(Debug, Clone)]
pub struct TrendingListing {
    pub page: Page<CourseEntry>,
    pub languages: Vec<String>,
}

impl App {
    pub async fn trending_courses(
        &self,
        page: PageRequest,
        accept_language: Option<&str>,
    ) -> Result<TrendingListing, AppError> {
        let mut conn = self.db.read_lagging().await?;
        let (mut items, total) =
            analytics::trending_page(&mut conn, page.limit(), page.offset()).await?;
        let languages = localize(&mut conn, &mut items, accept_language).await?;
        Ok(TrendingListing {
            page: Page::new(items, total, page).convert(),
            languages,
        })
    }
}
