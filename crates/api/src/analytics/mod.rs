//! Analytics routes: `/analytics/courses`, `/analytics/courses/{slug}`,
//! `/analytics/users`, `/analytics/refresh`.

pub mod dto;
mod handlers;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::list_course_analytics))
        .routes(routes!(handlers::get_course_analytics))
        .routes(routes!(handlers::user_activity))
        .routes(routes!(handlers::refresh_analytics))
}
