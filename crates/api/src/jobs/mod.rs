//! Background jobs, for admins: `GET /admin/jobs`, `GET /admin/jobs/{id}`,
//! `POST /admin/jobs/{id}/retry`.

pub mod dto;
mod handlers;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::list_jobs))
        .routes(routes!(handlers::get_job))
        .routes(routes!(handlers::retry_job))
}
