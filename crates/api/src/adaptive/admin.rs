//! Admin routes of adaptive learning: the catalog, settings versions, bulk import and
//! approvals. All need an admin-scoped token (`POST /admin/login`).

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::{
    adaptive::{ApprovalDecision, BankFilter},
    PageRequest,
};
use serde_json::{Map, Value};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AdminUser, AppJson, AppPath, AppQuery},
    state::ApiState,
};

/// Create a track (admin), optionally with the stages of the given ranks.
#[utoipa::path(post, path = "/admin/tracks", tag = "adaptive", security(("bearer" = [])),
    request_body = CreateTrackRequest,
    responses(
        (status = 201, description = "The new track", body = TrackResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 409, description = "Slug taken", body = ErrorBody),
        (status = 422, description = "Invalid slug, title or rank", body = ErrorBody),
    ))]
pub async fn create_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppJson(body): AppJson<CreateTrackRequest>,
) -> ApiResult<(StatusCode, Json<TrackResponse>)> {
    let input = practicum_app::adaptive::NewTrackInput {
        slug: body.slug,
        title: body.title,
        description: body.description,
        is_published: body.is_published,
        ranks: body.ranks,
    };
    let track = state.app.create_track(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(track.into())))
}

/// Every track, published or not (admin), one page in creation order.
#[utoipa::path(get, path = "/admin/tracks", operation_id = "admin_list_tracks", tag = "adaptive", security(("bearer" = [])),
    params(TrackPageQuery),
    responses(
        (status = 200, description = "Tracks in creation order", body = TrackList),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
    ))]
pub async fn list_tracks(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppQuery(q): AppQuery<TrackPageQuery>,
) -> ApiResult<Json<TrackList>> {
    let page = PageRequest::new(q.page, q.page_size);
    Ok(Json(
        state.app.admin_list_tracks(&actor, page).await?.into(),
    ))
}

/// Change a track's title, description or publication (admin).
#[utoipa::path(patch, path = "/admin/tracks/{slug}", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = UpdateTrackRequest,
    responses(
        (status = 200, description = "The track", body = TrackResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Invalid title", body = ErrorBody),
    ))]
pub async fn update_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<UpdateTrackRequest>,
) -> ApiResult<Json<TrackResponse>> {
    let changes = practicum_app::adaptive::TrackChanges {
        title: body.title,
        description: body.description,
        is_published: body.is_published,
    };
    Ok(Json(
        state.app.update_track(&actor, &slug, changes).await?.into(),
    ))
}

/// Add a stage (`junior_2`) to a track (admin).
#[utoipa::path(post, path = "/admin/tracks/{slug}/stages", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = CreateStageRequest,
    responses(
        (status = 201, description = "The stage", body = StageResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "The stage exists", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
    ))]
pub async fn create_stage(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateStageRequest>,
) -> ApiResult<(StatusCode, Json<StageResponse>)> {
    let stage = state.app.create_stage(&actor, &slug, &body.stage).await?;
    Ok((StatusCode::CREATED, Json(stage.into())))
}

/// Add a module to a track (admin); names are unique per track.
#[utoipa::path(post, path = "/admin/tracks/{slug}/modules", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = CreateTrackModuleRequest,
    responses(
        (status = 201, description = "The module", body = TrackModuleResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Name taken in this track", body = ErrorBody),
        (status = 422, description = "Empty name", body = ErrorBody),
    ))]
pub async fn create_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CreateTrackModuleRequest>,
) -> ApiResult<(StatusCode, Json<TrackModuleResponse>)> {
    let module = state
        .app
        .create_module(&actor, &slug, &body.name, body.position)
        .await?;
    Ok((StatusCode::CREATED, Json(module.into())))
}

/// Add a question with its options to the bank (admin).
#[utoipa::path(post, path = "/admin/tracks/{slug}/questions", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = QuestionRequest,
    responses(
        (status = 201, description = "The question's id", body = CreatedResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
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
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
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

/// Add an article (admin); a required one carries its mini-test questions.
#[utoipa::path(post, path = "/admin/tracks/{slug}/articles", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = ArticleRequest,
    responses(
        (status = 201, description = "The article's id", body = CreatedResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Invalid fields (named)", body = ErrorBody),
    ))]
pub async fn create_article(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<ArticleRequest>,
) -> ApiResult<(StatusCode, Json<CreatedResponse>)> {
    let id = state.app.create_article(&actor, &slug, body.into()).await?;
    Ok((StatusCode::CREATED, Json(CreatedResponse { id })))
}

/// Import modules, questions and articles from one document (admin). The document is
/// validated as a whole: one bad row is a 422 naming its index and field
/// (`questions[3].options`), and nothing is written.
#[utoipa::path(post, path = "/admin/tracks/{slug}/import", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = ImportRequest,
    responses(
        (status = 201, description = "What was created", body = ImportResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "A module name collides", body = ErrorBody),
        (status = 422, description = "Invalid rows, by index and field", body = ErrorBody),
    ))]
pub async fn import_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<ImportRequest>,
) -> ApiResult<(StatusCode, Json<ImportResponse>)> {
    let summary = state.app.import_track(&actor, &slug, body.into()).await?;
    Ok((StatusCode::CREATED, Json(summary.into())))
}

/// Create the track's next settings version and make it current (admin). Fields left
/// out keep the current version's values. Learners' stages keep the version they pinned.
#[utoipa::path(post, path = "/admin/tracks/{slug}/settings", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = SettingsRequest,
    responses(
        (status = 201, description = "The new current version", body = SettingsVersionResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Another version was created at the same time", body = ErrorBody),
        (status = 422, description = "Inconsistent settings; `details.fields` names them", body = ErrorBody),
    ))]
pub async fn create_settings(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<Map<String, Value>>,
) -> ApiResult<(StatusCode, Json<SettingsVersionResponse>)> {
    let v = state
        .app
        .create_settings_version(&actor, &slug, body)
        .await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

/// The track's settings versions, newest (current) first (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/settings", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    responses(
        (status = 200, description = "Versions", body = SettingsVersionList),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
    ))]
pub async fn list_settings(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<SettingsVersionList>> {
    let items: Vec<SettingsVersionResponse> = state
        .app
        .list_settings_versions(&actor, &slug)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(SettingsVersionList {
        total: items.len(),
        items,
    }))
}

/// Pending approval requests, oldest first (admin).
#[utoipa::path(get, path = "/admin/approvals/pending", tag = "adaptive", security(("bearer" = [])),
    params(TrackPageQuery),
    responses(
        (status = 200, description = "One page of pending requests", body = ApprovalPage),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
    ))]
pub async fn pending_approvals(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppQuery(q): AppQuery<TrackPageQuery>,
) -> ApiResult<Json<ApprovalPage>> {
    let page = state
        .app
        .pending_approvals(&actor, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(ApprovalPage {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    }))
}

/// The evidence behind a request (admin): the learner's submitted level exams and rank
/// finals at the stage they ask to leave, each with its score per module.
#[utoipa::path(get, path = "/admin/approvals/{approval_id}/evidence", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    responses(
        (status = 200, description = "The request and the learner's exams", body = ApprovalEvidenceResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
    ))]
pub async fn approval_evidence(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<ApprovalEvidenceResponse>> {
    Ok(Json(state.app.approval_evidence(&actor, id).await?.into()))
}

/// Approve a request (admin): the stage completes and the next one starts, pinning the
/// then-current settings (or the learner graduates).
#[utoipa::path(post, path = "/admin/approvals/{approval_id}/approve", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    responses(
        (status = 200, description = "The decided request", body = ApprovalResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    ))]
pub async fn approve(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<ApprovalResponse>> {
    Ok(Json(
        state
            .app
            .decide_approval(&actor, id, ApprovalDecision::Approve)
            .await?
            .into(),
    ))
}

/// Reject a request with a reason (admin): the stage is active again.
#[utoipa::path(post, path = "/admin/approvals/{approval_id}/reject", tag = "adaptive", security(("bearer" = [])),
    params(("approval_id" = i64, Path, description = "Approval request id")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "The decided request", body = ApprovalResponse),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody),
    ))]
pub async fn reject(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<RejectRequest>,
) -> ApiResult<Json<ApprovalResponse>> {
    Ok(Json(
        state
            .app
            .decide_approval(
                &actor,
                id,
                ApprovalDecision::Reject {
                    reason: body.reason,
                },
            )
            .await?
            .into(),
    ))
}

/// The track's questions with their answers, one page by id (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/questions", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug"), BankQuery),
    responses(
        (status = 200, description = "One page of questions", body = AdminQuestionPage),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
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
    Ok(Json(AdminQuestionPage {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    }))
}

/// The track's articles, optionally of one stage (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/articles", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug"), BankQuery),
    responses(
        (status = 200, description = "Articles", body = AdminArticleList),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
    ))]
pub async fn list_articles(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
    AppQuery(q): AppQuery<BankQuery>,
) -> ApiResult<Json<AdminArticleList>> {
    let items: Vec<AdminArticleResponse> = state
        .app
        .admin_list_articles(
            &actor,
            &slug,
            BankFilter {
                stage: q.stage.as_deref(),
                module_id: q.module_id,
            },
        )
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(AdminArticleList {
        total: items.len(),
        items,
    }))
}

/// Retire an article (admin): it is no longer assigned; learners who have it keep it.
#[utoipa::path(post, path = "/admin/tracks/{slug}/articles/{article_id}/deactivate", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("article_id" = i64, Path, description = "Article id"),
    ),
    responses(
        (status = 204, description = "Retired"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or article", body = ErrorBody),
    ))]
pub async fn deactivate_article(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, article_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .deactivate_article(&actor, &slug, article_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rename or move a module (admin).
#[utoipa::path(patch, path = "/admin/tracks/{slug}/modules/{module_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("module_id" = i64, Path, description = "Module id"),
    ),
    request_body = UpdateTrackModuleRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or module", body = ErrorBody),
        (status = 409, description = "Name taken in this track", body = ErrorBody),
        (status = 422, description = "Empty or over-long name", body = ErrorBody),
    ))]
pub async fn update_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<UpdateTrackModuleRequest>,
) -> ApiResult<StatusCode> {
    let changes = practicum_app::adaptive::ModuleChanges {
        name: body.name,
        position: body.position,
    };
    state
        .app
        .update_module(&actor, &slug, module_id, changes)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a module with its questions and articles (admin); refused (409) when any of
/// them is in a learner's history — retire them instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/modules/{module_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("module_id" = i64, Path, description = "Module id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or module", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_module(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, module_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state.app.delete_module(&actor, &slug, module_id).await?;
    Ok(StatusCode::NO_CONTENT)
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
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
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
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
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

/// Change an article (admin): title, markdown, position, activity.
#[utoipa::path(patch, path = "/admin/tracks/{slug}/articles/{article_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("article_id" = i64, Path, description = "Article id"),
    ),
    request_body = UpdateArticleRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or article", body = ErrorBody),
        (status = 422, description = "Invalid fields (named)", body = ErrorBody),
    ))]
pub async fn update_article(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, article_id)): AppPath<(String, i64)>,
    AppJson(body): AppJson<UpdateArticleRequest>,
) -> ApiResult<StatusCode> {
    let changes = practicum_app::adaptive::ArticleChanges {
        title: body.title,
        markdown: body.markdown,
        position: body.position,
        is_active: body.is_active,
    };
    state
        .app
        .update_article(&actor, &slug, article_id, changes)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete an article (admin; its mini-test questions stay in the bank); refused (409)
/// once it was assigned to a learner — retire it instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/articles/{article_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("article_id" = i64, Path, description = "Article id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or article", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_article(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, article_id)): AppPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    state.app.delete_article(&actor, &slug, article_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a track with its stages, modules, bank and settings (admin); refused (409)
/// once a learner has reached one of its stages — unpublish it instead.
#[utoipa::path(delete, path = "/admin/tracks/{slug}", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
    ))]
pub async fn delete_track(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_track(&actor, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a stage (`junior_2`) with its questions and articles (admin); refused (409)
/// once a learner has reached it.
#[utoipa::path(delete, path = "/admin/tracks/{slug}/stages/{stage}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("stage" = String, Path, description = "Stage key, e.g. junior_2"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin-scoped token", body = ErrorBody),
        (status = 404, description = "No such track or stage", body = ErrorBody),
        (status = 409, description = "Referenced by learner history", body = ErrorBody),
        (status = 422, description = "Not a stage key", body = ErrorBody),
    ))]
pub async fn delete_stage(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
    AppPath((slug, stage)): AppPath<(String, String)>,
) -> ApiResult<StatusCode> {
    state.app.delete_stage(&actor, &slug, &stage).await?;
    Ok(StatusCode::NO_CONTENT)
}
