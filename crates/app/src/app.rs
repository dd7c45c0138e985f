use std::sync::Arc;

use practicum_auth::{JwtKeys, PasswordHasher};
use practicum_domain::Clock;
use practicum_store::Db;
use tokio::sync::broadcast;

use crate::{
    ports::{LogMailer, Mailer, RandomSeeds, SeedSource},
    state::{
        catalog_cache::CatalogCache, dashboards::Dashboards, housekeeping::HousekeepingConfig,
        ml::Ml, ml::MlState, notification_hub::NotificationHub, notification_hub::NotifyState,
        predicted_classes::PredictedClasses, shared_pages::SharedPages, token_checks::TokenChecks,
        view_buffer::AnalyticsState, view_buffer::ViewBuffer,
    },
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
///
/// The fields are private to this crate: the shared effects (database, clock, keys,
/// mailer, seeds) and one small state per context (`state/`). Code outside `app` builds
/// an `App` with [`App::new`] and the `with_*` methods, and reads what it must through
/// the accessors below.
#[derive(Clone)]
pub struct App {
    pub(crate) db: Db,
    pub(crate) hasher: PasswordHasher,
    pub(crate) jwt: JwtKeys,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: Arc<AppConfig>,
    /// The e-mail transport of the outbox job ([`LogMailer`] unless configured).
    pub(crate) mailer: Arc<dyn Mailer>,
    /// The adaptive engine's seeds ([`RandomSeeds`] unless replaced).
    pub(crate) seeds: Arc<dyn SeedSource>,
    /// The catalog's state: the public catalog reads' cache, in-process only unless
    /// [`App::with_catalog_cache`] gives it a shared tier. Writes call
    /// `App::catalog_changed` after commit.
    pub(crate) catalog: CatalogCache,
    /// The catalog's public pages computed for concurrent identical requests at once
    /// (ADR 0066); kept when [`App::with_catalog_cache`] replaces the cache.
    pub(crate) catalog_pages: SharedPages,
    /// The analytics context's state: buffered course views, the live figures channel.
    pub(crate) analytics: AnalyticsState,
    /// The notify context's state: this process's live connections, the listener.
    pub(crate) notify: NotifyState,
    /// The ML context's state: the served model, the classes predicted.
    pub(crate) ml: MlState,
    /// The jobs context's state: retention and look-ahead of the housekeeping jobs.
    pub(crate) housekeeping: Arc<HousekeepingConfig>,
    /// The identity context's state: the token check of every authenticated request,
    /// shared between concurrent requests on PostgreSQL.
    pub(crate) token_checks: TokenChecks,
    /// The learning context's state: the learner's dashboard reads, shared between
    /// concurrent requests on PostgreSQL.
    pub(crate) dashboards: Dashboards,
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
            token_checks: TokenChecks::new(&db),
            dashboards: Dashboards::new(&db),
            db,
            hasher,
            jwt,
            clock,
            config: Arc::new(config),
            mailer: Arc::new(LogMailer),
            seeds: Arc::new(RandomSeeds),
            catalog: CatalogCache::default(),
            catalog_pages: SharedPages::default(),
            analytics: AnalyticsState::new(ViewBuffer::default()),
            notify: NotifyState::new(NotificationHub::new(64, 5)),
            ml: MlState::default(),
            housekeeping: Arc::new(HousekeepingConfig::default()),
        }
    }

    /// Uses this clock (tests move time by hand).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Uses these tunables.
    #[must_use]
    pub fn with_config(mut self, config: AppConfig) -> Self {
        self.config = Arc::new(config);
        self
    }

    /// Takes the adaptive engine's seeds from `seeds` (the simulation harness's
    /// reproducible runs).
    #[must_use]
    pub fn with_seeds(mut self, seeds: Arc<dyn SeedSource>) -> Self {
        self.seeds = seeds;
        self
    }

    /// Uses this catalog cache (configured, possibly shared between processes).
    #[must_use]
    pub fn with_catalog_cache(mut self, cache: CatalogCache) -> Self {
        self.catalog = cache;
        self
    }

    /// Buffers at most `capacity` course views between flushes.
    #[must_use]
    pub fn with_view_buffer(mut self, capacity: usize) -> Self {
        self.analytics.views = Arc::new(ViewBuffer::new(capacity));
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
        self.notify.hub = Arc::new(NotificationHub::new(buffer, max_per_user));
        self
    }

    #[must_use]
    pub fn with_housekeeping(mut self, config: HousekeepingConfig) -> Self {
        self.housekeeping = Arc::new(config);
        self
    }

    /// Serves a model (or explains why none is served) with these limits.
    #[must_use]
    pub fn with_ml(mut self, ml: Ml) -> Self {
        self.ml.serving = Arc::new(ml);
        self
    }

    /// The database (for wiring, jobs and tests; request handlers go through use-cases).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The password hasher (the load-test seeder hashes its one password with it).
    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    /// The token keys (write markers of read-your-writes).
    pub fn jwt(&self) -> &JwtKeys {
        &self.jwt
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    /// Course views waiting for their batch write.
    pub fn course_views(&self) -> &ViewBuffer {
        &self.analytics.views
    }

    /// A receiver of the ids of courses whose figures an analytics refresh changed.
    pub fn analytics_updates(&self) -> broadcast::Receiver<i64> {
        self.analytics.live.subscribe()
    }

    /// This process's live WebSocket connections, per user.
    pub fn notification_hub(&self) -> &Arc<NotificationHub> {
        &self.notify.hub
    }

    /// The served model and the limits of `/ml/forward`.
    pub fn ml(&self) -> &Ml {
        &self.ml.serving
    }

    /// Top-1 classes predicted by this process (for `/metrics`).
    pub fn predicted_classes(&self) -> &PredictedClasses {
        &self.ml.predicted
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// A new attempt's (or assignment's) seed: stored, so the draw can be replayed.
    pub(crate) fn new_seed(&self) -> u64 {
        self.seeds.next_seed()
    }
}
