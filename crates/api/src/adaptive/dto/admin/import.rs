//! Bodies of the admin routes of adaptive learning, bulk import of a track's modules, questions and articles.

use practicum_app::adaptive::{ImportInput, ImportSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ArticleRequest, QuestionRequest};

/// One document of modules, questions and articles; validated as a whole.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportRequest {
    /// Modules created when missing, in order.
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub questions: Vec<QuestionRequest>,
    #[serde(default)]
    pub articles: Vec<ArticleRequest>,
}

impl From<ImportRequest> for ImportInput {
    fn from(r: ImportRequest) -> Self {
        Self {
            modules: r.modules,
            questions: r.questions.into_iter().map(Into::into).collect(),
            articles: r.articles.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResponse {
    pub modules_created: usize,
    pub questions_created: usize,
    pub articles_created: usize,
}

impl From<ImportSummary> for ImportResponse {
    fn from(s: ImportSummary) -> Self {
        Self {
            modules_created: s.modules_created,
            questions_created: s.questions_created,
            articles_created: s.articles_created,
        }
    }
}
