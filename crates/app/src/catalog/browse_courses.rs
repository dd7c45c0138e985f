//! The public catalog: published courses, filtered, searched, sorted, paginated.

use practicum_domain::{
    catalog::{negotiate_language, Price},
    identity::UserId,
    FieldErrors,
};
use practicum_store::{
    catalog::{
        courses::CourseRecord,
        listing::{self, CourseFilter, CourseSort},
        translations,
    },
    Session,
};

use super::CourseEntry;
use crate::{App, AppError, Page, PageRequest};

/// `GET /courses` as clients send it. Its serialized form is part of the catalog cache
/// key (`public_pages.rs`): a field added here is in the key by construction.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CourseQuery {
    pub category: Option<String>,
    pub tag: Option<String>,
    pub teacher: Option<i64>,
    /// In major units.
    pub price_min: Option<f64>,
    pub price_max: Option<f64>,
    pub free: Option<bool>,
    pub search: Option<String>,
    /// `newest` (default), `rating` or `popularity`.
    pub sort: Option<String>,
}

/// A page of the catalog and the languages its texts are in (for `Content-Language`).
#[derive(Debug, Clone)]
pub struct CourseListing {
    pub page: Page<CourseEntry>,
    pub languages: Vec<String>,
}

/// Puts each course's title and description in the best language of `accept_language`
/// it has (one query for the page's translations; none without the header). Returns the
/// languages of the texts, for `Content-Language`. Shared by every course list.
pub(crate) async fn localize(
    s: &mut dyn Session,
    items: &mut [CourseRecord],
    accept_language: Option<&str>,
) -> Result<Vec<String>, AppError> {
    let mut languages: Vec<String> = Vec::new();
    if accept_language.is_some() {
        let ids: Vec<i64> = items.iter().map(|c| c.id).collect();
        let texts = translations::course_texts(s, &ids).await?;
        for course in items.iter_mut() {
            let mine: Vec<&translations::CourseText> =
                texts.iter().filter(|t| t.course_id == course.id).collect();
            let mut available: Vec<&str> = mine.iter().map(|t| t.language.as_str()).collect();
            available.push(&course.language);
            let chosen = negotiate_language(accept_language, &available, &course.language);
            if let Some(t) = mine.iter().find(|t| t.language == chosen) {
                course.title = t.title.clone();
                course.description = t.description.clone();
            }
            if !languages.contains(&chosen) {
                languages.push(chosen);
            }
        }
    } else {
        for course in items.iter() {
            if !languages.contains(&course.language) {
                languages.push(course.language.clone());
            }
        }
    }
    Ok(languages)
}

impl App {
    /// Three queries whatever the page size: the page, the total, the page's tags.
    /// With `accept_language`, titles and descriptions come in the best language each
    /// course has (one more query for the page's translations).
    pub async fn browse_courses(
        &self,
        q: CourseQuery,
        page: PageRequest,
        accept_language: Option<&str>,
    ) -> Result<CourseListing, AppError> {
        let mut errors = FieldErrors::new();
        let price_min = q
            .price_min
            .and_then(|p| errors.check("price_min", Price::from_major(p)));
        let price_max = q
            .price_max
            .and_then(|p| errors.check("price_max", Price::from_major(p)));
        let sort = match q.sort.as_deref() {
            None | Some("newest") => CourseSort::Newest,
            Some("rating") => CourseSort::Rating,
            Some("popularity") => CourseSort::Popularity,
            Some(_) => {
                errors.push("sort", "must be one of newest, rating, popularity");
                CourseSort::Newest
            }
        };
        if q.search.as_ref().is_some_and(|s| s.chars().count() > 200) {
            errors.push("search", "must be at most 200 characters");
        }
        errors.into_result()?;
        let filter = CourseFilter {
            category: q.category.filter(|c| !c.is_empty()),
            tag: q.tag.filter(|t| !t.is_empty()),
            teacher: q.teacher.map(UserId),
            price_min_cents: price_min.map(Price::cents),
            price_max_cents: price_max.map(Price::cents),
            free: q.free,
            search: q.search,
            favorite_of: None,
        };
        let mut conn = self.db.read_lagging().await?;
        let (mut items, total) =
            listing::list_published(&mut conn, &filter, sort, page.limit(), page.offset()).await?;
        let languages = localize(&mut conn, &mut items, accept_language).await?;
        Ok(CourseListing {
            page: Page::new(items, total, page).convert(),
            languages,
        })
    }

    /// The most enrolled published courses (at most 50), their texts in the best language
    /// of `accept_language` each course has, and the languages of the list.
    pub async fn popular_courses(
        &self,
        limit: Option<u32>,
        accept_language: Option<&str>,
    ) -> Result<(Vec<CourseEntry>, Vec<String>), AppError> {
        let limit = i64::from(limit.unwrap_or(10).clamp(1, 50));
        let mut conn = self.db.read_lagging().await?;
        let (mut items, _) = listing::list_published(
            &mut conn,
            &CourseFilter::default(),
            CourseSort::Popularity,
            limit,
            0,
        )
        .await?;
        let languages = localize(&mut conn, &mut items, accept_language).await?;
        Ok((items.into_iter().map(Into::into).collect(), languages))
    }
}
