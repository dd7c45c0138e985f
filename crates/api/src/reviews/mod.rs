//! Review routes: `/courses/{slug}/reviews`, `/reviews`, `/reviews/{id}` with replies and
//! moderation.

pub mod dto;
mod handlers;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(
            handlers::list_course_reviews,
            handlers::create_review
        ))
        .routes(routes!(handlers::list_reviews))
        .routes(routes!(handlers::update_review, handlers::delete_review))
        .routes(routes!(handlers::list_replies, handlers::reply_to_review))
        .routes(routes!(handlers::report_review))
        .routes(routes!(handlers::hide_review))
        .routes(routes!(handlers::unhide_review))
}
