//! Notifications: `GET /notifications`, `POST /notifications/{id}/read`,
//! `POST /notifications/read-all`, and the live WebSocket `GET /ws` (also at the root).

pub mod dto;
mod handlers;
pub mod ws;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::list_notifications))
        .routes(routes!(handlers::mark_notification_read))
        .routes(routes!(handlers::mark_all_notifications_read))
        .routes(routes!(ws::live_socket))
}

/// `/ws` at the root, outside the OpenAPI document (documented under `/api/v1/ws`).
pub fn root_router() -> axum::Router<ApiState> {
    axum::Router::new().route("/ws", axum::routing::get(ws::live_socket))
}
