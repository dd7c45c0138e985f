//! Recommendation routes: `/recommendations`, `/recommendations/interactions`.

pub mod dto;
mod handlers;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::recommendations))
        .routes(routes!(handlers::record_interaction))
}
