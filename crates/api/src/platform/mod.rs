//! Health, readiness and metrics (at the root, outside `/api/v1`).

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use practicum_app::{catalog_cache::CacheHealth, ml::ModelStatus};

use crate::{error::ApiError, state::ApiState};
use practicum_app::ErrorCode;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(live))
        .routes(routes!(ready))
        .routes(routes!(metrics))
        .routes(routes!(api_root))
}

/// `GET /api/v1` without the trailing slash, outside the document (which lists
/// `/api/v1/`).
pub fn version_root_router() -> axum::Router<ApiState> {
    axum::Router::new().route("/api/v1", axum::routing::get(api_root))
}

/// The API root: `{"status":"ok"}` (clients of the course platform Practicum replaces
/// probe it).
#[utoipa::path(get, path = "/api/v1/", tag = "platform", security(),
    responses((status = 200, description = "The API answers", body = LiveResponse)))]
async fn api_root() -> Json<LiveResponse> {
    Json(LiveResponse { status: "ok" })
}

#[derive(Serialize, ToSchema)]
pub struct LiveResponse {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(get, path = "/health/live", tag = "platform", security(),
    responses((status = 200, description = "Alive", body = LiveResponse)))]
async fn live() -> Json<LiveResponse> {
    Json(LiveResponse { status: "ok" })
}

#[derive(Serialize, ToSchema)]
pub struct ReadyResponse {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// Each dependency and its state (`ok` or an error summary).
    #[schema(value_type = Object)]
    pub checks: serde_json::Map<String, serde_json::Value>,
}

/// Readiness: the database answers (and the cache and model, when configured).
#[utoipa::path(get, path = "/health/ready", tag = "platform", security(),
    responses(
        (status = 200, description = "Ready to serve", body = ReadyResponse),
        (status = 503, description = "A dependency is down", body = ReadyResponse),
    ))]
async fn ready(State(state): State<ApiState>) -> impl IntoResponse {
    let readiness = state.app.readiness().await;
    let mut checks = serde_json::Map::new();
    match &readiness.database {
        Ok(()) => checks.insert("database".into(), "ok".into()),
        Err(e) => checks.insert("database".into(), format!("error: {e}").into()),
    };
    checks.insert("database_backend".into(), readiness.backend.as_str().into());
    match &readiness.model {
        ModelStatus::Ready(m) => {
            checks.insert("model".into(), "ok".into());
            checks.insert(
                "model_name".into(),
                format!("{} {}", m.name, m.version).into(),
            );
        }
        ModelStatus::NotConfigured(message) => {
            checks.insert("model".into(), "not configured".into());
            checks.insert("model_message".into(), message.as_str().into());
        }
        ModelStatus::Failed(message) => {
            checks.insert("model".into(), format!("error: {message}").into());
        }
    }
    let cache = match &readiness.cache {
        CacheHealth::Disabled => "disabled".into(),
        CacheHealth::Local => "in-process".into(),
        CacheHealth::SharedOk => "ok".into(),
        CacheHealth::SharedError(e) => format!("error: {e}"),
    };
    checks.insert("cache".into(), cache.into());
    if let Some(connected) = readiness.notification_listener {
        checks.insert(
            "notification_listener".into(),
            if connected { "ok" } else { "connecting" }.into(),
        );
    }
    let ready = readiness.is_ready();
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(ReadyResponse {
            status: if ready { "ready" } else { "not_ready" },
            checks,
        }),
    )
}

/// Prometheus metrics in the text exposition format. With `METRICS_TOKEN` set it needs
/// `Authorization: Bearer <METRICS_TOKEN>`; with `METRICS_BIND` set it is served only on
/// that address (404 here).
#[utoipa::path(get, path = "/metrics", tag = "platform", security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, description = "METRICS_TOKEN is set and was not sent", body = crate::error::ErrorBody),
        (status = 403, description = "A wrong metrics token", body = crate::error::ErrorBody),
        (status = 404, description = "Served on METRICS_BIND instead", body = crate::error::ErrorBody),
    ))]
async fn metrics(State(state): State<ApiState>, headers: HeaderMap) -> Response {
    if !state.config.metrics_on_api {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "no route for GET /metrics",
        )
        .into_response();
    }
    render_metrics(&state, &headers).await
}

/// `/metrics` for the router of its own listener (`METRICS_BIND`).
pub async fn metrics_only(State(state): State<ApiState>, headers: HeaderMap) -> Response {
    render_metrics(&state, &headers).await
}

async fn render_metrics(state: &ApiState, headers: &HeaderMap) -> Response {
    if let Some(expected) = &state.config.metrics_token {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        match presented {
            None => {
                return ApiError::unauthenticated("send Authorization: Bearer <METRICS_TOKEN>")
                    .into_response()
            }
            Some(t)
                if !practicum_auth::constant_time_eq(
                    t.as_bytes(),
                    expected.expose_secret().as_bytes(),
                ) =>
            {
                return ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::InvalidMetricsToken,
                    "the metrics token is wrong",
                )
                .into_response()
            }
            Some(_) => {}
        }
    }
    let (size, idle) = state.app.db().pool_stats();
    metrics::gauge!("db_pool_connections").set(f64::from(size));
    metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    let (size, idle) = state.app.db().reader_pool_stats();
    metrics::gauge!("db_read_pool_connections").set(f64::from(size));
    metrics::gauge!("db_read_pool_idle_connections").set(idle as f64);
    metrics::gauge!("ws_subscriptions").set(state.app.notification_hub().connections() as f64);
    // Counters of rare events, present at 0 so that rates and alerts see no gap.
    metrics::counter!("db_slow_queries_total").increment(0);
    for pool in ["writer", "reader"] {
        metrics::counter!("db_pool_acquire_errors_total", "pool" => pool).increment(0);
    }
    // Present (at 0) before the first socket opens, so dashboards never see a gap.
    metrics::gauge!("ws_connections").increment(0.0);
    // One grouped query per scrape; statuses absent from the table read 0.
    if let Ok(counts) = state.app.job_counts().await {
        for status in ["queued", "running", "succeeded", "dead"] {
            let n = counts
                .iter()
                .find(|(s, _)| s == status)
                .map_or(0, |(_, n)| *n);
            metrics::gauge!("jobs", "status" => status).set(n as f64);
        }
    }
    let mut body = state.metrics.render();
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    state_gauges(state, &mut body);
    predicted_classes(state, &mut body);
    queue_lag(state, &mut body).await;
    if let Some(lag) = state.app.db().replica_lag_seconds().await {
        use std::fmt::Write;
        let _ = writeln!(
            body,
            "# HELP db_replica_lag_seconds How far the read replica's replay is behind.\n\
             # TYPE db_replica_lag_seconds gauge\ndb_replica_lag_seconds {lag}"
        );
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// Gauges read from this state when scraped. Written into the text directly rather than
/// set on the process-wide recorder, so that each state (several per test process) reports
/// its own values.
fn state_gauges(state: &ApiState, body: &mut String) {
    use std::fmt::Write;
    let (configured, ready) = match state.app.model_status() {
        practicum_app::ml::ModelStatus::Ready(_) => (1, 1),
        practicum_app::ml::ModelStatus::NotConfigured(_) => (0, 0),
        practicum_app::ml::ModelStatus::Failed(_) => (1, 0),
    };
    let gauges = [
        (
            "db_pool_max_connections",
            "Configured size of the write pool (1 on SQLite: one writer).",
            u64::from(state.app.db().pool_max()),
        ),
        (
            "model_configured",
            "1 when a model is configured (MODEL_DIR), else 0.",
            configured,
        ),
        (
            "model_ready",
            "1 when the configured model is loaded and serving, else 0.",
            ready,
        ),
    ];
    for (name, help, value) in gauges {
        let _ = writeln!(
            body,
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
        );
    }
}

/// `model_predictions_total{class}`: the top-1 classes of this process, the
/// [`practicum_app::ml::TOP_CLASSES`] most frequent by name and the rest as `other`.
/// Written here rather than through the recorder, because which classes are the most
/// frequent is only known when ranked, at scrape time.
fn predicted_classes(state: &ApiState, body: &mut String) {
    use std::fmt::Write;
    let (top, other) = state
        .app
        .predicted_classes()
        .top(practicum_app::ml::TOP_CLASSES);
    let _ = writeln!(
        body,
        "# HELP model_predictions_total Top-1 predicted classes (the most frequent by name, the rest as other)."
    );
    let _ = writeln!(body, "# TYPE model_predictions_total counter");
    for (class, n) in top {
        let _ = writeln!(
            body,
            "model_predictions_total{{class=\"{}\"}} {n}",
            escape_label(&class)
        );
    }
    let _ = writeln!(body, "model_predictions_total{{class=\"other\"}} {other}");
}

/// `jobs_queue_lag_seconds{kind}`: how long the oldest due job of each kind has waited
/// (0: nothing due). One grouped query per scrape; left out if the query fails.
async fn queue_lag(state: &ApiState, body: &mut String) {
    use std::fmt::Write;
    let Ok(lag) = state.app.job_queue_lag().await else {
        return;
    };
    let _ = writeln!(
        body,
        "# HELP jobs_queue_lag_seconds Age of the oldest due job per kind (0: none due).\n\
         # TYPE jobs_queue_lag_seconds gauge"
    );
    for (kind, seconds) in lag {
        let _ = writeln!(
            body,
            "jobs_queue_lag_seconds{{kind=\"{}\"}} {seconds}",
            escape_label(&kind)
        );
    }
}

/// A Prometheus label value: backslash, double quote and newline escaped.
fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
