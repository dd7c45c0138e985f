//! Learning routes: enrollment and favorites (`/courses/{slug}/…`), `/lessons/*`,
//! `/quizzes/answers/check`, `/activity-log`, `/dashboard/*`.

pub mod dto;
mod handlers;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::enroll))
        .routes(routes!(handlers::toggle_favorite, handlers::get_favorite))
        .routes(routes!(handlers::get_lesson))
        .routes(routes!(handlers::complete_lesson))
        .routes(routes!(handlers::check_answer))
        .routes(routes!(handlers::record_activity, handlers::my_activity))
        .routes(routes!(handlers::my_courses))
        .routes(routes!(handlers::course_progress))
}
