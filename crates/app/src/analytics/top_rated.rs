//! `GET /courses/top-rated`: the Ustat rule — published courses with at least
//! `top_rated_min_reviews` visible reviews (10 unless configured), by average rating, with
//! a dense rank. Beside the decayed `trending`, this one has no time in it.

use practicum_store::{analytics, catalog::courses::CourseRecord};

use crate::catalog::CourseEntry;
use crate::{catalog::localize, App, AppError, Page, PageRequest};

/// A course of the top-rated list and its dense rank (1 = the best average).
#[derive(Debug, Clone)]
pub struct RankedCourse {
    pub rank: i64,
    pub course: CourseEntry,
}

/// A page of top-rated courses, the threshold applied, and the languages of the texts.
#[derive(Debug, Clone)]
pub struct TopRatedListing {
    pub page: Page<RankedCourse>,
    pub min_reviews: i64,
    pub languages: Vec<String>,
}

impl App {
    pub async fn top_rated_courses(
        &self,
        page: PageRequest,
        accept_language: Option<&str>,
    ) -> Result<TopRatedListing, AppError> {
        let min_reviews = self.config.top_rated_min_reviews.max(1);
        let mut conn = self.db.read().await?;
        let (ranked, total) =
            analytics::top_rated_page(&mut conn, min_reviews, page.limit(), page.offset()).await?;
        let (ranks, mut items): (Vec<i64>, Vec<CourseRecord>) = ranked.into_iter().unzip();
        let languages = localize(&mut conn, &mut items, accept_language).await?;
        let items = ranks
            .into_iter()
            .zip(items)
            .map(|(rank, course)| RankedCourse {
                rank,
                course: course.into(),
            })
            .collect();
        Ok(TopRatedListing {
            page: Page::new(items, total, page),
            min_reviews,
            languages,
        })
    }
}
