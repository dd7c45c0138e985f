//! Builds the application from settings: database, hashing, tokens, router.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use practicum_api::{middleware::security_headers::SecurityHeadersConfig, ApiConfig, ApiState};
use practicum_app::catalog_cache::{CacheConfig, CatalogCache, SharedCache};
use practicum_app::{
    jobs::{HousekeepingConfig, JobRegistry, JobsConfig, Worker},
    ml::{Ml, MlLimits},
    App, AppConfig, Db, DbOptions, HashCost, PasswordHasher,
};
use practicum_auth::JwtKeys;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;

use crate::redis_cache::RedisCache;

use crate::settings::{Environment, Settings};

pub async fn connect(settings: &Settings) -> anyhow::Result<Db> {
    let options = DbOptions {
        max_connections: settings.db_max_connections,
        acquire_timeout: Duration::from_secs(settings.db_acquire_timeout_secs.max(1)),
        sqlite_busy_timeout: Duration::from_secs(10),
        slow_query: (settings.db_slow_query_ms > 0)
            .then(|| Duration::from_millis(settings.db_slow_query_ms)),
        read_url: settings
            .database_read_url
            .as_ref()
            .map(|u| u.0.trim().to_owned())
            .filter(|u| !u.is_empty()),
    };
    Db::connect(&settings.database_url.0, &options)
        .await
        .with_context(|| format!("cannot connect to {:?}", settings.database_url))
}

/// The use-case layer configured from settings. `resolve_secrets` must have run.
pub fn build_app(settings: &Settings, db: Db) -> anyhow::Result<App> {
    let cost = HashCost {
        memory_kib: settings.password_hash_memory_kib,
        iterations: settings.password_hash_iterations,
        parallelism: 1,
    };
    let hasher = PasswordHasher::new(cost, settings.password_hash_max_concurrency)
        .context("invalid PASSWORD_HASH_* settings")?;
    let secret: &SecretString = settings
        .jwt_secret
        .as_ref()
        .context("JWT_SECRET was not resolved")?;
    let config = AppConfig {
        access_ttl_secs: settings.access_ttl_secs(),
        refresh_ttl_secs: settings.jwt_refresh_ttl_days.max(1) * 86_400,
        reset_ttl_secs: 3600,
        public_base_url: settings.public_base_url.trim_end_matches('/').to_owned(),
        log_reset_links: settings.app_env == Environment::Development,
        top_rated_min_reviews: settings.top_rated_min_reviews.max(1),
    };
    let ml = Ml {
        model: Ml::default().model,
        limits: MlLimits {
            max_image_bytes: settings.ml_max_image_bytes.max(1),
            max_images_per_request: settings.ml_max_images_per_request.max(1),
            admin_token: settings.admin_token.clone(),
        },
    };
    let mut app = App::new(
        db,
        hasher,
        JwtKeys::new(secret),
        Arc::new(practicum_app::ports::SystemClock),
        config,
    )
    .with_ml(ml)
    .with_catalog_cache(catalog_cache(settings)?)
    .with_view_buffer(settings.analytics_view_buffer)
    .with_live_limits(settings.ws_buffer, settings.ws_max_connections_per_user)
    .with_housekeeping(HousekeepingConfig {
        history_retention: Duration::from_secs(settings.history_retention_days.max(1) * 86_400),
        partition_months_ahead: settings.partition_months_ahead,
        ..HousekeepingConfig::default()
    });
    if let Some(url) = &settings.smtp_url {
        app = app.with_mailer(Arc::new(crate::mailer::SmtpMailer::new(
            url.expose_secret(),
            &settings.smtp_from,
        )?));
    }
    Ok(app)
}

/// The catalog cache: in-process, plus the Redis tier when `REDIS_URL` is set.
pub fn catalog_cache(settings: &Settings) -> anyhow::Result<CatalogCache> {
    let config = CacheConfig {
        enabled: settings.cache_enabled,
        prefix: settings.cache_prefix(),
        ttl: Duration::from_secs(settings.cache_ttl_secs.max(1)),
        local_max_bytes: settings.cache_local_max_mb.max(1) * 1024 * 1024,
    };
    let shared: Option<Arc<dyn SharedCache>> = match &settings.redis_url {
        Some(url) if settings.cache_enabled => Some(Arc::new(
            RedisCache::new(url.expose_secret()).context("invalid REDIS_URL")?,
        )),
        _ => None,
    };
    Ok(CatalogCache::new(config, shared))
}

/// Writes the buffered course views every `ANALYTICS_VIEW_FLUSH_SECS` seconds until the
/// process stops (see `practicum_app::analytics::ViewBuffer`).
pub fn spawn_view_flusher(settings: &Settings, app: App) -> tokio::task::JoinHandle<()> {
    let every = Duration::from_secs(settings.analytics_view_flush_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = app.flush_course_views().await {
                tracing::warn!(error = %e, "course views could not be written; batch dropped");
            }
        }
    })
}

/// How often a server looks for stale catalog cards (ADR 0060). Until a card is rebuilt,
/// pages show its course from the tables: a wait costs speed, never correctness.
const CARD_BUILD_EVERY: Duration = Duration::from_secs(1);

/// Rebuilds stale catalog cards every [`CARD_BUILD_EVERY`] until the process stops. Every
/// process may run one: a card is stored only if its course has not changed since it was
/// read, whoever stores it.
pub fn spawn_card_builder(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CARD_BUILD_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match practicum_api::catalog::cards::build_course_cards(&app).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(cards = n, "catalog cards rebuilt"),
                Err(e) => {
                    tracing::warn!(error = %e, "catalog cards could not be rebuilt; pages read their courses from the tables meanwhile")
                }
            }
        }
    })
}

/// Every job kind this server runs. Other contexts add theirs here with one
/// `registry.register(kind, handler)` line.
pub fn job_registry() -> JobRegistry {
    let mut r = JobRegistry::with_builtins();
    r.register("calibrate_items", |app, _| async move {
        app.calibrate_items().await.map(drop)
    });
    r
}

/// The background tasks of `serve`: the notification listener (PostgreSQL), the job
/// workers and the periodic scheduler. Stopped by [`Background::shutdown`].
pub struct Background {
    stop: watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Background {
    pub fn start(app: &App, jobs: JobsConfig, registry: JobRegistry) -> Self {
        let (stop, rx) = watch::channel(false);
        let mut tasks = vec![tokio::spawn(
            app.clone().run_notification_listener(rx.clone()),
        )];
        let known = registry.kinds();
        for s in &jobs.schedules {
            if !known.contains(&s.kind.as_str()) {
                tracing::warn!(kind = %s.kind, "JOBS_SCHEDULES names a kind without a handler; its jobs will fail");
            }
        }
        if jobs.workers > 0 {
            let registry = Arc::new(registry);
            let jobs = Arc::new(jobs);
            let process = format!(
                "{}-{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            );
            for n in 0..jobs.workers {
                let worker = Worker::new(
                    app.clone(),
                    Arc::clone(&registry),
                    Arc::clone(&jobs),
                    format!("{process}-{n}"),
                );
                tasks.push(tokio::spawn(worker.run(rx.clone())));
            }
            tasks.push(tokio::spawn(app.clone().run_scheduler(
                jobs.schedules.clone(),
                jobs.max_attempts,
                jobs.poll_interval.max(Duration::from_secs(1)),
                rx,
            )));
        }
        Self { stop, tasks }
    }

    /// Asks every task to stop and waits (a job in progress finishes) up to `grace`.
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.stop.send(true);
        let all = futures::future::join_all(self.tasks);
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!("background tasks did not stop within {grace:?}; leaving them (their leases expire)");
        }
    }
}

/// Loads the model (once, off the async runtime) into an app built by [`build_app`].
pub async fn with_model(settings: &Settings, app: App) -> App {
    let model = crate::inference::load_model(settings).await;
    let limits = app.ml().limits.clone();
    app.with_ml(Ml { model, limits })
}

pub fn api_config(settings: &Settings) -> ApiConfig {
    ApiConfig {
        max_body_bytes: settings.max_body_bytes,
        request_timeout: settings.request_timeout(),
        cors_allowed_origins: settings.cors_origins(),
        trust_proxy_headers: settings.trust_proxy_headers,
        trusted_proxy_hops: settings.trusted_proxy_hops,
        auth_rate_limit_per_minute: settings.auth_rate_limit_per_minute,
        auth_account_rate_limit_per_minute: settings.auth_account_rate_limit_per_minute,
        auth_address_rate_limit_per_minute: settings.auth_address_rate_limit_per_minute,
        check_email_enabled: settings.check_email_enabled,
        security_headers: SecurityHeadersConfig {
            hsts_max_age_secs: settings.hsts_max_age(),
            page_csp: settings.content_security_policy.clone(),
        },
        metrics_token: settings.metrics_token.clone(),
        metrics_on_api: settings.metrics_bind.is_none(),
        ws_heartbeat: Duration::from_secs(settings.ws_heartbeat_secs.max(1)),
        session_cookie_secure: settings.session_cookie_secure(),
        read_your_writes: Duration::from_secs(settings.read_your_writes_secs.max(1)),
        write_rate_limit_per_minute: settings.write_rate_limit_per_minute,
        ml_rate_limit_per_minute: settings.ml_rate_limit_per_minute,
        rate_limit_prefix: settings.cache_prefix(),
        access_log: settings.access_log(),
    }
}

/// The API state: the per-user rate limits count in Redis when `REDIS_URL` is set
/// (shared by every process), in-process otherwise.
pub fn api_state(settings: &Settings, app: App) -> anyhow::Result<ApiState> {
    let shared: Option<Arc<dyn practicum_api::user_rate_limit::SharedCounters>> =
        match &settings.redis_url {
            Some(url) => Some(Arc::new(
                crate::redis_counters::RedisCounters::new(url.expose_secret())
                    .context("invalid REDIS_URL")?,
            )),
            None => None,
        };
    Ok(ApiState::with_shared_counters(
        app,
        api_config(settings),
        shared,
    ))
}

/// The full HTTP application.
pub fn build_router(app: App, config: ApiConfig) -> axum::Router {
    practicum_api::router(ApiState::new(app, config))
}

/// The full HTTP application with the per-user limits counted in `shared`.
pub fn build_router_with_counters(
    app: App,
    config: ApiConfig,
    shared: Arc<dyn practicum_api::user_rate_limit::SharedCounters>,
) -> axum::Router {
    practicum_api::router(ApiState::with_shared_counters(app, config, Some(shared)))
}
