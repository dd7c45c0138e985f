use std::sync::Arc;

use practicum_auth::{JwtKeys, PasswordHasher};
use practicum_domain::Clock;
use practicum_store::Db;
use tokio::sync::watch;

use crate::{
    jobs::HousekeepingConfig,
    notify::NotificationHub,
    ports::{LogMailer, Mailer},
};

/// Tunables the use-cases need (a slice of the server's settings).
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
    pub reset_ttl_secs: i64,
    /// Base URL of the web client, for links in e-mails.
    pub public_base_url: String,
    /// Development only: also write password-reset links to the log.
    pub log_reset_links: bool,
    /// `GET /courses/top-rated` lists courses with at least this many visible reviews.
    pub top_rated_min_reviews: i64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            access_ttl_secs: 15 * 60,
            refresh_ttl_secs: 30 * 24 * 3600,
            reset_ttl_secs: 3600,
            public_base_url: "http://localhost:8000".into(),
            log_reset_links: false,
            top_rated_min_reviews: 10,
        }
    }
}

/// Everything use-cases need, cheap to clone. Each use-case is a method in its own file
/// under the context's module (`identity/register_user.rs` …).
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub hasher: PasswordHasher,
    pub jwt: JwtKeys,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<AppConfig>,
    /// The image classifier and its limits; "not configured" unless [`App::with_ml`].
    pub ml: Arc<crate::ml::Ml>,
    /// Top-1 classes predicted by this process (for `/metrics`).
    pub predicted_classes: Arc<crate::ml::PredictedClasses>,
    /// The public catalog reads' cache; in-process only unless [`App::with_catalog_cache`]
    /// gives it a shared tier. Writes call [`App::catalog_changed`] after commit.
    pub catalog_cache: crate::catalog_cache::CatalogCache,
    /// Course views waiting to be written in a batch (see `analytics::ViewBuffer`).
    pub views: Arc<crate::analytics::ViewBuffer>,
    /// This process's live WebSocket connections, per user.
    pub hub: Arc<NotificationHub>,
    /// The e-mail transport of the outbox job ([`LogMailer`] unless configured).
    pub mailer: Arc<dyn Mailer>,
    /// Retention and look-ahead of the housekeeping jobs.
    pub housekeeping: Arc<HousekeepingConfig>,
    /// The adaptive engine's seeds ([`crate::ports::RandomSeeds`] unless replaced).
    pub seeds: Arc<dyn crate::ports::SeedSource>,
    /// Ids of the courses whose figures an analytics refresh changed (fed after commit on
    /// SQLite, by the listener on PostgreSQL): live `/ws` subscribers get updates.
    pub analytics_live: Arc<tokio::sync::broadcast::Sender<i64>>,
    /// `None`: no notification listener in this process; else whether it is connected.
    pub(crate) listener_state: Arc<watch::Sender<Option<bool>>>,
}

impl App {
    pub fn new(
        db: Db,
        hasher: PasswordHasher,
        jwt: JwtKeys,
        clock: Arc<dyn Clock>,
        config: AppConfig,
    ) -> Self {
        Self {
            db,
            hasher,
            jwt,
            clock,
            config: Arc::new(config),
            ml: Arc::new(crate::ml::Ml::default()),
            predicted_classes: Arc::default(),
            catalog_cache: crate::catalog_cache::CatalogCache::default(),
            views: Arc::new(crate::analytics::ViewBuffer::default()),
            hub: Arc::new(NotificationHub::new(64, 5)),
            mailer: Arc::new(LogMailer),
            housekeeping: Arc::new(HousekeepingConfig::default()),
            seeds: Arc::new(crate::ports::RandomSeeds),
            analytics_live: Arc::new(tokio::sync::broadcast::channel(1024).0),
            listener_state: Arc::new(watch::channel(None).0),
        }
    }

    /// Takes the adaptive engine's seeds from `seeds` (the simulation harness's
    /// reproducible runs).
    #[must_use]
    pub fn with_seeds(mut self, seeds: Arc<dyn crate::ports::SeedSource>) -> Self {
        self.seeds = seeds;
        self
    }

    /// Uses this catalog cache (configured, possibly shared between processes).
    #[must_use]
    pub fn with_catalog_cache(mut self, cache: crate::catalog_cache::CatalogCache) -> Self {
        self.catalog_cache = cache;
        self
    }

    /// Buffers at most `capacity` course views between flushes.
    #[must_use]
    pub fn with_view_buffer(mut self, capacity: usize) -> Self {
        self.views = Arc::new(crate::analytics::ViewBuffer::new(capacity));
        self
    }

    /// Uses `mailer` for outgoing e-mail.
    #[must_use]
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> Self {
        self.mailer = mailer;
        self
    }

    /// Live-connection limits: `buffer` messages a connection may lag behind before it
    /// is dropped, `max_per_user` connections per user in this process.
    #[must_use]
    pub fn with_live_limits(mut self, buffer: usize, max_per_user: usize) -> Self {
        self.hub = Arc::new(NotificationHub::new(buffer, max_per_user));
        self
    }

    #[must_use]
    pub fn with_housekeeping(mut self, config: HousekeepingConfig) -> Self {
        self.housekeeping = Arc::new(config);
        self
    }

    /// Serves a model (or explains why none is served) with these limits.
    #[must_use]
    pub fn with_ml(mut self, ml: crate::ml::Ml) -> Self {
        self.ml = Arc::new(ml);
        self
    }

    /// The public catalog reads' cache.
    pub fn catalog_cache(&self) -> &crate::catalog_cache::CatalogCache {
        &self.catalog_cache
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// A new attempt's (or assignment's) seed: stored, so the draw can be replayed.
    pub(crate) fn new_seed(&self) -> u64 {
        self.seeds.next_seed()
    }
}
