//! Admin routes of adaptive learning, articles: add, list, change, retire, delete.

use axum::{extract::State, http::StatusCode, Json};
use practicum_app::adaptive::BankFilter;

use crate::{
    adaptive::dto::*,
    error::{ApiResult, ErrorBody, NoAdminToken},
    extract::{AdminUser, AppJson, AppPath, AppQuery},
    state::ApiState,
};

/// Add an article (admin); a required one carries its mini-test questions.
#[utoipa::path(post, path = "/admin/tracks/{slug}/articles", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug")),
    request_body = ArticleRequest,
    responses(
        (status = 201, description = "The article's id", body = CreatedResponse),
        NoAdminToken,
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

/// The track's articles, optionally of one stage (admin).
#[utoipa::path(get, path = "/admin/tracks/{slug}/articles", tag = "adaptive", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Track slug"), BankQuery),
    responses(
        (status = 200, description = "Articles", body = AdminArticleList),
        StageFilterRefusals,
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
        ArticleRefusals,
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

/// Change an article (admin): title, markdown, position, activity.
#[utoipa::path(patch, path = "/admin/tracks/{slug}/articles/{article_id}", tag = "adaptive", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "Track slug"),
        ("article_id" = i64, Path, description = "Article id"),
    ),
    request_body = UpdateArticleRequest,
    responses(
        (status = 204, description = "Changed"),
        ArticleRefusals,
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
        ArticleRefusals,
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
