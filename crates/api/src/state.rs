use std::{sync::Arc, time::Duration};

use metrics_exporter_prometheus::PrometheusHandle;
use practicum_app::App;

use crate::rate_limit::AuthRateLimiter;

/// HTTP-level settings.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Largest accepted request body, in bytes (413 above).
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Origins allowed by CORS; empty = no CORS headers (same origin only); `*` = any.
    pub cors_allowed_origins: Vec<String>,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy you run).
    pub trust_proxy_headers: bool,
    /// Attempts per minute per client address and per account on login, register,
    /// refresh and password reset; 0 turns rate limiting off.
    pub auth_rate_limit_per_minute: u32,
    /// How often `/ws` pings; a client that has not answered by the next ping is closed.
    pub ws_heartbeat: Duration,
    /// Mark the refresh-token cookies `Secure` (sent over HTTPS only). On in production.
    pub session_cookie_secure: bool,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            cors_allowed_origins: Vec::new(),
            trust_proxy_headers: false,
            auth_rate_limit_per_minute: 10,
            ws_heartbeat: Duration::from_secs(30),
            session_cookie_secure: false,
        }
    }
}

/// State shared by every handler.
#[derive(Clone)]
pub struct ApiState {
    pub app: App,
    pub config: Arc<ApiConfig>,
    pub limiter: Arc<AuthRateLimiter>,
    pub metrics: PrometheusHandle,
}

impl ApiState {
    pub fn new(app: App, config: ApiConfig) -> Self {
        let limiter = Arc::new(AuthRateLimiter::new(config.auth_rate_limit_per_minute));
        Self {
            app,
            config: Arc::new(config),
            limiter,
            metrics: crate::middleware::metrics::handle(),
        }
    }
}
