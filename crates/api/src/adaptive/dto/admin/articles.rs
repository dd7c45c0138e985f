//! Bodies of the admin routes of adaptive learning, articles: add, list, change, retire, delete.

use practicum_app::adaptive::ArticleInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoResponses, ToSchema};

use super::QuestionBodyRequest;
use crate::{adaptive::dto::kind_str, error::ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
pub struct ArticleRequest {
    pub module: String,
    pub stage: String,
    pub title: String,
    /// `optional` (closed by reading) or `required` (closed by its mini-test).
    #[schema(example = "required")]
    pub kind: String,
    #[serde(default)]
    pub markdown: String,
    pub position: Option<i32>,
    /// The mini-test of a required article.
    #[serde(default)]
    pub minitest: Vec<QuestionBodyRequest>,
}

impl From<ArticleRequest> for ArticleInput {
    fn from(a: ArticleRequest) -> Self {
        Self {
            module: a.module,
            stage: a.stage,
            title: a.title,
            kind: a.kind,
            markdown: a.markdown,
            position: a.position,
            minitest: a.minitest.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminArticleResponse {
    pub article_id: i64,
    pub module_id: i64,
    pub stage: String,
    pub title: String,
    pub kind: &'static str,
    pub is_active: bool,
    pub minitest_questions: i64,
}

impl From<practicum_app::adaptive::AdminArticleView> for AdminArticleResponse {
    fn from(a: practicum_app::adaptive::AdminArticleView) -> Self {
        Self {
            article_id: a.article_id,
            module_id: a.module_id,
            stage: a.stage.to_string(),
            title: a.title,
            kind: kind_str(a.kind),
            is_active: a.is_active,
            minitest_questions: a.minitest_questions,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminArticleList {
    pub items: Vec<AdminArticleResponse>,
    pub total: usize,
}

/// `PATCH /admin/tracks/{slug}/articles/{article_id}`: the fields to change. Mini-test
/// questions are bank questions: edit them with the question routes.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateArticleRequest {
    pub title: Option<String>,
    pub markdown: Option<String>,
    pub position: Option<i32>,
    pub is_active: Option<bool>,
}

/// The 401 and 404 of the admin routes on one article of a track (change, retire, delete).
#[derive(IntoResponses)]
pub enum ArticleRefusals {
    #[response(status = 401, description = "No admin-scoped token")]
    NoAdminToken(ErrorBody),
    #[response(status = 404, description = "No such track or article")]
    NoSuchArticle(ErrorBody),
}
