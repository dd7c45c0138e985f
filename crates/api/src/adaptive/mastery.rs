//! Learner-model routes: the learner's mastery, the adaptive diagnostic's one-at-a-time
//! steps, spaced review; for admins a learner's mastery and item calibration.

use axum::{extract::State, Json};
use practicum_app::{adaptive::AnswerInput, PageRequest};
use practicum_domain::identity::UserId;
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NoAdminToken, NotSignedIn},
    extract::{AdminUser, AppJson, AppPath, AppQuery, CurrentUser},
    state::ApiState,
};

/// The caller's estimated mastery per module of their track: a Rasch ability with its
/// uncertainty, updated by every graded answer (diagnostic, mini-tests, exams, lesson
/// quizzes of courses tagged with the module, reviews).
#[utoipa::path(get, path = "/progress/mastery", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "Estimates per module", body = MasteryResponse),
        NotSignedIn,
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn my_mastery(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<MasteryResponse>> {
    Ok(Json(state.app.my_mastery(actor.id).await?.into()))
}

/// A learner's estimated mastery per module (admin).
#[utoipa::path(get, path = "/admin/learners/{user_id}/mastery", tag = "adaptive", security(("bearer" = [])),
    params(("user_id" = i64, Path, description = "The learner")),
    responses(
        (status = 200, description = "Estimates per module", body = MasteryResponse),
        NoAdminToken,
        (status = 404, description = "No such user, or no track progress", body = ErrorBody),
    ))]
pub async fn learner_mastery(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(user_id): AppPath<i64>,
) -> ApiResult<Json<MasteryResponse>> {
    Ok(Json(
        state
            .app
            .learner_mastery(&actor, UserId(user_id))
            .await?
            .into(),
    ))
}

/// The adaptive diagnostic's pending question, or its result once done.
#[utoipa::path(post, path = "/diagnostika/next", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "The pending question or the result", body = DiagnosticStepResponse),
        (status = 404, description = "No diagnostic started", body = ErrorBody),
        (status = 409, description = "The track's diagnostic is fixed", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn continue_diagnostic(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<DiagnosticStepResponse>> {
    Ok(Json(state.app.diagnostic_next(actor.id).await?.into()))
}

/// Answer the adaptive diagnostic's pending question; returns the next question (chosen
/// for information) or, when every module's call is confident enough or the maximum is
/// reached, the result naming the weak modules with their confidence.
#[utoipa::path(post, path = "/diagnostika/answer", tag = "adaptive", security(("bearer" = [])),
    request_body = DiagnosticAnswerRequest,
    responses(
        (status = 200, description = "The next question or the result", body = DiagnosticStepResponse),
        (status = 404, description = "No diagnostic started", body = ErrorBody),
        (status = 409, description = "Fixed diagnostic, already answered, or finished", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
        (status = 422, description = "Not the pending question, or not one of its options", body = ErrorBody),
    ))]
pub async fn answer_diagnostic(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<DiagnosticAnswerRequest>,
) -> ApiResult<Json<DiagnosticStepResponse>> {
    let answer = AnswerInput {
        question_id: body.question_id,
        option_id: body.option_id,
    };
    Ok(Json(
        state.app.answer_diagnostic(actor.id, answer).await?.into(),
    ))
}

/// The caller's spaced-review cards due now (missed questions, and modules whose
/// memory decays), soonest first, scheduled with FSRS.
#[utoipa::path(get, path = "/review/due", tag = "adaptive", security(("bearer" = [])),
    params(DueQuery),
    responses(
        (status = 200, description = "Due cards with their questions", body = DueResponse),
        NotSignedIn,
    ))]
pub async fn due_reviews(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<DueQuery>,
) -> ApiResult<Json<DueResponse>> {
    Ok(Json(
        state
            .app
            .due_reviews(actor.id, q.limit.unwrap_or(20))
            .await?
            .into(),
    ))
}

/// Answer a due review card: graded, the learner model updated, the card rescheduled.
#[utoipa::path(post, path = "/review/{card_id}/answer", tag = "adaptive", security(("bearer" = [])),
    params(("card_id" = i64, Path, description = "The review card")),
    request_body = ReviewAnswerRequest,
    responses(
        (status = 200, description = "Graded, with the next due time", body = ReviewResultResponse),
        (status = 404, description = "No such card of the caller", body = ErrorBody),
        (status = 409, description = "Not due yet", body = ErrorBody),
        (status = 422, description = "Not an option of the card's question", body = ErrorBody),
    ))]
pub async fn answer_review(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(card_id): AppPath<i64>,
    AppJson(body): AppJson<ReviewAnswerRequest>,
) -> ApiResult<Json<ReviewResultResponse>> {
    Ok(Json(
        state
            .app
            .answer_review(actor.id, card_id, body.option_id)
            .await?
            .into(),
    ))
}

/// The track's calibrated questions (admin): estimated difficulty next to the
/// author's, share correct, discrimination and flags (`too_easy`, `too_hard`,
/// `negative_discrimination`); `flagged=true` lists only those to review.
#[utoipa::path(get, path = "/admin/tracks/{slug}/calibration", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug"), CalibrationQuery),
    responses(
        (status = 200, description = "Calibrated questions, most answered first", body = CalibrationPage),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
    ))]
pub async fn list_calibrations(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppQuery(q): AppQuery<CalibrationQuery>,
) -> ApiResult<Json<CalibrationPage>> {
    let page = PageRequest::new(q.page, q.page_size);
    Ok(Json(
        state
            .app
            .list_calibrations(&actor, &slug, q.flagged.unwrap_or(false), page)
            .await?
            .into(),
    ))
}

/// What a calibration run did.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalibrationRunResponse {
    pub questions: usize,
    pub responses: usize,
    pub flagged: usize,
}

/// Calibrate every answered question now (admin): what the periodic `calibrate_items`
/// job does.
#[utoipa::path(post, path = "/admin/calibration/run", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "Questions calibrated", body = CalibrationRunResponse),
        NoAdminToken,
    ))]
pub async fn run_calibration(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
) -> ApiResult<Json<CalibrationRunResponse>> {
    actor.require(&[practicum_domain::identity::Role::Admin])?;
    let s = state.app.calibrate_items().await?;
    Ok(Json(CalibrationRunResponse {
        questions: s.questions,
        responses: s.responses,
        flagged: s.flagged,
    }))
}
