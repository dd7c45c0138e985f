//! Bodies of the learner-model routes: mastery, the adaptive diagnostic's steps, spaced
//! review, exam-draw reasons, item calibration.

use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::adaptive::{
    CalibrationView, DiagnosticStepView, DrawReasonView, DueCardView, DueView, MasteryView,
    ModuleMasteryView, ModuleStandingView, ReviewResultView,
};
use practicum_domain::{adaptive::mastery::cat::CatStop, clock::to_datetime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{DiagnosticResultResponse, QuestionResponse};

pub(crate) fn stop_str(s: CatStop) -> &'static str {
    match s {
        CatStop::Confident => "confident",
        CatStop::MaxQuestions => "max_questions",
        CatStop::BankExhausted => "bank_exhausted",
    }
}

/// Why an exam asks a module's questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawReasonResponse {
    pub module_id: i64,
    pub module_name: String,
    pub questions: u32,
    #[schema(
        example = "4 questions because your estimated mastery of Trees is the lowest (0.31 ± 0.08)"
    )]
    pub reason: String,
}

impl From<DrawReasonView> for DrawReasonResponse {
    fn from(r: DrawReasonView) -> Self {
        Self {
            module_id: r.module_id,
            module_name: r.module_name,
            questions: r.questions,
            reason: r.reason,
        }
    }
}

/// A module as the diagnostic judged it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModuleStandingResponse {
    pub module_id: i64,
    pub module_name: String,
    /// Among the K weakest by the diagnostic's estimates.
    pub weak: bool,
    /// The probability (0..1) that `weak` is right for this module.
    pub confidence: f64,
    pub asked: u32,
    /// Chance of answering an average question right, with its standard deviation.
    pub mastery: f64,
    pub mastery_sd: f64,
}

impl From<ModuleStandingView> for ModuleStandingResponse {
    fn from(m: ModuleStandingView) -> Self {
        Self {
            module_id: m.module_id,
            module_name: m.module_name,
            weak: m.weak,
            confidence: m.confidence,
            asked: m.asked,
            mastery: m.mastery,
            mastery_sd: m.mastery_sd,
        }
    }
}

/// The adaptive diagnostic after a start, an answer or a look: the pending question, or
/// the result once done.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosticStepResponse {
    pub attempt_id: i64,
    pub done: bool,
    /// Questions asked so far, the pending one included.
    pub asked: u32,
    pub max_questions: u32,
    pub question: Option<QuestionResponse>,
    pub result: Option<DiagnosticResultResponse>,
}

impl From<DiagnosticStepView> for DiagnosticStepResponse {
    fn from(v: DiagnosticStepView) -> Self {
        Self {
            attempt_id: v.attempt_id,
            done: v.done,
            asked: v.asked,
            max_questions: v.max_questions,
            question: v.question.map(Into::into),
            result: v.result.map(Into::into),
        }
    }
}

/// The answer to the adaptive diagnostic's pending question.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DiagnosticAnswerRequest {
    pub question_id: i64,
    pub option_id: i64,
}

/// One module's estimate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleMasteryResponse {
    pub module_id: i64,
    pub module_name: String,
    /// Rasch ability in logits (0 = can answer a difficulty-3 question half the time).
    pub ability: f64,
    pub ability_sd: f64,
    /// Chance of answering an average question right (σ(ability)), 0..1.
    pub mastery: f64,
    pub mastery_sd: f64,
    /// "0.31 ± 0.08".
    pub display: String,
    /// Graded answers the estimate rests on.
    pub answers: i64,
    pub correct: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<ModuleMasteryView> for ModuleMasteryResponse {
    fn from(m: ModuleMasteryView) -> Self {
        Self {
            display: format!("{:.2} ± {:.2}", m.mastery, m.mastery_sd),
            module_id: m.module_id,
            module_name: m.module_name,
            ability: m.ability,
            ability_sd: m.ability_sd,
            mastery: m.mastery,
            mastery_sd: m.mastery_sd,
            answers: m.answers,
            correct: m.correct,
            updated_at: m.updated_at.map(to_datetime),
        }
    }
}

/// A learner's estimates per module of their track.
#[derive(Debug, Serialize, ToSchema)]
pub struct MasteryResponse {
    pub user_id: i64,
    pub track: String,
    pub modules: Vec<ModuleMasteryResponse>,
    /// Spaced-review cards due now.
    pub review_due: i64,
}

impl From<MasteryView> for MasteryResponse {
    fn from(v: MasteryView) -> Self {
        Self {
            user_id: v.user_id.0,
            track: v.track_slug,
            modules: v.modules.into_iter().map(Into::into).collect(),
            review_due: v.review_due,
        }
    }
}

/// `GET /review/due` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// Cards to return, 1..=50 (default 20).
    pub limit: Option<u32>,
}

/// A due review card with its question (never the answer).
#[derive(Debug, Serialize, ToSchema)]
pub struct DueCardResponse {
    /// Answer it at `POST /review/{card_id}/answer`.
    pub card_id: i64,
    /// `question` (missed once) or `module` (its memory decays).
    pub kind: &'static str,
    pub module_id: i64,
    pub module_name: String,
    pub due_at: DateTime<Utc>,
    pub reps: i64,
    pub lapses: i64,
    pub question: QuestionResponse,
    pub reason: String,
}

impl From<DueCardView> for DueCardResponse {
    fn from(c: DueCardView) -> Self {
        Self {
            card_id: c.card_id,
            kind: c.kind,
            module_id: c.module_id,
            module_name: c.module_name,
            due_at: to_datetime(c.due_at),
            reps: c.reps,
            lapses: c.lapses,
            question: c.question.into(),
            reason: c.reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueResponse {
    /// Every due card (the list may be shorter).
    pub due_count: i64,
    pub items: Vec<DueCardResponse>,
}

impl From<DueView> for DueResponse {
    fn from(v: DueView) -> Self {
        Self {
            due_count: v.due_count,
            items: v.items.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewAnswerRequest {
    pub option_id: i64,
}

/// A graded review and the card's next schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewResultResponse {
    pub card_id: i64,
    pub is_correct: bool,
    pub correct_option_id: i64,
    /// FSRS rating given: `good` (right) or `again` (wrong).
    pub rating: &'static str,
    pub next_due_at: DateTime<Utc>,
    pub interval_days: f64,
    pub mastery: f64,
    pub mastery_sd: f64,
}

impl From<ReviewResultView> for ReviewResultResponse {
    fn from(r: ReviewResultView) -> Self {
        Self {
            card_id: r.card_id,
            is_correct: r.is_correct,
            correct_option_id: r.correct_option_id,
            rating: r.rating,
            next_due_at: to_datetime(r.next_due_at),
            interval_days: r.interval_days,
            mastery: r.mastery,
            mastery_sd: r.mastery_sd,
        }
    }
}

/// `GET /admin/tracks/{slug}/calibration` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalibrationQuery {
    /// Only questions with a flag.
    pub flagged: Option<bool>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// A question's calibration.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalibrationResponse {
    pub question_id: i64,
    pub module_id: i64,
    pub module_name: String,
    pub stage_id: i64,
    pub text: String,
    pub is_active: bool,
    /// The author's 1..5 and its value on the logit scale (the prior).
    pub author_difficulty: u8,
    pub author_logit: f64,
    /// Estimated difficulty (logits) and its standard error.
    pub difficulty: f64,
    pub difficulty_se: f64,
    pub responses: i64,
    pub share_correct: f64,
    /// Point-biserial correlation of being right with the learners' ability.
    pub discrimination: Option<f64>,
    /// `too_easy`, `too_hard`, `negative_discrimination`.
    pub flags: Vec<String>,
    pub calibrated_at: DateTime<Utc>,
}

impl From<CalibrationView> for CalibrationResponse {
    fn from(v: CalibrationView) -> Self {
        let q = v.question;
        let c = q.calibration;
        Self {
            question_id: q.question_id,
            module_id: q.module_id,
            module_name: q.module_name,
            stage_id: q.stage_id,
            text: q.text,
            is_active: q.is_active,
            author_difficulty: q.author_difficulty,
            author_logit: v.author_logit,
            difficulty: c.difficulty,
            difficulty_se: c.variance.sqrt(),
            responses: c.responses,
            share_correct: c.share_correct,
            discrimination: c.discrimination,
            flags: c
                .flags
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
            calibrated_at: to_datetime(c.calibrated_at),
        }
    }
}

page_response!(CalibrationPage of CalibrationResponse);
