//! Admin routes of adaptive learning, the question bank: add, list, change, retire, delete.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::{adaptive::BankFilter, PageRequest};

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath, AppQuery},
    state::ApiState,
};

/// Add a question with its options to the bank (admin).
#[utoipa::path(post, path = "/admin/tracks/{slug}/questions", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = QuestionRequest,
    responses(
        (status = 201, description = "The question's id", body = CreatedResponse),
        NoAdminToken,
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Unknown module or stage, bad difficulty, not exactly one correct option", body = ErrorBody),
    ))]
pub async fn create_question(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<QuestionRequest>,
) -> ApiResult<(StatusCode, Json<CreatedResponse>)> {
    let id = state
        .app
        .create_question(&actor, &slug, body.into())
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedResponse { id })))
}

/// Retire a question (admin): it is never drawn again; old attempts keep it.
#[utoipa::path(post, path = "/admin/tracks/{slug}/questions/{question_id}/deactivate", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("question_id" = i64, Path, description = "Question id"),
    ),
    responses(
        (status = 204, description = "Retired"),
        NoAdminToken,
        (status = 404, description = "No such track or question", body = ErrorBody),
    ))]
pub async fn deactivate_question(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, question_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .set_question_active(&actor, &slug, question_id, false)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The track's questions with their answers, one page by id (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/questions", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug"), BankQuery),
    responses(
        (status = 200, description = "One page of questions", body = AdminQuestionPage),
        StageFilterRefusals,
    ))]
pub async fn list_questions(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppQuery(q): AppQuery<BankQuery>,
) -> ApiResult<Json<AdminQuestionPage>> {
    let page = state
        .app
        .admin_list_questions(
            &actor,
            &slug,
            BankFilter {
                stage: q.stage.as_deref(),
                module_id: q.module_id,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(AdminQuestionPage::from(page)))
}

/// Change a question (admin): text, difficulty, activity, or all its options at once
/// (exactly one correct). Options chosen in an attempt cannot be replaced (409).
#[utoipa::path(patch, path = "/admin/tracks/{slug}/questions/{question_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("question_id" = i64, Path, description = "Question id"),
    ),
    request_body = UpdateBankQuestionRequest,
    responses(
        (status = 204, description = "Changed"),
        NoAdminToken,
        (status = 404, description = "No such track or question", body = ErrorBody),
        (status = 409, description = "Its options are in learner history", body = ErrorBody),
        (status = 422, description = "Invalid fields (named)", body = ErrorBody),
    ))]
pub async fn update_question(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, question_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<UpdateBankQuestionRequest>,
) -> ApiResult<StatusCode> {
    state
        .app
        .update_question(&actor, &slug, question_id, body.into())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a question with its options (admin); refused (409) once it was asked in an
/// attempt — retire it instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/questions/{question_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("question_id" = i64, Path, description = "Question id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        NoAdminToken,
        (status = 404, description = "No such track or question", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_question(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, question_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .delete_question(&actor, &slug, question_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
