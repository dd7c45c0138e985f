//! The public catalog reads served through the catalog cache (`GET /courses`,
//! `GET /courses/popular`, `GET /courses/{slug}`), and the one call a write makes after
//! commit to invalidate them.
//!
//! Page caching lives here and nowhere else: the key is the typed request serialized (a
//! new filter of [`CourseQuery`] is in the key by construction), the use-case decides
//! what may be cached (public, caller-independent answers only) and the entry carries
//! what the caller needs besides the body: the languages of the texts and the course
//! shown (for the view counter). The caller only renders the answer into bytes; the cache
//! keeps that rendering, so a hit costs no serialization.

use bytes::Bytes;
use practicum_domain::catalog::CourseStatus;
use practicum_store::Tx;
use serde::Serialize;

use super::{CatalogListing, CourseEntry, CourseQuery, CourseView};
use crate::{
    catalog_cache::{CacheName, CachedPage},
    identity::Actor,
    App, AppError, PageRequest,
};

/// Longest `Accept-Language` that is part of a cache key; a longer one bypasses the cache.
const MAX_CACHED_LANGUAGE_LEN: usize = 100;

/// The key of a `GET /courses` page: everything that changes the answer.
#[derive(Serialize)]
struct CourseListKey<'a> {
    query: &'a CourseQuery,
    /// As clamped.
    page: PageRequest,
    language: String,
}

/// The key of `GET /courses/popular`.
#[derive(Serialize)]
struct PopularKey {
    /// As clamped.
    limit: u32,
    language: String,
}

/// The key of `GET /courses/{slug}` (cached only when the course is published).
#[derive(Serialize)]
struct CourseKey<'a> {
    slug: &'a str,
    language: String,
}

impl App {
    /// [`App::browse_courses`] through the cache; `render` turns the listing into the
    /// body that is cached.
    pub async fn course_list_page(
        &self,
        query: CourseQuery,
        page: PageRequest,
        accept_language: Option<&str>,
        render: impl FnOnce(CatalogListing) -> Result<Bytes, AppError>,
    ) -> Result<CachedPage, AppError> {
        let key = CourseListKey {
            query: &query,
            page,
            language: language_key(accept_language),
        };
        self.public_read(
            CacheName::CourseList,
            &key,
            accept_language,
            Sharing::SameForAll,
            || async {
                let listing = self
                    .browse_courses(query.clone(), page, accept_language)
                    .await?;
                let languages = listing.languages.clone();
                Ok((listed(render(listing)?, languages), true))
            },
        )
        .await
    }

    /// [`App::popular_courses`] through the cache; `render` turns the courses into the body
    /// that is cached.
    pub async fn popular_page(
        &self,
        limit: Option<u32>,
        accept_language: Option<&str>,
        render: impl FnOnce(Vec<CourseEntry>) -> Result<Bytes, AppError>,
    ) -> Result<CachedPage, AppError> {
        let limit = limit.unwrap_or(10).clamp(1, 50);
        let key = PopularKey {
            limit,
            language: language_key(accept_language),
        };
        self.public_read(
            CacheName::PopularCourses,
            &key,
            accept_language,
            Sharing::SameForAll,
            || async {
                let (courses, languages) =
                    self.popular_courses(Some(limit), accept_language).await?;
                Ok((listed(render(courses)?, languages), true))
            },
        )
        .await
    }

    /// [`App::course_details`] through the cache; `render` turns the course into the body.
    /// The page names the course it shows (`course_id`), also on a hit, for the view
    /// counter. A published course reads the same for everyone, so its page is cached
    /// whoever asked; any other status is seen only by its teacher and staff: never cached.
    pub async fn course_page(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
        accept_language: Option<&str>,
        render: impl FnOnce(CourseView) -> Result<Bytes, AppError>,
    ) -> Result<CachedPage, AppError> {
        let key = CourseKey {
            slug,
            language: language_key(accept_language),
        };
        self.public_read(
            CacheName::CourseDetail,
            &key,
            accept_language,
            Sharing::PerCaller,
            || async {
                let view = self.course_details(viewer, slug, accept_language).await?;
                let public = view.course.status == CourseStatus::Published;
                let course_id = view.course.id;
                let languages = vec![view.language.clone()];
                let page = CachedPage {
                    body: render(view)?,
                    languages,
                    course_id: Some(course_id),
                };
                Ok((page, public))
            },
        )
        .await
    }

    /// Call after a committed write that changes what the public catalog reads return
    /// (courses, their outline or texts, taxonomy, enrollment counts, ratings, teacher
    /// names): every process recomputes them on their next read.
    pub async fn catalog_changed(&self) {
        self.catalog.invalidate().await;
    }

    /// Commits a write that changes what the public catalog reads return, then drops the
    /// cached pages ([`App::catalog_changed`]): never before the commit, or a read in
    /// between would cache the old state again.
    pub(crate) async fn commit_catalog_change(&self, tx: Tx) -> Result<(), AppError> {
        tx.commit().await?;
        self.catalog_changed().await;
        Ok(())
    }

    /// Serves a public read through the catalog cache; a page the same for every caller of
    /// its key is computed once for the concurrent requests that wait for it (ADR 0066). An
    /// `Accept-Language` too long to be a sensible key bypasses both.
    async fn public_read<K, F, Fut>(
        &self,
        name: CacheName,
        key: &K,
        accept_language: Option<&str>,
        sharing: Sharing,
        compute: F,
    ) -> Result<CachedPage, AppError>
    where
        K: Serialize,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(CachedPage, bool), AppError>>,
    {
        if accept_language.is_some_and(|l| l.len() > MAX_CACHED_LANGUAGE_LEN) {
            return compute().await.map(|(page, _)| page);
        }
        // A page that will be cached is read from the primary even with a replica: a write
        // invalidates it, and refilling it from a replica that is behind would cache the
        // old page for the whole TTL.
        let shared_key = (sharing == Sharing::SameForAll)
            .then(|| serde_json::to_string(key).ok())
            .flatten()
            .map(|k| format!("{}:{k}", name.as_str()));
        self.catalog
            .get_or_compute(name, key, || {
                practicum_store::routing::with_primary_reads(async move {
                    match shared_key {
                        Some(k) => self.catalog_pages.run(k, compute).await,
                        None => compute().await,
                    }
                })
            })
            .await
    }
}

/// Whether a page reads the same for every caller of its key, so that concurrent requests
/// may share its computation (ADR 0066).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sharing {
    /// A list of published courses.
    SameForAll,
    /// A single course: its teacher and staff may see it unpublished.
    PerCaller,
}

/// A page of a list: no single course.
fn listed(body: Bytes, languages: Vec<String>) -> CachedPage {
    CachedPage {
        body,
        languages,
        course_id: None,
    }
}

/// The `Accept-Language` part of a cache key: lower case, without spaces; `-` for none.
fn language_key(lang: Option<&str>) -> String {
    lang.map_or_else(
        || "-".to_owned(),
        |l| {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect()
        },
    )
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::catalog_cache::CatalogCache;

    /// The query with no filter, then one query per filter with only that filter set.
    /// The literal names every field (no `..`), so a new filter does not compile here
    /// until it has a value, and the count check fails until it has a case.
    fn one_filter_each() -> Vec<(&'static str, CourseQuery)> {
        let set = CourseQuery {
            category: Some("rust".into()),
            tag: Some("async".into()),
            teacher: Some(7),
            price_min: Some(5.0),
            price_max: Some(5.0),
            free: Some(false),
            search: Some("rust".into()),
            sort: Some("rating".into()),
        };
        macro_rules! only {
            ($field:ident) => {
                (
                    stringify!($field),
                    CourseQuery {
                        $field: set.$field.clone(),
                        ..CourseQuery::default()
                    },
                )
            };
        }
        let cases = vec![
            ("none", CourseQuery::default()),
            only!(category),
            only!(tag),
            only!(teacher),
            only!(price_min),
            only!(price_max),
            only!(free),
            only!(search),
            only!(sort),
        ];
        let fields = serde_json::to_value(&set)
            .ok()
            .and_then(|v| v.as_object().map(serde_json::Map::len));
        assert_eq!(Some(cases.len() - 1), fields, "one case per filter");
        cases
    }

    #[tokio::test]
    async fn queries_differing_in_one_filter_never_share_an_entry() {
        let cache = CatalogCache::default();
        let computed = AtomicUsize::new(0);
        let page = PageRequest::new(None, None);
        let cases = one_filter_each();
        // Twice over: the second round is all hits, so each query had an entry of its own.
        for round in 0..2 {
            for (field, query) in &cases {
                let key = CourseListKey {
                    query,
                    page,
                    language: language_key(None),
                };
                let got = cache
                    .get_or_compute(CacheName::CourseList, &key, || async {
                        computed.fetch_add(1, Ordering::SeqCst);
                        Ok::<_, ()>((listed(Bytes::from(*field), Vec::new()), true))
                    })
                    .await;
                assert_eq!(
                    got.map(|p| p.body),
                    Ok(Bytes::from(*field)),
                    "round {round}: the query with only {field} set got another query's page"
                );
            }
        }
        assert_eq!(computed.load(Ordering::SeqCst), cases.len());
    }

    #[test]
    fn the_page_and_the_language_are_in_the_list_key() {
        let query = CourseQuery::default();
        let key = |page: PageRequest, lang: Option<&str>| {
            serde_json::to_string(&CourseListKey {
                query: &query,
                page,
                language: language_key(lang),
            })
            .ok()
        };
        let first = key(PageRequest::new(None, None), None);
        assert_ne!(first, key(PageRequest::new(Some(2), None), None));
        assert_ne!(first, key(PageRequest::new(None, Some(5)), None));
        assert_ne!(first, key(PageRequest::new(None, None), Some("de")));
        // Normalized: the same preference written differently is one entry.
        assert_eq!(
            key(PageRequest::new(None, None), Some("de, EN;q=0.5")),
            key(PageRequest::new(None, None), Some("de,en;q=0.5")),
        );
    }
}
