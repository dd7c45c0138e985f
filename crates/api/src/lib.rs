//! Practicum's HTTP layer: routers per context, DTOs with OpenAPI schemas, extractors and
//! the single error → HTTP mapping. Handlers extract, call one use-case, and map the
//! result; they never touch the database.

pub mod adaptive;
pub mod analytics;
pub mod catalog;
pub mod error;
pub mod extract;
pub mod identity;
pub mod jobs;
pub mod learning;
pub mod middleware;
pub mod ml;
pub mod notify;
pub mod openapi;
pub mod page;
pub mod platform;
pub mod rate_limit;
pub mod recommend;
pub mod reviews;
pub mod state;
mod upload;
pub mod user_rate_limit;
pub mod v2;
pub mod web;

use axum::{
    extract::DefaultBodyLimit,
    http::{header, HeaderName, HeaderValue, Method},
    Router,
};
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

pub use state::{ApiConfig, ApiState};

/// All routes with their OpenAPI document (before layers).
pub fn routes() -> (Router<ApiState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(platform::router())
        .merge(ml::root_router())
        .nest(
            "/api/v1",
            identity::router()
                .merge(ml::router())
                .merge(adaptive::router()),
        )
        // Merged before nesting: both serve `/lessons/{lesson_id}` (the catalog edits it,
        // learning reads it), and only a merge keeps every method in the document.
        .nest("/api/v1", catalog::router().merge(learning::router()))
        .nest(
            "/api/v1",
            reviews::router()
                .merge(analytics::router())
                .merge(recommend::router()),
        )
        .nest("/api/v1", notify::router().merge(jobs::router()))
        .nest("/api/v2", v2::router())
        .split_for_parts();
    let router = router
        .merge(notify::root_router())
        .merge(identity::compat_auth_router())
        .merge(platform::version_root_router());
    openapi::finalize(&mut doc);
    (router, doc)
}

/// The generated OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().1
}

/// `GET /metrics` alone, for a listener of its own (`METRICS_BIND`), over the same state.
pub fn metrics_router(state: ApiState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(platform::metrics_only))
        .with_state(state)
}

/// The complete application: routes, docs UI, and the middleware stack.
pub fn router(state: ApiState) -> Router {
    let (api, doc) = routes();
    let config = state.config.clone();
    let request_id = HeaderName::from_static("x-request-id");
    let mut app = api
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", doc))
        .fallback(web::fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::read_your_writes::route_reads,
        ))
        .layer(axum::middleware::from_fn(middleware::metrics::track))
        .layer(axum::middleware::from_fn(
            middleware::envelope::ensure_envelope,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(state);
    if let Some(cors) = cors_layer(&config.cors_allowed_origins) {
        app = app.layer(cors);
    }
    app.layer(axum::middleware::from_fn_with_state(
        std::sync::Arc::new(config.security_headers.clone()),
        middleware::security_headers::apply,
    ))
    // Outside the timeout, so a request answered 408 still gets its access line.
    .layer(axum::middleware::from_fn_with_state(
        std::sync::Arc::new(middleware::access_log::AccessLog::new(config.access_log)),
        middleware::access_log::log,
    ))
    .layer(axum::middleware::from_fn(middleware::request_id::scope_request_id))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id, user_id = tracing::field::Empty)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// CORS from `CORS_ALLOWED_ORIGINS`: none at all when empty (same origin only); `*` lets
/// any origin read responses but never with credentials (cookies, `Authorization` from a
/// browser's store); listed origins may send credentials. A foreign origin gets no
/// `Access-Control-Allow-*` header, so its page cannot read the answer.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let any = origins.iter().any(|o| o == "*");
    let layer = CorsLayer::new()
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT_LANGUAGE,
            HeaderName::from_static(identity::session_cookie::TRANSPORT_HEADER),
        ])
        .expose_headers([HeaderName::from_static("x-request-id"), header::RETRY_AFTER]);
    Some(if any {
        layer.allow_origin(AllowOrigin::any())
    } else {
        layer
            .allow_origin(AllowOrigin::list(
                origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()),
            ))
            .allow_credentials(true)
    })
}
