//! The cache of the public catalog reads (`GET /courses`, `GET /courses/{slug}` as the
//! public sees it, `GET /courses/popular`): the catalog context's state. The reads that
//! use it, their typed keys and [`crate::App::catalog_changed`] are in
//! `catalog/public_pages.rs`; nothing else reads or fills it.
//!
//! Keys are typed: a read passes its request as a `Serialize` value and the key is its
//! serialized form, so every field of the request is in the key by construction.
//!
//! Invalidation by **generation**: every key contains the catalog's current generation
//! number; a write that changes what those reads return bumps the generation after its
//! transaction commits ([`CatalogCache::invalidate`], through `App::catalog_changed`), so
//! the very next read on any process looks under a new key and recomputes. Nothing is ever
//! deleted: old generations age out (TTL, size bound).
//!
//! Two tiers: an in-process `moka` cache always, and, when a [`SharedCache`] (Redis) is
//! configured, the shared tier where the generation counter also lives — each read then
//! costs one cheap `GET` of the generation, which makes invalidation visible to every
//! process at once. When the shared cache fails, reads bypass the cache (they go to the
//! database: correct, only slower), the failure is logged once and counted.
//!
//! Only public, caller-independent answers may be cached: the callers decide.

use std::{
    future::Future,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use bytes::Bytes;
use practicum_store::catalog::search_totals::SearchTotals;
use serde::Serialize;

use crate::ports::BoxFuture;

/// A failure of the shared cache (its message, for logs and readiness).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct CacheError(pub String);

/// The shared tier (Redis in production): a generation counter and byte values with a TTL.
/// Implementations must time out rather than hang.
pub trait SharedCache: Send + Sync + 'static {
    /// The current value of the counter `key` (created when missing, with a value no
    /// earlier generation had).
    fn generation<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<u64, CacheError>>;
    /// Increments the counter `key`; returns the new value.
    fn bump<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<u64, CacheError>>;
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, CacheError>>;
    fn put<'a>(
        &'a self,
        key: &'a str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), CacheError>>;
    /// Whether the shared cache answers (for `/health/ready`).
    fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>>;
}

/// The cached reads, named in metrics (`cache` label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheName {
    CourseList,
    CourseDetail,
    PopularCourses,
}

impl CacheName {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheName::CourseList => "courses_list",
            CacheName::CourseDetail => "course_detail",
            CacheName::PopularCourses => "courses_popular",
        }
    }
}

/// A cached answer: the caller's rendering of the use-case's result (opaque bytes: the
/// API's JSON), the languages of its texts and the course it shows, if one (for the view
/// counter, which counts hits too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedPage {
    pub body: Bytes,
    pub languages: Vec<String>,
    pub course_id: Option<i64>,
}

impl CachedPage {
    /// `course id \n languages \n body` for the shared tier (languages are tags: no
    /// comma, no line break).
    fn encode(&self) -> Vec<u8> {
        let id = self.course_id.map(|id| id.to_string()).unwrap_or_default();
        let languages = self.languages.join(",");
        let mut out = Vec::with_capacity(id.len() + languages.len() + 2 + self.body.len());
        out.extend_from_slice(id.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(languages.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.body);
        out
    }

    fn decode(bytes: Vec<u8>) -> Option<Self> {
        let first = bytes.iter().position(|b| *b == b'\n')?;
        let second = first + 1 + bytes[first + 1..].iter().position(|b| *b == b'\n')?;
        let id = std::str::from_utf8(&bytes[..first]).ok()?;
        let course_id = if id.is_empty() {
            None
        } else {
            Some(id.parse().ok()?)
        };
        let languages = std::str::from_utf8(&bytes[first + 1..second]).ok()?;
        let languages = languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let body = Bytes::from(bytes).slice(second + 1..);
        Some(Self {
            body,
            languages,
            course_id,
        })
    }
}

/// How the cache behaves (from settings).
#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// `false` computes every read (for benchmarks and debugging).
    pub enabled: bool,
    /// Prefix of every shared key, so that deployments (and tests) sharing one Redis do
    /// not collide.
    pub prefix: String,
    /// How long an entry lives (both tiers); invalidation does not wait for it.
    pub ttl: Duration,
    /// Size bound of the in-process tier, in bytes of bodies.
    pub local_max_bytes: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            prefix: "practicum".into(),
            ttl: Duration::from_secs(300),
            local_max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The catalog cache; cheap to clone (shared state).
#[derive(Clone)]
pub struct CatalogCache {
    inner: Arc<Inner>,
}

struct Inner {
    config: CacheConfig,
    local: moka::future::Cache<String, CachedPage>,
    /// The generation when there is no shared tier.
    local_generation: AtomicU64,
    shared: Option<Arc<dyn SharedCache>>,
    generation_key: String,
    /// A bump that failed: until it succeeds this process must not trust the shared
    /// generation (other processes may serve stale pages; the TTL bounds that).
    pending_bump: AtomicBool,
    /// The shared tier failed and this was logged; cleared when it works again.
    degraded: AtomicBool,
    /// The totals of SQLite's searches, each with the search index's version it was
    /// counted at. Not a cache of answers: each page's statement checks the version and
    /// counts again when it moved (ADR 0064), so it is kept whether or not pages are
    /// cached.
    search_totals: SearchTotals,
}

impl std::fmt::Debug for CatalogCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogCache")
            .field("config", &self.inner.config)
            .field("shared", &self.inner.shared.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for CatalogCache {
    fn default() -> Self {
        Self::new(CacheConfig::default(), None)
    }
}

/// The state of the cache for `/health/ready`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheHealth {
    Disabled,
    /// In-process only.
    Local,
    /// The shared tier answers.
    SharedOk,
    SharedError(String),
}

impl CatalogCache {
    pub fn new(config: CacheConfig, shared: Option<Arc<dyn SharedCache>>) -> Self {
        let local = moka::future::Cache::builder()
            .max_capacity(config.local_max_bytes.max(1024))
            .weigher(|k: &String, v: &CachedPage| {
                u32::try_from(k.len() + v.body.len() + 64).unwrap_or(u32::MAX)
            })
            .time_to_live(config.ttl.max(Duration::from_secs(1)))
            .build();
        let generation_key = format!("{}:catalog:generation", config.prefix);
        Self {
            inner: Arc::new(Inner {
                config,
                local,
                local_generation: AtomicU64::new(0),
                shared,
                generation_key,
                pending_bump: AtomicBool::new(false),
                degraded: AtomicBool::new(false),
                search_totals: SearchTotals::default(),
            }),
        }
    }

    pub fn config(&self) -> &CacheConfig {
        &self.inner.config
    }

    /// The totals of SQLite's searches by the version of the index they were counted at
    /// (`listing::list_published_cards`).
    pub(crate) fn search_totals(&self) -> &SearchTotals {
        &self.inner.search_totals
    }

    pub fn is_shared(&self) -> bool {
        self.inner.shared.is_some()
    }

    /// Makes every cached catalog read stale, on every process. Call it after the
    /// transaction that changed the catalog committed (never before: a read between the
    /// bump and the commit would cache the old state under the new generation).
    pub async fn invalidate(&self) {
        self.inner.local_generation.fetch_add(1, Ordering::SeqCst);
        if let Some(shared) = &self.inner.shared {
            match shared.bump(&self.inner.generation_key).await {
                Ok(_) => {
                    self.inner.pending_bump.store(false, Ordering::SeqCst);
                    self.recovered();
                }
                Err(e) => {
                    self.inner.pending_bump.store(true, Ordering::SeqCst);
                    self.failed("invalidate", &e);
                }
            }
        }
    }

    /// The current generation; `None` when it cannot be known (then do not cache).
    async fn generation(&self) -> Option<u64> {
        let Some(shared) = &self.inner.shared else {
            return Some(self.inner.local_generation.load(Ordering::SeqCst));
        };
        if self.inner.pending_bump.load(Ordering::SeqCst) {
            match shared.bump(&self.inner.generation_key).await {
                Ok(g) => {
                    self.inner.pending_bump.store(false, Ordering::SeqCst);
                    self.recovered();
                    return Some(g);
                }
                Err(e) => {
                    self.failed("generation", &e);
                    return None;
                }
            }
        }
        match shared.generation(&self.inner.generation_key).await {
            Ok(g) => {
                self.recovered();
                Some(g)
            }
            Err(e) => {
                self.failed("generation", &e);
                None
            }
        }
    }

    /// The cached answer for `key` of `name`, or `compute`'s. The key is `key`'s serialized
    /// form (give it the whole typed request: every field is then part of the key).
    /// `compute` returns the page and whether it may be cached (only public,
    /// caller-independent pages may); errors are never cached.
    pub async fn get_or_compute<K, F, Fut, E>(
        &self,
        name: CacheName,
        key: &K,
        compute: F,
    ) -> Result<CachedPage, E>
    where
        K: Serialize + ?Sized,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(CachedPage, bool), E>>,
    {
        if !self.inner.config.enabled {
            return compute().await.map(|(page, _)| page);
        }
        let key = match serde_json::to_string(key) {
            Ok(key) => key,
            Err(e) => {
                tracing::error!(cache = name.as_str(), error = %e, "a catalog cache key does not serialize; not cached");
                return compute().await.map(|(page, _)| page);
            }
        };
        let Some(generation) = self.generation().await else {
            metrics::counter!("cache_errors_total", "cache" => name.as_str()).increment(1);
            return compute().await.map(|(page, _)| page);
        };
        let full_key = format!(
            "{}:catalog:{generation}:{}:{key}",
            self.inner.config.prefix,
            name.as_str()
        );
        if let Some(page) = self.inner.local.get(&full_key).await {
            count_hit(name, "local");
            return Ok(page);
        }
        if let Some(shared) = &self.inner.shared {
            match shared.get(&full_key).await {
                Ok(Some(bytes)) => {
                    if let Some(page) = CachedPage::decode(bytes) {
                        self.inner.local.insert(full_key, page.clone()).await;
                        count_hit(name, "shared");
                        return Ok(page);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    metrics::counter!("cache_errors_total", "cache" => name.as_str()).increment(1);
                    self.failed("get", &e);
                }
            }
        }
        metrics::counter!("cache_misses_total", "cache" => name.as_str()).increment(1);
        let (page, cacheable) = compute().await?;
        if cacheable {
            self.inner
                .local
                .insert(full_key.clone(), page.clone())
                .await;
            if let Some(shared) = &self.inner.shared {
                if let Err(e) = shared
                    .put(&full_key, page.encode(), self.inner.config.ttl)
                    .await
                {
                    metrics::counter!("cache_errors_total", "cache" => name.as_str()).increment(1);
                    self.failed("put", &e);
                }
            }
        }
        Ok(page)
    }

    /// For `/health/ready`.
    pub async fn health(&self) -> CacheHealth {
        if !self.inner.config.enabled {
            return CacheHealth::Disabled;
        }
        match &self.inner.shared {
            None => CacheHealth::Local,
            Some(shared) => match shared.ping().await {
                Ok(()) => CacheHealth::SharedOk,
                Err(e) => CacheHealth::SharedError(e.0),
            },
        }
    }

    fn failed(&self, operation: &str, e: &CacheError) {
        if !self.inner.degraded.swap(true, Ordering::SeqCst) {
            tracing::warn!(operation, error = %e, "the shared catalog cache failed; reads go to the database until it answers again");
        }
    }

    fn recovered(&self) {
        if self.inner.degraded.swap(false, Ordering::SeqCst) {
            tracing::info!("the shared catalog cache answers again");
        }
    }
}

fn count_hit(name: CacheName, tier: &'static str) {
    metrics::counter!("cache_hits_total", "cache" => name.as_str(), "tier" => tier).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn page(s: &str) -> CachedPage {
        CachedPage {
            body: Bytes::from(s.to_owned()),
            languages: vec!["en".into()],
            course_id: None,
        }
    }

    #[test]
    fn pages_round_trip_through_the_shared_encoding() {
        let p = page("{\"a\":\"x\ny\"}");
        assert_eq!(CachedPage::decode(p.encode()), Some(p));
        let course = CachedPage {
            body: Bytes::from_static(b"{\"course_id\":7}\n"),
            languages: vec!["de".into(), "pt-BR".into()],
            course_id: Some(7),
        };
        assert_eq!(CachedPage::decode(course.encode()), Some(course));
        let none = CachedPage {
            body: Bytes::from_static(b"[]"),
            languages: Vec::new(),
            course_id: None,
        };
        assert_eq!(CachedPage::decode(none.encode()), Some(none));
    }

    #[tokio::test]
    async fn a_bump_makes_the_next_read_recompute() {
        let cache = CatalogCache::default();
        let calls = AtomicUsize::new(0);
        let read = |v: &'static str| {
            let calls = &calls;
            let cache = cache.clone();
            async move {
                cache
                    .get_or_compute(CacheName::CourseList, "k", || async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        Ok::<_, ()>((page(v), true))
                    })
                    .await
            }
        };
        assert_eq!(read("one").await, Ok(page("one")));
        assert_eq!(read("two").await, Ok(page("one")));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        cache.invalidate().await;
        assert_eq!(read("three").await, Ok(page("three")));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn uncacheable_pages_and_a_disabled_cache_always_compute() {
        let cache = CatalogCache::default();
        for v in ["a", "b"] {
            let got = cache
                .get_or_compute(CacheName::CourseDetail, "k", || async {
                    Ok::<_, ()>((page(v), false))
                })
                .await;
            assert_eq!(got, Ok(page(v)));
        }
        let off = CatalogCache::new(
            CacheConfig {
                enabled: false,
                ..CacheConfig::default()
            },
            None,
        );
        for v in ["a", "b"] {
            let got = off
                .get_or_compute(CacheName::CourseDetail, "k", || async {
                    Ok::<_, ()>((page(v), true))
                })
                .await;
            assert_eq!(got, Ok(page(v)));
        }
    }

    struct Broken;
    impl SharedCache for Broken {
        fn generation<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<u64, CacheError>> {
            Box::pin(async { Err(CacheError("down".into())) })
        }
        fn bump<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<u64, CacheError>> {
            Box::pin(async { Err(CacheError("down".into())) })
        }
        fn get<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, CacheError>> {
            Box::pin(async { Err(CacheError("down".into())) })
        }
        fn put<'a>(
            &'a self,
            _: &'a str,
            _: Vec<u8>,
            _: Duration,
        ) -> BoxFuture<'a, Result<(), CacheError>> {
            Box::pin(async { Err(CacheError("down".into())) })
        }
        fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>> {
            Box::pin(async { Err(CacheError("down".into())) })
        }
    }

    #[tokio::test]
    async fn a_broken_shared_tier_falls_back_to_computing() {
        let cache = CatalogCache::new(CacheConfig::default(), Some(Arc::new(Broken)));
        for v in ["a", "b"] {
            let got = cache
                .get_or_compute(CacheName::PopularCourses, "k", || async {
                    Ok::<_, ()>((page(v), true))
                })
                .await;
            assert_eq!(
                got,
                Ok(page(v)),
                "never served from a cache it cannot validate"
            );
        }
        cache.invalidate().await;
        assert_eq!(
            cache.health().await,
            CacheHealth::SharedError("down".into())
        );
    }
}
