//! Bodies of the admin routes of adaptive learning, the question bank: add, list, change, retire, delete.

use crate::{error::ErrorBody, page::page_response};
use practicum_app::adaptive::{OptionInput, QuestionBody, QuestionInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct OptionRequest {
    pub text: String,
    #[serde(default)]
    pub is_correct: bool,
}

/// A question's text, difficulty and options (exactly one correct).
#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionBodyRequest {
    pub text: String,
    /// 1 (easiest) to 5; default 3.
    pub difficulty: Option<i64>,
    pub options: Vec<OptionRequest>,
}

impl From<QuestionBodyRequest> for QuestionBody {
    fn from(q: QuestionBodyRequest) -> Self {
        Self {
            text: q.text,
            difficulty: q.difficulty,
            options: q
                .options
                .into_iter()
                .map(|o| OptionInput {
                    text: o.text,
                    is_correct: o.is_correct,
                })
                .collect(),
        }
    }
}

/// A bank question: its module (by name) and the stage it targets.
#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionRequest {
    #[schema(example = "Linear models")]
    pub module: String,
    #[schema(example = "junior_1")]
    pub stage: String,
    pub text: String,
    pub difficulty: Option<i64>,
    pub options: Vec<OptionRequest>,
}

impl From<QuestionRequest> for QuestionInput {
    fn from(q: QuestionRequest) -> Self {
        Self {
            module: q.module,
            stage: q.stage,
            body: QuestionBodyRequest {
                text: q.text,
                difficulty: q.difficulty,
                options: q.options,
            }
            .into(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BankQuery {
    /// Only this stage (`junior_1`).
    pub stage: Option<String>,
    /// Only this module (its id).
    pub module_id: Option<i64>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// What the bank lists filtered by `BankQuery` (articles, questions) answer besides the list.
#[derive(IntoResponses)]
pub enum StageFilterRefusals {
    #[response(status = 401, description = "No admin-scoped token")]
    NoAdminToken(ErrorBody),
    #[response(status = 404, description = "No such track")]
    NoSuchTrack(ErrorBody),
    #[response(status = 422, description = "Not a stage key")]
    NotAStage(ErrorBody),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminOptionResponse {
    pub option_id: i64,
    pub text: String,
    pub is_correct: bool,
}

/// A bank question with its answer (admins only).
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminQuestionResponse {
    pub question_id: i64,
    pub module_id: i64,
    pub stage: String,
    pub text: String,
    pub difficulty: u8,
    pub is_active: bool,
    pub options: Vec<AdminOptionResponse>,
}

impl From<practicum_app::adaptive::AdminQuestionView> for AdminQuestionResponse {
    fn from(q: practicum_app::adaptive::AdminQuestionView) -> Self {
        Self {
            question_id: q.question_id,
            module_id: q.module_id,
            stage: q.stage.to_string(),
            text: q.text,
            difficulty: q.difficulty,
            is_active: q.is_active,
            options: q
                .options
                .into_iter()
                .map(|(option_id, text, is_correct)| AdminOptionResponse {
                    option_id,
                    text,
                    is_correct,
                })
                .collect(),
        }
    }
}

page_response!(AdminQuestionPage of AdminQuestionResponse);

/// `PATCH /admin/tracks/{slug}/questions/{question_id}`: the fields to change; `options`
/// replaces all options (exactly one correct).
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateBankQuestionRequest {
    pub text: Option<String>,
    /// 1 (easiest) to 5.
    pub difficulty: Option<i64>,
    pub options: Option<Vec<OptionRequest>>,
    pub is_active: Option<bool>,
}

impl From<UpdateBankQuestionRequest> for practicum_app::adaptive::QuestionChanges {
    fn from(q: UpdateBankQuestionRequest) -> Self {
        Self {
            text: q.text,
            difficulty: q.difficulty,
            options: q.options.map(|opts| {
                opts.into_iter()
                    .map(|o| practicum_app::adaptive::OptionInput {
                        text: o.text,
                        is_correct: o.is_correct,
                    })
                    .collect()
            }),
            is_active: q.is_active,
        }
    }
}
