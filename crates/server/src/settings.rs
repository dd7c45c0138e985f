//! The one typed settings struct, read from the environment (and an optional `.env`).
//! `.env.example` lists every key with its default.

use std::{net::SocketAddr, time::Duration};

use figment::{providers::Env, Figment};
use practicum_api::middleware::access_log::{AccessLogConfig, AccessLogLevel};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Where the service runs. Production refuses weak or missing secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    #[serde(default = "d_env")]
    pub app_env: Environment,
    #[serde(default = "d_database_url")]
    pub database_url: DatabaseUrl,
    #[serde(default = "d_db_max_connections")]
    pub db_max_connections: u32,
    /// A streaming replica (PostgreSQL) for lag-tolerant reads; unset: all on the primary.
    pub database_read_url: Option<DatabaseUrl>,
    /// After a write, this client's lag-tolerant reads stay on the primary this long.
    #[serde(default = "d_read_your_writes")]
    pub read_your_writes_secs: u64,
    #[serde(default = "d_bind_addr")]
    pub bind_addr: SocketAddr,
    pub jwt_secret: Option<SecretString>,
    /// The standalone model service's name for `JWT_SECRET` (an alias, with a warning).
    pub secret_key: Option<SecretString>,
    /// The standalone model service's signing algorithm: only `HS256` is accepted.
    pub jwt_algorithm: Option<String>,
    /// The standalone model service's name for `JWT_ACCESS_TTL_MINUTES`.
    pub jwt_expiration_minutes: Option<i64>,
    /// Warnings about the original names read as aliases, logged at start.
    #[serde(skip)]
    pub alias_notes: Vec<String>,
    #[serde(default = "d_access_ttl")]
    pub jwt_access_ttl_minutes: i64,
    /// Access-token lifetime in seconds; overrides the minutes when set (the browser tests
    /// use a few seconds to see an expired token refreshed).
    pub jwt_access_ttl_secs: Option<i64>,
    #[serde(default = "d_refresh_ttl")]
    pub jwt_refresh_ttl_days: i64,
    #[serde(default = "d_hash_memory")]
    pub password_hash_memory_kib: u32,
    #[serde(default = "d_hash_iterations")]
    pub password_hash_iterations: u32,
    #[serde(default = "d_hash_concurrency")]
    pub password_hash_max_concurrency: usize,
    pub admin_token: Option<SecretString>,
    pub admin_email: Option<String>,
    pub admin_password: Option<SecretString>,
    pub redis_url: Option<SecretString>,
    /// The catalog cache (in-process, and in Redis when `REDIS_URL` is set).
    #[serde(default = "d_true")]
    pub cache_enabled: bool,
    /// Prefix of every Redis key, so deployments sharing one Redis do not collide;
    /// default derived from `DATABASE_URL` (see [`Settings::cache_prefix`]).
    pub cache_prefix: Option<String>,
    #[serde(default = "d_cache_ttl")]
    pub cache_ttl_secs: u64,
    /// Size bound of the in-process tier, in MiB.
    #[serde(default = "d_cache_local_mb")]
    pub cache_local_max_mb: u64,
    pub model_dir: Option<String>,
    #[serde(default = "d_log_level")]
    pub log_level: String,
    /// `text` or `json`; unset or empty: `json` in production, `text` otherwise (see
    /// [`Settings::log_format`]).
    #[serde(default, deserialize_with = "parsed_unless_blank")]
    pub log_format: Option<LogFormat>,
    /// The access log's level (`off` turns it off).
    #[serde(default = "d_access_level", deserialize_with = "parsed_or_default")]
    pub access_log_level: AccessLogLevel,
    /// Share of successful requests the access log writes, in `[0, 1]`.
    #[serde(default = "d_access_sample")]
    pub access_log_sample: f64,
    #[serde(default)]
    pub cors_allowed_origins: String,
    #[serde(default = "d_max_body")]
    pub max_body_bytes: usize,
    #[serde(default = "d_timeout")]
    pub request_timeout_secs: u64,
    #[serde(default = "d_rate")]
    pub auth_rate_limit_per_minute: u32,
    /// Authenticated writes per user and minute (0 = off).
    #[serde(default = "d_write_rate")]
    pub write_rate_limit_per_minute: u32,
    /// `/ml/forward` calls per user and minute (0 = off).
    #[serde(default = "d_ml_rate")]
    pub ml_rate_limit_per_minute: u32,
    #[serde(default)]
    pub trust_proxy_headers: bool,
    #[serde(default = "d_public_url")]
    pub public_base_url: String,
    /// Inference sessions (threads); default one per core.
    pub ml_workers: Option<usize>,
    #[serde(default = "d_ml_intra")]
    pub ml_intra_op_threads: usize,
    #[serde(default = "d_ml_batch")]
    pub ml_max_batch: usize,
    #[serde(default = "d_ml_wait")]
    pub ml_max_wait_ms: u64,
    /// Waiting jobs before 503; default 16 a worker.
    pub ml_queue_capacity: Option<usize>,
    #[serde(default = "d_ml_image_bytes")]
    pub ml_max_image_bytes: usize,
    #[serde(default = "d_ml_images")]
    pub ml_max_images_per_request: usize,
    /// Course views buffered in memory between flushes (more are dropped and counted).
    #[serde(default = "d_view_buffer")]
    pub analytics_view_buffer: usize,
    /// Seconds between flushes of the buffered course views.
    #[serde(default = "d_view_flush")]
    pub analytics_view_flush_secs: u64,
    /// Visible reviews a course needs to appear in `GET /courses/top-rated`.
    #[serde(default = "d_top_rated_min_reviews")]
    pub top_rated_min_reviews: i64,
    /// Background job workers in this process; 0 runs none (and no scheduler).
    #[serde(default = "d_jobs_workers")]
    pub jobs_workers: usize,
    #[serde(default = "d_jobs_poll")]
    pub jobs_poll_interval_ms: u64,
    #[serde(default = "d_jobs_lease")]
    pub jobs_lease_secs: u64,
    #[serde(default = "d_jobs_attempts")]
    pub jobs_max_attempts: i32,
    #[serde(default = "d_jobs_backoff_base")]
    pub jobs_backoff_base_secs: u64,
    #[serde(default = "d_jobs_backoff_max")]
    pub jobs_backoff_max_secs: u64,
    /// Periodic jobs, `kind=seconds,…`; empty: none.
    #[serde(default = "d_jobs_schedules")]
    pub jobs_schedules: String,
    #[serde(default = "d_history_retention")]
    pub history_retention_days: u64,
    #[serde(default = "d_partition_ahead")]
    pub partition_months_ahead: u32,
    /// `smtp://user:pass@host:port`; unset: e-mail is written to the log.
    pub smtp_url: Option<SecretString>,
    #[serde(default = "d_smtp_from")]
    pub smtp_from: String,
    #[serde(default = "d_ws_heartbeat")]
    pub ws_heartbeat_secs: u64,
    #[serde(default = "d_ws_buffer")]
    pub ws_buffer: usize,
    #[serde(default = "d_ws_max_per_user")]
    pub ws_max_connections_per_user: usize,
    /// Force the `Secure` attribute of the session cookies on or off; unset: on in
    /// production only (see [`Settings::session_cookie_secure`]).
    pub session_cookie_secure: Option<bool>,
    /// With `TRUST_PROXY_HEADERS`: proxies in front that append to `X-Forwarded-For`.
    #[serde(default = "d_proxy_hops")]
    pub trusted_proxy_hops: usize,
    /// Login attempts per minute on one account from all addresses (slowed above it).
    #[serde(default = "d_account_rate")]
    pub auth_account_rate_limit_per_minute: u32,
    /// Login attempts per minute from one address over all accounts.
    #[serde(default = "d_address_rate")]
    pub auth_address_rate_limit_per_minute: u32,
    /// `POST /auth/check-email` answers (false: 404).
    #[serde(default = "d_true")]
    pub check_email_enabled: bool,
    /// TLS is terminated by a proxy in front: send HSTS even outside production.
    #[serde(default)]
    pub tls_terminated_upstream: bool,
    #[serde(default = "d_hsts_max_age")]
    pub hsts_max_age_secs: u64,
    /// Replaces the built-in Content-Security-Policy of HTML pages (not `/docs`).
    pub content_security_policy: Option<String>,
    /// `GET /metrics` needs this bearer token when set.
    pub metrics_token: Option<SecretString>,
    /// Serve `GET /metrics` on this address only (not on `BIND_ADDR`).
    pub metrics_bind: Option<String>,
    /// How long a request waits for a database connection before 503.
    #[serde(default = "d_acquire_timeout")]
    pub db_acquire_timeout_secs: u64,
    /// Statements at least this slow (ms) are logged with their name and request id; 0: none.
    #[serde(default = "d_slow_query_ms")]
    pub db_slow_query_ms: u64,
    /// A connection must deliver a complete request head within this (also the idle
    /// keep-alive timeout: an idle connection is waiting for the next head).
    #[serde(default = "d_header_timeout")]
    pub http_header_read_timeout_secs: u64,
    /// Open connections (sockets, WebSockets included) this process serves; 503 above.
    #[serde(default = "d_max_conns")]
    pub http_max_connections: usize,
    /// Open connections from one client address; 503 above. 0 = no per-address cap.
    #[serde(default = "d_max_conns_per_addr")]
    pub http_max_connections_per_address: usize,
}

fn d_write_rate() -> u32 {
    300
}
fn d_ml_rate() -> u32 {
    120
}
fn d_proxy_hops() -> usize {
    1
}
fn d_account_rate() -> u32 {
    30
}
fn d_address_rate() -> u32 {
    60
}
fn d_hsts_max_age() -> u64 {
    31_536_000
}
fn d_acquire_timeout() -> u64 {
    5
}
fn d_slow_query_ms() -> u64 {
    200
}
fn d_header_timeout() -> u64 {
    10
}
fn d_max_conns() -> usize {
    10_000
}
fn d_max_conns_per_addr() -> usize {
    256
}

fn d_jobs_workers() -> usize {
    2
}
fn d_jobs_poll() -> u64 {
    1000
}
fn d_jobs_lease() -> u64 {
    300
}
fn d_jobs_attempts() -> i32 {
    5
}
fn d_jobs_backoff_base() -> u64 {
    10
}
fn d_jobs_backoff_max() -> u64 {
    3600
}
fn d_jobs_schedules() -> String {
    practicum_app::jobs::DEFAULT_SCHEDULES.into()
}
fn d_history_retention() -> u64 {
    90
}
fn d_partition_ahead() -> u32 {
    3
}
fn d_smtp_from() -> String {
    "Practicum <no-reply@localhost>".into()
}
fn d_ws_heartbeat() -> u64 {
    30
}
fn d_ws_buffer() -> usize {
    64
}
fn d_ws_max_per_user() -> usize {
    5
}

fn d_true() -> bool {
    true
}
fn d_cache_ttl() -> u64 {
    300
}
fn d_cache_local_mb() -> u64 {
    64
}
fn d_ml_intra() -> usize {
    1
}
fn d_ml_batch() -> usize {
    1
}
fn d_ml_wait() -> u64 {
    2
}
fn d_ml_image_bytes() -> usize {
    10 * 1024 * 1024
}
fn d_ml_images() -> usize {
    8
}
fn d_view_buffer() -> usize {
    10_000
}
fn d_view_flush() -> u64 {
    5
}

fn d_top_rated_min_reviews() -> i64 {
    10
}

/// The model served when `MODEL_DIR` is not set, if it exists: looked for beside the
/// executable first (a release directory), then in the working directory (the
/// repository root in development). See [`default_model_candidates`].
pub const DEFAULT_MODEL_DIR: &str = "models/efficientnet-lite0";

/// Where the default model is looked for, in order: `<exe dir>/../models/…` (a release
/// directory: `bin/practicum` beside `models/`), `<exe dir>/models/…`, then
/// `<working directory>/models/…`. A release started from any directory serves the model
/// it shipped with.
pub fn default_model_candidates(
    exe: Option<&std::path::Path>,
    cwd: &std::path::Path,
) -> Vec<std::path::PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = exe.and_then(std::path::Path::parent) {
        if let Some(parent) = dir.parent() {
            candidates.push(parent.join(DEFAULT_MODEL_DIR));
        }
        candidates.push(dir.join(DEFAULT_MODEL_DIR));
    }
    candidates.push(cwd.join(DEFAULT_MODEL_DIR));
    candidates
}

fn d_env() -> Environment {
    Environment::Development
}
fn d_database_url() -> DatabaseUrl {
    DatabaseUrl("sqlite:practicum.db?mode=rwc".into())
}

/// The sqlx form of a SQLAlchemy async URL (`sqlite+aiosqlite:///app.db`,
/// `sqlite+aiosqlite:////abs/app.db`, `postgresql+asyncpg://u:p@h/db`); `None` for any
/// other URL.
pub fn sqlalchemy_url(url: &str) -> Option<String> {
    let url = url.trim();
    if let Some(path) = url.strip_prefix("sqlite+aiosqlite:///") {
        // Three slashes and a relative path, or four and an absolute one.
        return Some(if path.contains('?') {
            format!("sqlite:{path}")
        } else {
            format!("sqlite:{path}?mode=rwc")
        });
    }
    url.strip_prefix("postgresql+asyncpg://")
        .map(|rest| format!("postgres://{rest}"))
}

/// A database URL whose `Debug` hides the password, so settings can be logged.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(pub String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&practicum_store::redact_url(&self.0))
    }
}
fn d_read_your_writes() -> u64 {
    10
}
fn d_db_max_connections() -> u32 {
    10
}
fn d_bind_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8000))
}
fn d_access_ttl() -> i64 {
    15
}
fn d_refresh_ttl() -> i64 {
    30
}
fn d_hash_memory() -> u32 {
    19 * 1024
}
fn d_hash_iterations() -> u32 {
    2
}
fn d_hash_concurrency() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
fn d_log_level() -> String {
    "info,sqlx=warn,tower_http=info".into()
}
fn d_access_level() -> AccessLogLevel {
    AccessLogLevel::Info
}
fn d_access_sample() -> f64 {
    1.0
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("unknown format {other:?} (text or json)")),
        }
    }
}

/// A value parsed with `FromStr`; an empty one (as `.env` writes "unset") is `None`.
fn parsed_unless_blank<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr<Err = String>,
{
    let raw = Option::<String>::deserialize(d)?;
    raw.filter(|v| !v.trim().is_empty())
        .map(|v| v.parse().map_err(serde::de::Error::custom))
        .transpose()
}

/// A value parsed with `FromStr`; an empty one means its default.
fn parsed_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr<Err = String> + Default,
{
    parsed_unless_blank(d).map(Option::unwrap_or_default)
}
fn d_max_body() -> usize {
    2 * 1024 * 1024
}
fn d_timeout() -> u64 {
    30
}
fn d_rate() -> u32 {
    10
}
fn d_public_url() -> String {
    "http://localhost:8000".into()
}

/// Every key the service reads, as it appears in the environment.
pub const KEYS: &[&str] = &[
    "APP_ENV",
    "DATABASE_URL",
    "DB_MAX_CONNECTIONS",
    "DATABASE_READ_URL",
    "READ_YOUR_WRITES_SECS",
    "BIND_ADDR",
    "JWT_SECRET",
    "JWT_ACCESS_TTL_MINUTES",
    "JWT_ACCESS_TTL_SECS",
    "JWT_REFRESH_TTL_DAYS",
    "SECRET_KEY",
    "JWT_ALGORITHM",
    "JWT_EXPIRATION_MINUTES",
    "PASSWORD_HASH_MEMORY_KIB",
    "PASSWORD_HASH_ITERATIONS",
    "PASSWORD_HASH_MAX_CONCURRENCY",
    "ADMIN_TOKEN",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "REDIS_URL",
    "CACHE_ENABLED",
    "CACHE_PREFIX",
    "CACHE_TTL_SECS",
    "CACHE_LOCAL_MAX_MB",
    "MODEL_DIR",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "ACCESS_LOG_LEVEL",
    "ACCESS_LOG_SAMPLE",
    "CORS_ALLOWED_ORIGINS",
    "MAX_BODY_BYTES",
    "REQUEST_TIMEOUT_SECS",
    "AUTH_RATE_LIMIT_PER_MINUTE",
    "WRITE_RATE_LIMIT_PER_MINUTE",
    "ML_RATE_LIMIT_PER_MINUTE",
    "TRUST_PROXY_HEADERS",
    "PUBLIC_BASE_URL",
    "ML_WORKERS",
    "ML_INTRA_OP_THREADS",
    "ML_MAX_BATCH",
    "ML_MAX_WAIT_MS",
    "ML_QUEUE_CAPACITY",
    "ML_MAX_IMAGE_BYTES",
    "ML_MAX_IMAGES_PER_REQUEST",
    "ANALYTICS_VIEW_BUFFER",
    "ANALYTICS_VIEW_FLUSH_SECS",
    "TOP_RATED_MIN_REVIEWS",
    "JOBS_WORKERS",
    "JOBS_POLL_INTERVAL_MS",
    "JOBS_LEASE_SECS",
    "JOBS_MAX_ATTEMPTS",
    "JOBS_BACKOFF_BASE_SECS",
    "JOBS_BACKOFF_MAX_SECS",
    "JOBS_SCHEDULES",
    "HISTORY_RETENTION_DAYS",
    "PARTITION_MONTHS_AHEAD",
    "SMTP_URL",
    "SMTP_FROM",
    "WS_HEARTBEAT_SECS",
    "WS_BUFFER",
    "WS_MAX_CONNECTIONS_PER_USER",
    "SESSION_COOKIE_SECURE",
    "TRUSTED_PROXY_HOPS",
    "AUTH_ACCOUNT_RATE_LIMIT_PER_MINUTE",
    "AUTH_ADDRESS_RATE_LIMIT_PER_MINUTE",
    "CHECK_EMAIL_ENABLED",
    "TLS_TERMINATED_UPSTREAM",
    "HSTS_MAX_AGE_SECS",
    "CONTENT_SECURITY_POLICY",
    "METRICS_TOKEN",
    "METRICS_BIND",
    "DB_ACQUIRE_TIMEOUT_SECS",
    "DB_SLOW_QUERY_MS",
    "HTTP_HEADER_READ_TIMEOUT_SECS",
    "HTTP_MAX_CONNECTIONS",
    "HTTP_MAX_CONNECTIONS_PER_ADDRESS",
];

/// A secret shorter than this is refused in production.
pub const MIN_SECRET_LEN: usize = 32;

impl Settings {
    /// The access-token lifetime: `JWT_ACCESS_TTL_SECS` when set, else the minutes (at least 1 s).
    pub fn access_ttl_secs(&self) -> i64 {
        self.jwt_access_ttl_secs
            .unwrap_or(self.jwt_access_ttl_minutes.max(1).saturating_mul(60))
            .max(1)
    }

    /// Reads `.env` (if present, without overriding the real environment) and then the
    /// environment. Errors name the offending variable.
    pub fn load() -> Result<Self, String> {
        let _ = dotenvy::dotenv();
        Self::from_figment(
            Figment::new().merge(
                Env::raw()
                    .only(KEYS)
                    .map(|k| k.as_str().to_lowercase().into()),
            ),
        )
    }

    pub fn from_figment(figment: Figment) -> Result<Self, String> {
        let ttl_minutes_set = figment.contains("jwt_access_ttl_minutes");
        let mut settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.last().map(|k| k.to_uppercase()).unwrap_or_default();
            format!("invalid setting {key}: {}", e.kind)
        })?;
        settings.apply_aliases(ttl_minutes_set)?;
        // Empty values in `.env` mean "unset".
        let blank = |s: &Option<SecretString>| {
            s.as_ref()
                .is_some_and(|v| v.expose_secret().trim().is_empty())
        };
        if blank(&settings.jwt_secret) {
            settings.jwt_secret = None;
        }
        if blank(&settings.admin_token) {
            settings.admin_token = None;
        }
        if blank(&settings.redis_url) {
            settings.redis_url = None;
        }
        if blank(&settings.smtp_url) {
            settings.smtp_url = None;
        }
        if blank(&settings.admin_password) {
            settings.admin_password = None;
        }
        if blank(&settings.metrics_token) {
            settings.metrics_token = None;
        }
        settings.metrics_bind = settings.metrics_bind.filter(|e| !e.trim().is_empty());
        settings.content_security_policy = settings
            .content_security_policy
            .filter(|e| !e.trim().is_empty());
        settings.admin_email = settings.admin_email.filter(|e| !e.trim().is_empty());
        settings.model_dir = settings.model_dir.filter(|e| !e.trim().is_empty());
        settings.cache_prefix = settings.cache_prefix.filter(|e| !e.trim().is_empty());
        if !(0.0..=1.0).contains(&settings.access_log_sample) {
            return Err(format!(
                "invalid setting ACCESS_LOG_SAMPLE: {} is not a share between 0 and 1",
                settings.access_log_sample
            ));
        }
        Ok(settings)
    }

    /// The standalone model service's configuration names, read as aliases of the
    /// canonical keys (which win when both are set), each with a note naming the
    /// canonical key; `JWT_ALGORITHM` other than `HS256` is refused.
    fn apply_aliases(&mut self, ttl_minutes_set: bool) -> Result<(), String> {
        if let Some(alg) = self.jwt_algorithm.take() {
            if !alg.trim().eq_ignore_ascii_case("HS256") {
                return Err(format!(
                    "JWT_ALGORITHM={} is not supported: Practicum signs access tokens with HS256 only \
                     (set JWT_ALGORITHM=HS256 or remove it)",
                    alg.trim()
                ));
            }
            self.alias_notes.push(
                "JWT_ALGORITHM=HS256 is the only algorithm Practicum signs with; the key can be removed"
                    .into(),
            );
        }
        if let Some(key) = self
            .secret_key
            .take()
            .filter(|k| !k.expose_secret().trim().is_empty())
        {
            if self.jwt_secret.is_some() {
                self.alias_notes
                    .push("SECRET_KEY is ignored: JWT_SECRET is set (the canonical key)".into());
            } else {
                self.jwt_secret = Some(key);
                self.alias_notes
                    .push("SECRET_KEY is read as JWT_SECRET: rename it to JWT_SECRET".into());
            }
        }
        if let Some(minutes) = self.jwt_expiration_minutes.take() {
            if ttl_minutes_set {
                self.alias_notes.push(
                    "JWT_EXPIRATION_MINUTES is ignored: JWT_ACCESS_TTL_MINUTES is set (the canonical key)"
                        .into(),
                );
            } else {
                self.jwt_access_ttl_minutes = minutes;
                self.alias_notes.push(
                    "JWT_EXPIRATION_MINUTES is read as JWT_ACCESS_TTL_MINUTES: rename it to JWT_ACCESS_TTL_MINUTES"
                        .into(),
                );
            }
        }
        if let Some(url) = sqlalchemy_url(&self.database_url.0) {
            self.alias_notes.push(format!(
                "DATABASE_URL in SQLAlchemy form is read as DATABASE_URL={}: write it that way",
                practicum_store::redact_url(&url)
            ));
            self.database_url = DatabaseUrl(url);
        }
        Ok(())
    }

    /// Production refuses to start with a missing or weak `JWT_SECRET` or `ADMIN_TOKEN`.
    /// Development generates a random JWT secret and says so (tokens end at restart).
    pub fn resolve_secrets(&mut self) -> Result<Vec<String>, String> {
        let mut notes = Vec::new();
        let weak = |s: &SecretString| s.expose_secret().len() < MIN_SECRET_LEN;
        match (self.app_env, &self.jwt_secret) {
            (Environment::Production, None) => {
                return Err("JWT_SECRET is required in production (at least 32 characters)".into())
            }
            (Environment::Production, Some(s)) if weak(s) => {
                return Err(format!("JWT_SECRET is too short for production: use at least {MIN_SECRET_LEN} random characters"))
            }
            (Environment::Development, None) => {
                let mut bytes = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
                self.jwt_secret = Some(SecretString::from(hex::encode(bytes)));
                notes.push("JWT_SECRET is not set: generated a random one for this process (development only); tokens end when it stops".to_owned());
            }
            _ => {}
        }
        if let Some(t) = &self.admin_token {
            if self.app_env == Environment::Production && weak(t) {
                return Err(format!("ADMIN_TOKEN is too short for production: use at least {MIN_SECRET_LEN} random characters"));
            }
        }
        Ok(notes)
    }

    /// `CACHE_PREFIX`, or `practicum-` and a digest of `DATABASE_URL`: processes over one
    /// database share their cache, processes over different databases never do.
    pub fn cache_prefix(&self) -> String {
        self.cache_prefix.clone().unwrap_or_else(|| {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(self.database_url.0.as_bytes());
            format!("practicum-{}", &hex::encode(digest)[..12])
        })
    }

    /// `Strict-Transport-Security` max-age when the service is reached over TLS:
    /// in production, or when a TLS-terminating proxy is in front.
    pub fn hsts_max_age(&self) -> Option<u64> {
        (self.app_env == Environment::Production || self.tls_terminated_upstream)
            .then_some(self.hsts_max_age_secs)
            .filter(|age| *age > 0)
    }

    /// The separate metrics listener's address, if any.
    pub fn metrics_addr(&self) -> Result<Option<SocketAddr>, String> {
        self.metrics_bind
            .as_deref()
            .map(|a| {
                a.trim()
                    .parse()
                    .map_err(|e| format!("invalid setting METRICS_BIND: {e}"))
            })
            .transpose()
    }

    /// The log format: `LOG_FORMAT`, else JSON lines in production and text otherwise.
    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or(match self.app_env {
            Environment::Production => LogFormat::Json,
            Environment::Development => LogFormat::Text,
        })
    }

    /// The access log's configuration (`ACCESS_LOG_LEVEL`, `ACCESS_LOG_SAMPLE`).
    pub fn access_log(&self) -> AccessLogConfig {
        AccessLogConfig {
            level: self.access_log_level,
            sample: self.access_log_sample,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }

    /// The model directory to serve and whether it was configured explicitly: `MODEL_DIR`
    /// (a relative one is relative to the working directory), else the first existing
    /// [`default_model_candidates`], else none.
    pub fn model_dir(&self) -> Option<(std::path::PathBuf, bool)> {
        match &self.model_dir {
            Some(dir) => Some((dir.into(), true)),
            None => {
                let exe = std::env::current_exe().ok();
                let cwd = std::env::current_dir().unwrap_or_default();
                default_model_candidates(exe.as_deref(), &cwd)
                    .into_iter()
                    .find(|dir| dir.is_dir())
                    .map(|dir| (dir, false))
            }
        }
    }

    /// The job workers' and scheduler's configuration (`JOBS_*`).
    pub fn jobs_config(&self) -> Result<practicum_app::jobs::JobsConfig, String> {
        let schedules = practicum_app::jobs::Schedule::parse_list(&self.jobs_schedules)
            .map_err(|e| format!("invalid setting JOBS_SCHEDULES: {e}"))?;
        Ok(practicum_app::jobs::JobsConfig {
            workers: self.jobs_workers,
            poll_interval: Duration::from_millis(self.jobs_poll_interval_ms.max(10)),
            lease: Duration::from_secs(self.jobs_lease_secs.max(1)),
            backoff_base: Duration::from_secs(self.jobs_backoff_base_secs.max(1)),
            backoff_max: Duration::from_secs(self.jobs_backoff_max_secs.max(1)),
            backoff_jitter: 0.25,
            max_attempts: self.jobs_max_attempts.clamp(1, 100),
            schedules,
        })
    }

    /// Whether the refresh-token cookies carry `Secure` (HTTPS only): `SESSION_COOKIE_SECURE`
    /// when set, else on in production. Development serves plain HTTP on localhost, where
    /// a `Secure` cookie would not come back.
    pub fn session_cookie_secure(&self) -> bool {
        self.session_cookie_secure
            .unwrap_or(self.app_env == Environment::Production)
    }

    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_allowed_origins
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    #[test]
    fn the_default_model_is_looked_for_beside_the_executable_before_the_working_directory() {
        let found = default_model_candidates(
            Some(std::path::Path::new("/opt/practicum/bin/practicum")),
            std::path::Path::new("/var/lib/practicum"),
        );
        assert_eq!(
            found,
            vec![
                std::path::PathBuf::from("/opt/practicum/models/efficientnet-lite0"),
                std::path::PathBuf::from("/opt/practicum/bin/models/efficientnet-lite0"),
                std::path::PathBuf::from("/var/lib/practicum/models/efficientnet-lite0"),
            ]
        );
        let none = default_model_candidates(None, std::path::Path::new("/srv"));
        assert_eq!(
            none,
            vec![std::path::PathBuf::from("/srv/models/efficientnet-lite0")]
        );
    }

    fn with(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let mut f = Figment::new();
        for (k, v) in pairs {
            f = f.merge(Serialized::default(k, v));
        }
        Settings::from_figment(f)
    }

    #[test]
    fn the_model_services_names_are_aliases_with_a_note() {
        let s = Settings::from_figment(
            Figment::new()
                .merge(Serialized::default(
                    "secret_key",
                    "original-secret-0123456789abcdef0123",
                ))
                .merge(Serialized::default("jwt_algorithm", "HS256"))
                .merge(Serialized::default("jwt_expiration_minutes", 7))
                .merge(Serialized::default(
                    "database_url",
                    "sqlite+aiosqlite:///./app.db",
                )),
        )
        .unwrap();
        assert_eq!(
            s.jwt_secret.as_ref().unwrap().expose_secret(),
            "original-secret-0123456789abcdef0123"
        );
        assert_eq!(s.access_ttl_secs(), 7 * 60);
        assert_eq!(s.database_url.0, "sqlite:./app.db?mode=rwc");
        let notes = s.alias_notes.join("\n");
        for canonical in [
            "JWT_SECRET",
            "JWT_ACCESS_TTL_MINUTES",
            "DATABASE_URL",
            "JWT_ALGORITHM",
        ] {
            assert!(notes.contains(canonical), "{notes}");
        }
        // The canonical keys win.
        let s = Settings::from_figment(
            Figment::new()
                .merge(Serialized::default(
                    "jwt_secret",
                    "canonical-secret-0123456789abcdef01",
                ))
                .merge(Serialized::default(
                    "secret_key",
                    "original-secret-0123456789abcdef0123",
                ))
                .merge(Serialized::default("jwt_access_ttl_minutes", 3))
                .merge(Serialized::default("jwt_expiration_minutes", 7)),
        )
        .unwrap();
        assert_eq!(
            s.jwt_secret.as_ref().unwrap().expose_secret(),
            "canonical-secret-0123456789abcdef01"
        );
        assert_eq!(s.access_ttl_secs(), 3 * 60);
        assert_eq!(
            sqlalchemy_url("postgresql+asyncpg://u:p@db:5432/app").as_deref(),
            Some("postgres://u:p@db:5432/app")
        );
        assert_eq!(
            sqlalchemy_url("sqlite+aiosqlite:////var/lib/app.db").as_deref(),
            Some("sqlite:/var/lib/app.db?mode=rwc")
        );
        assert_eq!(sqlalchemy_url("sqlite:app.db"), None);
        let refused = with(&[("jwt_algorithm", "RS256")]).unwrap_err();
        assert!(
            refused.contains("JWT_ALGORITHM=RS256") && refused.contains("HS256"),
            "{refused}"
        );
    }

    #[test]
    fn top_rated_asks_ten_reviews_unless_configured() {
        assert_eq!(with(&[]).unwrap().top_rated_min_reviews, 10);
        let s = Settings::from_figment(
            Figment::new().merge(Serialized::default("top_rated_min_reviews", 25)),
        )
        .unwrap();
        assert_eq!(s.top_rated_min_reviews, 25);
        assert!(KEYS.contains(&"TOP_RATED_MIN_REVIEWS"));
    }

    #[test]
    fn logs_are_json_in_production_unless_log_format_says_otherwise() {
        assert_eq!(with(&[]).unwrap().log_format(), LogFormat::Text);
        let production = with(&[("app_env", "production")]).unwrap();
        assert_eq!(production.log_format(), LogFormat::Json);
        let text = with(&[("app_env", "production"), ("log_format", "text")]).unwrap();
        assert_eq!(text.log_format(), LogFormat::Text);
        let blank = with(&[("app_env", "production"), ("log_format", "")]).unwrap();
        assert_eq!(blank.log_format(), LogFormat::Json);
        let err = with(&[("log_format", "xml")]).unwrap_err();
        assert!(err.contains("LOG_FORMAT"), "{err}");
    }

    #[test]
    fn the_access_log_level_and_sample_are_read_and_checked() {
        let defaults = with(&[]).unwrap().access_log();
        assert_eq!(defaults.level, AccessLogLevel::Info);
        assert!((defaults.sample - 1.0).abs() < f64::EPSILON);
        let sample = |share: f64| {
            Settings::from_figment(
                Figment::new()
                    .merge(Serialized::default("access_log_level", "off"))
                    .merge(Serialized::default("access_log_sample", share)),
            )
        };
        let quiet = sample(0.25).unwrap().access_log();
        assert_eq!(quiet.level, AccessLogLevel::Off);
        assert!((quiet.sample - 0.25).abs() < f64::EPSILON);
        let err = sample(1.5).unwrap_err();
        assert!(err.contains("ACCESS_LOG_SAMPLE"), "{err}");
        let err = with(&[("access_log_level", "loud")]).unwrap_err();
        assert!(err.contains("ACCESS_LOG_LEVEL"), "{err}");
    }

    #[test]
    fn session_cookies_are_secure_in_production_unless_forced() {
        assert!(!with(&[]).unwrap().session_cookie_secure());
        assert!(with(&[("app_env", "production")])
            .unwrap()
            .session_cookie_secure());
        let forced = |env: &str, secure: bool| {
            Settings::from_figment(
                Figment::new()
                    .merge(Serialized::default("app_env", env))
                    .merge(Serialized::default("session_cookie_secure", secure)),
            )
            .unwrap()
            .session_cookie_secure()
        };
        assert!(forced("development", true));
        assert!(!forced("production", false));
    }

    #[test]
    fn the_cache_prefix_follows_the_database_unless_set() {
        let a = with(&[("database_url", "sqlite:a.db")]).unwrap();
        let b = with(&[("database_url", "sqlite:b.db")]).unwrap();
        assert_ne!(a.cache_prefix(), b.cache_prefix());
        assert_eq!(
            a.cache_prefix(),
            with(&[("database_url", "sqlite:a.db")])
                .unwrap()
                .cache_prefix()
        );
        let set = with(&[("cache_prefix", "shop")]).unwrap();
        assert_eq!(set.cache_prefix(), "shop");
    }

    #[test]
    fn the_access_ttl_in_seconds_overrides_the_minutes() {
        let ttl = |pairs: &[(&str, i64)]| {
            let mut f = Figment::new();
            for (k, v) in pairs {
                f = f.merge(Serialized::default(k, v));
            }
            Settings::from_figment(f).unwrap().access_ttl_secs()
        };
        assert_eq!(ttl(&[]), 15 * 60);
        assert_eq!(ttl(&[("jwt_access_ttl_minutes", 2)]), 120);
        assert_eq!(
            ttl(&[("jwt_access_ttl_minutes", 2), ("jwt_access_ttl_secs", 3)]),
            3
        );
    }

    #[test]
    fn defaults_are_a_working_development_setup() {
        let mut s = with(&[]).unwrap();
        assert_eq!(s.app_env, Environment::Development);
        assert!(s.database_url.0.starts_with("sqlite:"));
        let notes = s.resolve_secrets().unwrap();
        assert_eq!(notes.len(), 1);
        assert!(s.jwt_secret.unwrap().expose_secret().len() >= MIN_SECRET_LEN);
    }

    #[test]
    fn production_refuses_weak_or_missing_secrets() {
        let mut s = with(&[("app_env", "production")]).unwrap();
        assert!(s
            .resolve_secrets()
            .unwrap_err()
            .contains("JWT_SECRET is required"));
        let mut s = with(&[("app_env", "production"), ("jwt_secret", "short")]).unwrap();
        assert!(s.resolve_secrets().unwrap_err().contains("too short"));
        let strong = "x".repeat(40);
        let mut s = with(&[
            ("app_env", "production"),
            ("jwt_secret", &strong),
            ("admin_token", "weak"),
        ])
        .unwrap();
        assert!(s.resolve_secrets().unwrap_err().contains("ADMIN_TOKEN"));
    }

    #[test]
    fn ml_defaults_and_overrides() {
        let s = with(&[]).unwrap();
        assert_eq!(s.ml_max_image_bytes, 10 * 1024 * 1024);
        assert_eq!(s.ml_max_images_per_request, 8);
        assert_eq!(
            (s.ml_max_batch, s.ml_intra_op_threads, s.ml_max_wait_ms),
            (1, 1, 2)
        );
        assert_eq!((s.ml_workers, s.ml_queue_capacity), (None, None));
        let s = Settings::from_figment(
            Figment::new()
                .merge(Serialized::default("ml_workers", 3))
                .merge(Serialized::default("ml_max_image_bytes", 1000))
                .merge(Serialized::default("model_dir", "/srv/models/resnet50")),
        )
        .unwrap();
        assert_eq!(s.ml_workers, Some(3));
        assert_eq!(s.ml_max_image_bytes, 1000);
        assert_eq!(
            s.model_dir(),
            Some((std::path::PathBuf::from("/srv/models/resnet50"), true))
        );
        let e = with(&[("ml_max_batch", "many")]).unwrap_err();
        assert!(e.contains("ML_MAX_BATCH"), "{e}");
    }

    /// `.env.example` at the repository root documents every key.
    #[test]
    fn env_example_lists_every_key() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.env.example");
        let text = std::fs::read_to_string(path).unwrap();
        for key in KEYS {
            let listed = text.lines().any(|l| {
                l.trim_start_matches('#')
                    .trim()
                    .starts_with(&format!("{key}="))
            });
            assert!(listed, "{key} is missing from .env.example");
        }
    }

    #[test]
    fn jobs_settings() {
        let s = with(&[]).unwrap();
        let c = s.jobs_config().unwrap();
        assert_eq!(c.workers, 2);
        assert_eq!(c.schedules.len(), 7);
        let s = Settings::from_figment(
            Figment::new()
                .merge(Serialized::default("jobs_workers", 0))
                .merge(Serialized::default("jobs_schedules", "")),
        )
        .unwrap();
        let c = s.jobs_config().unwrap();
        assert_eq!((c.workers, c.schedules.len()), (0, 0));
        let s = with(&[("jobs_schedules", "email_outbox=often")]).unwrap();
        assert!(s.jobs_config().unwrap_err().contains("JOBS_SCHEDULES"));
        assert!(with(&[("smtp_url", "")]).unwrap().smtp_url.is_none());
    }

    #[test]
    fn hardening_settings() {
        let s = with(&[]).unwrap();
        assert_eq!(s.hsts_max_age(), None);
        assert_eq!(s.metrics_addr().unwrap(), None);
        assert!(s.check_email_enabled);
        let s = with(&[("app_env", "production")]).unwrap();
        assert_eq!(s.hsts_max_age(), Some(31_536_000));
        let s = Settings::from_figment(
            Figment::new()
                .merge(Serialized::default("tls_terminated_upstream", true))
                .merge(Serialized::default("hsts_max_age_secs", 600))
                .merge(Serialized::default("metrics_bind", "127.0.0.1:9100"))
                .merge(Serialized::default("metrics_token", "")),
        )
        .unwrap();
        assert_eq!(s.hsts_max_age(), Some(600));
        assert_eq!(
            s.metrics_addr().unwrap(),
            Some(([127, 0, 0, 1], 9100).into())
        );
        assert!(s.metrics_token.is_none());
        let e = with(&[("metrics_bind", "nowhere")]).unwrap().metrics_addr();
        assert!(e.unwrap_err().contains("METRICS_BIND"));
    }

    #[test]
    fn errors_name_the_variable_and_secrets_are_not_printed() {
        let e = with(&[("bind_addr", "not-an-address")]).unwrap_err();
        assert!(e.contains("BIND_ADDR"), "{e}");
        let s = with(&[("jwt_secret", "super-secret-value-0123456789abcdef")]).unwrap();
        assert!(!format!("{s:?}").contains("super-secret"));
        let s = with(&[("database_url", "postgres://app:hunter2@db/practicum")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
