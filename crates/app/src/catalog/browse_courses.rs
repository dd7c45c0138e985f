//! The public catalog: published courses, filtered, searched, sorted, paginated.

use practicum_domain::{
    catalog::{negotiate_language, Price},
    identity::UserId,
    FieldErrors,
};
use practicum_store::{
    catalog::{
        cards,
        courses::CourseRecord,
        listing::{self, CourseFilter, CourseSort},
        translations::{self, CourseText},
    },
    Session,
};

use super::{course_cards::ListedCourse, CourseEntry};
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

/// A page of courses and the languages its texts are in (for `Content-Language`).
#[derive(Debug, Clone)]
pub struct CourseListing {
    pub page: Page<CourseEntry>,
    pub languages: Vec<String>,
}

/// A page of the catalog, mostly stored cards, and the languages its texts are in.
#[derive(Debug, Clone)]
pub struct CatalogListing {
    pub page: Page<ListedCourse>,
    pub languages: Vec<String>,
}

/// The language a course is shown in for `accept_language` among its own and those of
/// its translations in `texts`, and that translation when it is not the course's own.
fn choose<'t>(
    texts: &'t [CourseText],
    course_id: i64,
    own: &str,
    accept_language: Option<&str>,
) -> (String, Option<&'t CourseText>) {
    let mine: Vec<&CourseText> = texts.iter().filter(|t| t.course_id == course_id).collect();
    let mut available: Vec<&str> = mine.iter().map(|t| t.language.as_str()).collect();
    available.push(own);
    let chosen = negotiate_language(accept_language, &available, own);
    let text = mine.into_iter().find(|t| t.language == chosen);
    (chosen, text)
}

/// `course`'s title and description from `text`, when it is shown in that translation.
fn translate(course: &mut CourseRecord, text: Option<&CourseText>) {
    if let Some(t) = text {
        course.title = t.title.clone();
        course.description = t.description.clone();
    }
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
    let texts = match accept_language {
        Some(_) => {
            let ids: Vec<i64> = items.iter().map(|c| c.id).collect();
            translations::course_texts(s, &ids).await?
        }
        None => Vec::new(),
    };
    for course in items.iter_mut() {
        let (chosen, text) = choose(&texts, course.id, &course.language, accept_language);
        translate(course, text);
        if !languages.contains(&chosen) {
            languages.push(chosen);
        }
    }
    Ok(languages)
}

/// The catalog's filter and order for `q`, or the fields that are wrong.
fn catalog_filter(q: CourseQuery) -> Result<(CourseFilter, CourseSort), AppError> {
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
    Ok((filter, sort))
}

impl App {
    /// One query for the page of stored cards (ADR 0060); with `accept_language`, one
    /// more for the page's translations; and one for the courses shown from their tables
    /// instead (a stale card, or a title and description in a translation), if any.
    pub async fn browse_courses(
        &self,
        q: CourseQuery,
        page: PageRequest,
        accept_language: Option<&str>,
    ) -> Result<CatalogListing, AppError> {
        let (filter, sort) = catalog_filter(q)?;
        let mut conn = self.db.read_lagging().await?;
        let (found, total) = listing::list_published_cards(
            &mut conn,
            &filter,
            sort,
            page.limit(),
            page.offset(),
            self.catalog.search_totals(),
        )
        .await?;
        let texts = match accept_language {
            Some(_) => {
                let ids: Vec<i64> = found.iter().map(|c| c.course_id).collect();
                translations::course_texts(&mut conn, &ids).await?
            }
            None => Vec::new(),
        };
        let mut languages: Vec<String> = Vec::new();
        // Each course's card, or (stale card, or shown in a translation) the translation
        // it is shown in, if any, for reading it from its tables.
        let mut shown: Vec<(i64, Result<String, Option<&CourseText>>)> =
            Vec::with_capacity(found.len());
        let mut from_tables: Vec<i64> = Vec::new();
        for entry in found {
            let (chosen, text) = choose(&texts, entry.course_id, &entry.language, accept_language);
            let card = match (entry.card, text) {
                (Some(card), None) => Ok(card),
                (_, text) => {
                    from_tables.push(entry.course_id);
                    Err(text)
                }
            };
            shown.push((entry.course_id, card));
            if !languages.contains(&chosen) {
                languages.push(chosen);
            }
        }
        let mut records = cards::records(&mut conn, &from_tables).await?;
        let mut items = Vec::with_capacity(shown.len());
        for (id, card) in shown {
            match card {
                Ok(card) => items.push(ListedCourse::Card(card)),
                Err(text) => {
                    // A course deleted between the two statements drops out of the page.
                    let Some(at) = records.iter().position(|c| c.id == id) else {
                        continue;
                    };
                    let mut course = records.swap_remove(at);
                    translate(&mut course, text);
                    items.push(ListedCourse::Course(Box::new(course.into())));
                }
            }
        }
        Ok(CatalogListing {
            page: Page::new(items, total, page),
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
