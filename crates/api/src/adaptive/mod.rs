//! Adaptive learning routes: tracks, progress, diagnostic (`/diagnostika`), content and
//! mini-tests, exams, the learner model (mastery, adaptive diagnostic, spaced review) and
//! the admin catalog, settings, approvals and item calibration.

mod admin;
pub mod dto;
mod learner;
mod mastery;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(learner::list_tracks))
        .routes(routes!(learner::get_track))
        .routes(routes!(learner::current_stage))
        .routes(routes!(learner::eligibility))
        .routes(routes!(learner::choose_track))
        .routes(routes!(learner::request_approval))
        .routes(routes!(learner::start_diagnostic))
        .routes(routes!(learner::submit_diagnostic))
        .routes(routes!(learner::diagnostic_result))
        .routes(routes!(learner::assign_content))
        .routes(routes!(learner::my_content))
        .routes(routes!(learner::mark_read))
        .routes(routes!(learner::get_minitest))
        .routes(routes!(learner::submit_minitest))
        .routes(routes!(learner::minitest_attempts))
        .routes(routes!(learner::start_level_exam))
        .routes(routes!(learner::submit_level_exam))
        .routes(routes!(learner::start_rank_final))
        .routes(routes!(learner::submit_rank_final))
        .routes(routes!(admin::create_track, admin::list_tracks))
        .routes(routes!(admin::update_track, admin::delete_track))
        .routes(routes!(admin::delete_stage))
        .routes(routes!(admin::create_stage))
        .routes(routes!(admin::create_module))
        .routes(routes!(admin::update_module, admin::delete_module))
        .routes(routes!(admin::update_question, admin::delete_question))
        .routes(routes!(admin::update_article, admin::delete_article))
        .routes(routes!(admin::create_question, admin::list_questions))
        .routes(routes!(admin::deactivate_question))
        .routes(routes!(admin::create_article, admin::list_articles))
        .routes(routes!(admin::deactivate_article))
        .routes(routes!(admin::import_track))
        .routes(routes!(admin::create_settings, admin::list_settings))
        .routes(routes!(admin::pending_approvals))
        .routes(routes!(admin::approval_evidence))
        .routes(routes!(admin::approve))
        .routes(routes!(admin::reject))
        .routes(routes!(mastery::my_mastery))
        .routes(routes!(mastery::learner_mastery))
        .routes(routes!(mastery::continue_diagnostic))
        .routes(routes!(mastery::answer_diagnostic))
        .routes(routes!(mastery::due_reviews))
        .routes(routes!(mastery::answer_review))
        .routes(routes!(mastery::list_calibrations))
        .routes(routes!(mastery::run_calibration))
}
