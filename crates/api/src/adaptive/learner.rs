//! Learner routes of adaptive learning: tracks, the current stage, the diagnostic,
//! content and mini-tests, eligibility, level exams and rank finals.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::PageRequest;
use practicum_domain::adaptive::ExamKind;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AppJson, AppPath, AppQuery, CurrentUser},
    state::ApiState,
};

/// Published career tracks with their stages and modules, one page in creation order.
#[utoipa::path(get, path = "/tracks", tag = "adaptive", security(()),
    params(TrackPageQuery),
    responses((status = 200, description = "Published tracks", body = TrackPage)))]
pub async fn list_tracks(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<TrackPageQuery>,
) -> ApiResult<Json<TrackPage>> {
    let page = PageRequest::new(q.page, q.page_size);
    Ok(Json(state.app.list_tracks(page).await?.into()))
}

/// One published track.
#[utoipa::path(get, path = "/tracks/{slug}", tag = "adaptive", security(()),
    params(("slug" = String, Path, description = "Track slug")),
    responses(
        (status = 200, description = "The track", body = TrackResponse),
        (status = 404, description = "No such published track", body = ErrorBody),
    ))]
pub async fn get_track(
    State(state): State<ApiState>,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<TrackResponse>> {
    Ok(Json(state.app.get_track(&slug).await?.into()))
}

/// The learner's current stage. The first adaptive request places the learner at
/// `trainee_0` of the default track (the oldest published track with stages and a
/// current settings version), pinning its current settings.
#[utoipa::path(get, path = "/progress/current-stage", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "The current stage", body = CurrentStageResponse),
        (status = 412, description = "No published track with stages and settings exists", body = ErrorBody),
    ))]
pub async fn current_stage(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<CurrentStageResponse>> {
    Ok(Json(state.app.current_stage(actor.id).await?.into()))
}

/// Choose (or confirm) the adaptive track to follow, while nothing was done on one yet:
/// places the learner at its `trainee_0` (replacing an untouched placement on another
/// track). 409 once the learner has progress (a diagnostic, an exam, assigned content).
#[utoipa::path(post, path = "/progress/track", tag = "adaptive", security(("bearer" = [])),
    request_body = ChooseTrackRequest,
    responses(
        (status = 200, description = "The learner's stage on the chosen track", body = CurrentStageResponse),
        (status = 409, description = "The learner already has progress on a track", body = ErrorBody),
        (status = 422, description = "Unknown or unpublished track", body = ErrorBody),
    ))]
pub async fn choose_track(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<ChooseTrackRequest>,
) -> ApiResult<Json<CurrentStageResponse>> {
    Ok(Json(
        state
            .app
            .choose_track(actor.id, &body.track_slug)
            .await?
            .into(),
    ))
}

/// Whether the level exam may start: every required article closed.
#[utoipa::path(get, path = "/progress/eligibility", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "The eligibility report", body = EligibilityResponse),
        (status = 412, description = "No track available, or graduated", body = ErrorBody),
    ))]
pub async fn eligibility(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<EligibilityResponse>> {
    Ok(Json(state.app.eligibility(actor.id).await?.into()))
}

/// Start the one-time diagnostic (at `trainee_0` only).
#[utoipa::path(post, path = "/diagnostika/start", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 201, description = "The diagnostic's questions, without answers", body = AttemptResponse),
        (status = 409, description = "Already started (once per learner)", body = ErrorBody),
        (status = 412, description = "Not at trainee_0, no track, or the bank is short (module named)", body = ErrorBody),
    ))]
pub async fn start_diagnostic(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<(StatusCode, Json<AttemptResponse>)> {
    let a = state.app.start_diagnostic(actor.id).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// Submit the diagnostic: exactly one answer per question.
#[utoipa::path(post, path = "/diagnostika/submit", tag = "adaptive", security(("bearer" = [])),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "Total and per-module stats", body = DiagnosticResultResponse),
        (status = 404, description = "No diagnostic started", body = ErrorBody),
        (status = 409, description = "Already submitted", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
        (status = 422, description = "Not exactly one answer per question", body = ErrorBody),
    ))]
pub async fn submit_diagnostic(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<SubmitRequest>,
) -> ApiResult<Json<DiagnosticResultResponse>> {
    Ok(Json(
        state
            .app
            .submit_diagnostic(actor.id, body.into_answers())
            .await?
            .into(),
    ))
}

/// The diagnostic's result.
#[utoipa::path(get, path = "/diagnostika/result", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "The diagnostic (stats once submitted)", body = DiagnosticResultResponse),
        (status = 404, description = "No diagnostic started", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn diagnostic_result(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<DiagnosticResultResponse>> {
    Ok(Json(state.app.diagnostic_result(actor.id).await?.into()))
}

/// Assign the current stage's content: optional articles for every module, required
/// ones for the K weakest modules. Once per stage.
#[utoipa::path(post, path = "/content/assign", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 201, description = "The assigned content", body = MyContentResponse),
        (status = 409, description = "Already assigned, or the stage waits for approval", body = ErrorBody),
        (status = 412, description = "The diagnostic must be submitted first, or no track", body = ErrorBody),
    ))]
pub async fn assign_content(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<(StatusCode, Json<MyContentResponse>)> {
    let v = state.app.assign_content(actor.id).await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

/// The content assigned at the current stage, with the eligibility report.
#[utoipa::path(get, path = "/content/my", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 200, description = "Assigned content", body = MyContentResponse),
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn my_content(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<MyContentResponse>> {
    Ok(Json(state.app.my_content(actor.id).await?.into()))
}

/// Mark an assigned article read (closes an optional article). Idempotent.
#[utoipa::path(post, path = "/content/{id}/read", tag = "adaptive", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 204, description = "Read"),
        (status = 404, description = "Not assigned at the current stage", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn mark_read(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<StatusCode> {
    state.app.mark_content_read(actor.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The mini-test of an assigned required article (without answers).
#[utoipa::path(get, path = "/content/{id}/minitest", tag = "adaptive", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The questions", body = MinitestResponse),
        (status = 404, description = "Not a required article assigned at the current stage", body = ErrorBody),
        (status = 412, description = "Too few mini-test questions (module named), or no track", body = ErrorBody),
    ))]
pub async fn get_minitest(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<MinitestResponse>> {
    let questions: Vec<QuestionResponse> = state
        .app
        .get_minitest(actor.id, id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(MinitestResponse {
        article_id: id,
        total_q: questions.len(),
        questions,
    }))
}

/// Submit a mini-test; a pass closes the article for good (retakes unlimited).
#[utoipa::path(post, path = "/content/{id}/minitest/submit", tag = "adaptive", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "The result", body = MinitestResultResponse),
        (status = 404, description = "Not a required article assigned at the current stage", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
        (status = 422, description = "Not exactly minitest_questions answers to its questions", body = ErrorBody),
    ))]
pub async fn submit_minitest(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<SubmitRequest>,
) -> ApiResult<Json<MinitestResultResponse>> {
    Ok(Json(
        state
            .app
            .submit_minitest(actor.id, id, body.into_answers())
            .await?
            .into(),
    ))
}

/// The caller's own tries at a mini-test, oldest first, with their graded answers.
#[utoipa::path(get, path = "/content/{id}/minitest/attempts", tag = "adaptive", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The tries (empty before the first)", body = MinitestAttemptsResponse),
        (status = 404, description = "No tries, and not a required article assigned at the current stage", body = ErrorBody),
        (status = 412, description = "No track available", body = ErrorBody),
    ))]
pub async fn minitest_attempts(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<MinitestAttemptsResponse>> {
    let items: Vec<MinitestAttemptResponse> = state
        .app
        .minitest_attempts(actor.id, id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(MinitestAttemptsResponse {
        article_id: id,
        passed: items.iter().any(|a| a.passed),
        items,
    }))
}

/// Start a level exam at the current stage.
#[utoipa::path(post, path = "/exams/level/start", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 201, description = "The attempt's questions, without answers", body = AttemptResponse),
        (status = 409, description = "Already passed, an attempt is open, or the stage waits for approval", body = ErrorBody),
        (status = 412, description = "Not eligible (report in details), content not assigned, or the bank is short (module named)", body = ErrorBody),
    ))]
pub async fn start_level_exam(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<(StatusCode, Json<AttemptResponse>)> {
    let a = state.app.start_exam(actor.id, ExamKind::Level).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// Submit a level exam attempt; a PASS moves the learner along the path at once.
#[utoipa::path(post, path = "/exams/level/{attempt_id}/submit", tag = "adaptive", security(("bearer" = [])),
    params(("attempt_id" = i64, Path, description = "Attempt id")),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "The graded attempt and what it did to the path", body = GradedResponse),
        (status = 403, description = "Someone else's attempt", body = ErrorBody),
        (status = 404, description = "No such attempt", body = ErrorBody),
        (status = 409, description = "Already submitted or passed", body = ErrorBody),
        (status = 422, description = "Not exactly one answer per question", body = ErrorBody),
    ))]
pub async fn submit_level_exam(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(attempt_id): AppPath<i64>,
    AppJson(body): AppJson<SubmitRequest>,
) -> ApiResult<Json<GradedResponse>> {
    Ok(Json(
        state
            .app
            .submit_exam(actor.id, ExamKind::Level, attempt_id, body.into_answers())
            .await?
            .into(),
    ))
}

/// Start the rank final (after the level 3 exam passed), over every module of the rank.
#[utoipa::path(post, path = "/exams/rank-final/start", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 201, description = "The attempt's questions, without answers", body = AttemptResponse),
        (status = 409, description = "Already passed, an attempt is open, or the stage waits for approval", body = ErrorBody),
        (status = 412, description = "The rank final is not open, or the bank is short (module named)", body = ErrorBody),
    ))]
pub async fn start_rank_final(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<(StatusCode, Json<AttemptResponse>)> {
    let a = state.app.start_exam(actor.id, ExamKind::RankFinal).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// Submit a rank final attempt; a PASS asks an admin to approve the next rank (or the
/// graduation).
#[utoipa::path(post, path = "/exams/rank-final/{attempt_id}/submit", tag = "adaptive", security(("bearer" = [])),
    params(("attempt_id" = i64, Path, description = "Attempt id")),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "The graded attempt and what it did to the path", body = GradedResponse),
        (status = 403, description = "Someone else's attempt", body = ErrorBody),
        (status = 404, description = "No such attempt", body = ErrorBody),
        (status = 409, description = "Already submitted or passed", body = ErrorBody),
        (status = 422, description = "Not exactly one answer per question", body = ErrorBody),
    ))]
pub async fn submit_rank_final(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(attempt_id): AppPath<i64>,
    AppJson(body): AppJson<SubmitRequest>,
) -> ApiResult<Json<GradedResponse>> {
    Ok(Json(
        state
            .app
            .submit_exam(
                actor.id,
                ExamKind::RankFinal,
                attempt_id,
                body.into_answers(),
            )
            .await?
            .into(),
    ))
}

/// Ask an administrator again after a rejection (the passed exam stays passed).
#[utoipa::path(post, path = "/progress/request-approval", tag = "adaptive", security(("bearer" = [])),
    responses(
        (status = 201, description = "The request is pending", body = ProgressResponse),
        (status = 409, description = "A request is already pending", body = ErrorBody),
        (status = 412, description = "No passed trainee exam or rank final at this stage", body = ErrorBody),
    ))]
pub async fn request_approval(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<(StatusCode, Json<ProgressResponse>)> {
    let outcome = state.app.request_approval(actor.id).await?;
    Ok((StatusCode::CREATED, Json(outcome.into())))
}
