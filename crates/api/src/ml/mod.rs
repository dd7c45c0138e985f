//! ML inference routes: `/api/v1/ml/*`, and the standalone ML service's routes at the
//! root (`/register`, `/token`, `/forward`, `/history`, `/stats`) over the same users,
//! history and model.

mod admin_token;
mod compat;
pub mod dto;
mod forward;
mod history;
mod upload;

use axum::extract::DefaultBodyLimit;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

/// Routes nested under `/api/v1`.
pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(forward::forward))
        // The upload reader enforces the per-image size and the image count while it
        // streams, so the global body limit must not cut the body first.
        .layer(DefaultBodyLimit::disable())
        .routes(routes!(forward::list_models))
        .routes(routes!(history::list_history, history::delete_history))
        .routes(routes!(history::stats))
}

/// Routes at the root, as the standalone ML service had them.
pub fn root_router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(compat::forward))
        .layer(DefaultBodyLimit::disable())
        .routes(routes!(compat::register))
        .routes(routes!(compat::token))
        .routes(routes!(compat::history, compat::delete_history))
        .routes(routes!(compat::stats))
}
