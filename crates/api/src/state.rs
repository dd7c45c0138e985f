use std::{sync::Arc, time::Duration};

use metrics_exporter_prometheus::PrometheusHandle;
use practicum_app::App;

use secrecy::SecretString;

use crate::{
    middleware::{access_log::AccessLogConfig, security_headers::SecurityHeadersConfig},
    rate_limit::AuthRateLimiter,
    user_rate_limit::{SharedCounters, UserRateLimiter},
};

/// HTTP-level settings.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Largest accepted request body, in bytes (413 above).
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Origins allowed by CORS; empty = no CORS headers (same origin only); `*` = any
    /// origin without credentials. Listed origins may send credentials.
    pub cors_allowed_origins: Vec<String>,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy you run).
    pub trust_proxy_headers: bool,
    /// How many proxies in front append to `X-Forwarded-For`: the client is the address
    /// that many entries from the right (the entries further left are the client's word).
    pub trusted_proxy_hops: usize,
    /// Login attempts per minute per client address and account together; attempts per
    /// minute per client address on register, check-email, refresh and password reset.
    /// 0 turns credential rate limiting off.
    pub auth_rate_limit_per_minute: u32,
    /// Login attempts per minute on one account from all addresses: above it attempts
    /// are slowed (queued), not refused, so an attacker cannot lock the owner out.
    pub auth_account_rate_limit_per_minute: u32,
    /// Login attempts per minute from one client address over all accounts.
    pub auth_address_rate_limit_per_minute: u32,
    /// `POST /auth/check-email` answers; `false` turns it off (404), closing that
    /// enumeration channel for deployments that do not need it.
    pub check_email_enabled: bool,
    /// Security headers (HSTS, the pages' Content-Security-Policy).
    pub security_headers: SecurityHeadersConfig,
    /// `GET /metrics` needs `Authorization: Bearer <token>` when set.
    pub metrics_token: Option<SecretString>,
    /// `GET /metrics` is served by this router (false when it has a listener of its own).
    pub metrics_on_api: bool,
    /// How often `/ws` pings; a client that has not answered by the next ping is closed.
    pub ws_heartbeat: Duration,
    /// Mark the refresh-token cookies `Secure` (sent over HTTPS only). On in production.
    pub session_cookie_secure: bool,
    /// With a read replica: how long after a write a client's lag-tolerant reads stay on
    /// the primary (`READ_YOUR_WRITES_SECS`).
    pub read_your_writes: Duration,
    /// Authenticated POST/PUT/PATCH/DELETE requests per user and minute (image
    /// classification excepted); 0 = off.
    pub write_rate_limit_per_minute: u32,
    /// `/ml/forward` (and the root `/forward`) calls per user and minute; 0 = off.
    pub ml_rate_limit_per_minute: u32,
    /// Prefix of the shared limiter's Redis keys.
    pub rate_limit_prefix: String,
    /// The access log's level and sampling (`ACCESS_LOG_LEVEL`, `ACCESS_LOG_SAMPLE`).
    pub access_log: AccessLogConfig,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            cors_allowed_origins: Vec::new(),
            trust_proxy_headers: false,
            trusted_proxy_hops: 1,
            auth_rate_limit_per_minute: 10,
            auth_account_rate_limit_per_minute: 30,
            auth_address_rate_limit_per_minute: 60,
            check_email_enabled: true,
            security_headers: SecurityHeadersConfig::default(),
            metrics_token: None,
            metrics_on_api: true,
            ws_heartbeat: Duration::from_secs(30),
            session_cookie_secure: false,
            read_your_writes: Duration::from_secs(10),
            write_rate_limit_per_minute: 0,
            ml_rate_limit_per_minute: 0,
            rate_limit_prefix: String::new(),
            access_log: AccessLogConfig::default(),
        }
    }
}

/// State shared by every handler: one `Arc`, because axum clones the state for every
/// extractor and middleware layer of every request (a clone of the fields themselves
/// was a dozen reference counts and the JWT validation's sets, per clone).
#[derive(Clone)]
pub struct ApiState(Arc<ApiShared>);

impl std::ops::Deref for ApiState {
    type Target = ApiShared;
    fn deref(&self) -> &ApiShared {
        &self.0
    }
}

/// What [`ApiState`] holds.
pub struct ApiShared {
    pub app: App,
    pub config: Arc<ApiConfig>,
    pub limiter: Arc<AuthRateLimiter>,
    /// Per-user limits of writes and image classification.
    pub user_limiter: Arc<UserRateLimiter>,
    pub metrics: PrometheusHandle,
}

impl ApiState {
    /// Per-user limits counted in this process.
    pub fn new(app: App, config: ApiConfig) -> Self {
        Self::with_shared_counters(app, config, None)
    }

    /// Per-user limits counted in `shared` (Redis) when given, so that every process
    /// shares them.
    pub fn with_shared_counters(
        app: App,
        config: ApiConfig,
        shared: Option<Arc<dyn SharedCounters>>,
    ) -> Self {
        let limiter = Arc::new(AuthRateLimiter::new(crate::rate_limit::Quotas {
            per_minute: config.auth_rate_limit_per_minute,
            account_per_minute: config.auth_account_rate_limit_per_minute,
            address_per_minute: config.auth_address_rate_limit_per_minute,
        }));
        let user_limiter = Arc::new(UserRateLimiter::new(
            config.write_rate_limit_per_minute,
            config.ml_rate_limit_per_minute,
            config.rate_limit_prefix.clone(),
            shared,
        ));
        Self(Arc::new(ApiShared {
            app,
            config: Arc::new(config),
            limiter,
            user_limiter,
            metrics: crate::middleware::metrics::handle(),
        }))
    }
}
