//! Builds the application from settings: database, hashing, tokens, router.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use practicum_api::{ApiConfig, ApiState};
use practicum_app::catalog_cache::{CacheConfig, CatalogCache, SharedCache};
use practicum_app::{
    ml::{Ml, MlLimits},
    App, AppConfig, Db, DbOptions, HashCost, PasswordHasher,
};
use practicum_auth::JwtKeys;
use secrecy::{ExposeSecret, SecretString};

use crate::redis_cache::RedisCache;

use crate::settings::{Environment, Settings};

pub async fn connect(settings: &Settings) -> anyhow::Result<Db> {
    let options = DbOptions {
        max_connections: settings.db_max_connections,
        acquire_timeout: Duration::from_secs(10),
        sqlite_busy_timeout: Duration::from_secs(10),
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
        access_ttl_secs: settings.jwt_access_ttl_minutes.max(1) * 60,
        refresh_ttl_secs: settings.jwt_refresh_ttl_days.max(1) * 86_400,
        reset_ttl_secs: 3600,
        public_base_url: settings.public_base_url.trim_end_matches('/').to_owned(),
        log_reset_links: settings.app_env == Environment::Development,
    };
    let ml = Ml {
        model: Ml::default().model,
        limits: MlLimits {
            max_image_bytes: settings.ml_max_image_bytes.max(1),
            max_images_per_request: settings.ml_max_images_per_request.max(1),
            admin_token: settings.admin_token.clone(),
        },
    };
    Ok(App::new(
        db,
        hasher,
        JwtKeys::new(secret),
        Arc::new(practicum_app::ports::SystemClock),
        config,
    )
    .with_ml(ml)
    .with_catalog_cache(catalog_cache(settings)?))
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

/// Loads the model (once, off the async runtime) into an app built by [`build_app`].
pub async fn with_model(settings: &Settings, app: App) -> App {
    let model = crate::inference::load_model(settings).await;
    let limits = app.ml.limits.clone();
    app.with_ml(Ml { model, limits })
}

pub fn api_config(settings: &Settings) -> ApiConfig {
    ApiConfig {
        max_body_bytes: settings.max_body_bytes,
        request_timeout: settings.request_timeout(),
        cors_allowed_origins: settings.cors_origins(),
        trust_proxy_headers: settings.trust_proxy_headers,
        auth_rate_limit_per_minute: settings.auth_rate_limit_per_minute,
    }
}

/// The full HTTP application.
pub fn build_router(app: App, config: ApiConfig) -> axum::Router {
    practicum_api::router(ApiState::new(app, config))
}
