//! `/api/v2`: composite reads that grow beside `/api/v1` (see the versioning policy in
//! docs/API-CONVENTIONS.md). Today: `GET /api/v2/courses/{slug}`.

mod courses;
pub mod dto;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(courses::get_course_overview))
}
