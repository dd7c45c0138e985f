//! Bodies of the learner routes: progress, diagnostic, content, exams.

use chrono::{DateTime, Utc};
use practicum_app::adaptive::{
    AnswerInput, AttemptView, ContentItemView, CurrentStageView, DiagnosticResultView,
    EligibilityView, GradedView, MinitestAnswerView, MinitestAttemptView, MinitestResultView,
    ModuleScore, MyContentView, OptionView, ProgressOutcome, QuestionView,
};
use practicum_domain::{
    adaptive::{EligibilityReport, PathActions, Refusal},
    clock::to_datetime,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{kind_str, stop_str, DrawReasonResponse, ModuleStandingResponse};

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentStageResponse {
    pub track: String,
    pub stage_id: i64,
    #[schema(example = "trainee")]
    pub rank: String,
    pub level: u8,
    #[schema(example = "trainee_0")]
    pub stage: String,
    /// `active`, `pending_approval`, or `completed` (after graduation).
    pub status: String,
    /// The settings version this stage pinned.
    pub settings_version: i64,
    pub graduated: bool,
    /// The rank final may be started now (`actions.rank_final.allowed`).
    pub rank_final_open: bool,
    pub diagnostic_done: bool,
    pub content_assigned: bool,
    /// Spaced-review cards due now (`GET /review/due`).
    pub review_due: i64,
    /// Whether each step may be taken now, decided as the step itself decides.
    pub actions: PathActionsBody,
}

impl From<CurrentStageView> for CurrentStageResponse {
    fn from(v: CurrentStageView) -> Self {
        Self {
            track: v.track_slug,
            stage_id: v.stage_id,
            rank: v.key.rank().to_string(),
            level: v.key.level(),
            stage: v.key.to_string(),
            status: v.status.to_string(),
            settings_version: v.settings_version,
            graduated: v.graduated,
            rank_final_open: v.rank_final_open,
            diagnostic_done: v.diagnostic_done,
            content_assigned: v.content_assigned,
            review_due: v.review_due,
            actions: v.actions.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OptionResponse {
    pub option_id: i64,
    pub text: String,
}

/// A question without its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionResponse {
    pub question_id: i64,
    pub module_id: i64,
    pub text: String,
    pub options: Vec<OptionResponse>,
}

impl From<QuestionView> for QuestionResponse {
    fn from(q: QuestionView) -> Self {
        Self {
            question_id: q.question_id,
            module_id: q.module_id,
            text: q.text,
            options: q
                .options
                .into_iter()
                .map(|o: OptionView| OptionResponse {
                    option_id: o.option_id,
                    text: o.text,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptResponse {
    pub attempt_id: i64,
    pub attempt_no: i64,
    pub total_q: usize,
    pub questions: Vec<QuestionResponse>,
    /// Exams: why each module got its share of the questions (the pinned `weakness`
    /// rule's evidence); empty for the diagnostic.
    pub reasons: Vec<DrawReasonResponse>,
}

impl From<AttemptView> for AttemptResponse {
    fn from(a: AttemptView) -> Self {
        Self {
            attempt_id: a.attempt_id,
            attempt_no: a.attempt_no,
            total_q: a.questions.len(),
            questions: a.questions.into_iter().map(Into::into).collect(),
            reasons: a.reasons.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerRequest {
    pub question_id: i64,
    pub option_id: i64,
}

/// Exactly one answer per question of the attempt.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitRequest {
    pub answers: Vec<AnswerRequest>,
}

impl SubmitRequest {
    pub fn into_answers(self) -> Vec<AnswerInput> {
        self.answers
            .into_iter()
            .map(|a| AnswerInput {
                question_id: a.question_id,
                option_id: a.option_id,
            })
            .collect()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleScoreResponse {
    pub module_id: i64,
    pub module: String,
    pub total: u32,
    pub correct: u32,
}

impl From<ModuleScore> for ModuleScoreResponse {
    fn from(m: ModuleScore) -> Self {
        Self {
            module_id: m.module_id,
            module: m.module_name,
            total: m.total,
            correct: m.correct,
        }
    }
}

/// What a PASS did: `action` is `auto_advanced`, `pending_approval`, `rank_final_open`
/// or `none`; `to` the next stage (none for a graduation request).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressResponse {
    pub action: &'static str,
    pub to: Option<String>,
    /// For `pending_approval`: `rank_transition` or `graduation`.
    pub approval_kind: Option<&'static str>,
    pub approval_id: Option<i64>,
}

impl From<ProgressOutcome> for ProgressResponse {
    fn from(p: ProgressOutcome) -> Self {
        let (action, to, approval_kind, approval_id) = match p {
            ProgressOutcome::None => ("none", None, None, None),
            ProgressOutcome::RankFinalOpen => ("rank_final_open", None, None, None),
            ProgressOutcome::AutoAdvanced { to } => {
                ("auto_advanced", Some(to.to_string()), None, None)
            }
            ProgressOutcome::PendingApproval { to, request_id } => (
                "pending_approval",
                to.map(|k| k.to_string()),
                Some(if to.is_some() {
                    "rank_transition"
                } else {
                    "graduation"
                }),
                Some(request_id),
            ),
        };
        Self {
            action,
            to,
            approval_kind,
            approval_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GradedResponse {
    pub attempt_id: i64,
    pub attempt_no: i64,
    pub score_total: u32,
    pub total_q: u32,
    pub percentage: u8,
    pub passed: bool,
    pub per_module: Vec<ModuleScoreResponse>,
    pub progress: ProgressResponse,
}

impl From<GradedView> for GradedResponse {
    fn from(g: GradedView) -> Self {
        Self {
            attempt_id: g.attempt_id,
            attempt_no: g.attempt_no,
            score_total: g.score_total,
            total_q: g.total_q,
            percentage: g.percentage,
            passed: g.passed,
            per_module: g.per_module.into_iter().map(Into::into).collect(),
            progress: g.progress.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosticResultResponse {
    pub attempt_id: i64,
    pub submitted: bool,
    pub score_total: Option<u32>,
    pub total_q: u32,
    pub per_module: Vec<ModuleScoreResponse>,
    /// `fixed` or `adaptive`.
    #[schema(example = "adaptive")]
    pub mode: &'static str,
    /// Every module classified weak or not from the diagnostic's answers, with the
    /// confidence of the call (empty until submitted).
    pub modules: Vec<ModuleStandingResponse>,
    /// The modules judged weak (K of them), in module order.
    pub weak_modules: Vec<ModuleStandingResponse>,
    /// Adaptive: why it stopped (`confident`, `max_questions`, `bank_exhausted`).
    pub stop_reason: Option<&'static str>,
}

impl From<DiagnosticResultView> for DiagnosticResultResponse {
    fn from(d: DiagnosticResultView) -> Self {
        Self {
            attempt_id: d.attempt_id,
            submitted: d.submitted,
            score_total: d.score_total,
            total_q: d.total_q,
            per_module: d.per_module.into_iter().map(Into::into).collect(),
            mode: d.mode.as_str(),
            weak_modules: d
                .modules
                .iter()
                .filter(|m| m.weak)
                .cloned()
                .map(Into::into)
                .collect(),
            modules: d.modules.into_iter().map(Into::into).collect(),
            stop_reason: d.stop_reason.map(stop_str),
        }
    }
}

/// The eligibility report of the domain: required articles gate the level exam.
/// `eligible` is the very decision `POST /exams/level/start` applies; when false,
/// `reason` says why (the error code the start would answer with).
#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityReportBody {
    pub required_total: u32,
    pub required_done: u32,
    pub optional_total: u32,
    pub optional_done: u32,
    pub missing_required: Vec<i64>,
    pub missing_optional: Vec<i64>,
    pub eligible: bool,
    pub reason: Option<RefusalBody>,
}

/// Why a step of the path cannot be taken now: `code` is the error code the step's
/// request answers with (`content_not_assigned`, `not_eligible`, `exam_already_passed`,
/// `attempt_in_progress`, `rank_final_not_open`, `diagnostic_required`,
/// `content_already_assigned`, `nothing_to_approve`, `stage_pending_approval`,
/// `graduated`).
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusalBody {
    #[schema(example = "content_not_assigned")]
    pub code: &'static str,
    pub message: &'static str,
    /// 409 (done or under way) or 412 (a step before it is missing).
    pub status: u16,
}

impl From<Refusal> for RefusalBody {
    fn from(r: Refusal) -> Self {
        Self {
            code: r.code(),
            message: r.message(),
            status: if r.is_conflict() { 409 } else { 412 },
        }
    }
}

/// Whether a step may be taken now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionBody {
    pub allowed: bool,
    /// Why not, when `allowed` is false.
    pub reason: Option<RefusalBody>,
}

impl From<Result<(), Refusal>> for ActionBody {
    fn from(d: Result<(), Refusal>) -> Self {
        Self {
            allowed: d.is_ok(),
            reason: d.err().map(Into::into),
        }
    }
}

/// Each step of the path, decided exactly as the step's own request decides it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathActionsBody {
    /// `POST /content/assign`.
    pub assign_content: ActionBody,
    /// `POST /exams/level/start`.
    pub level_exam: ActionBody,
    /// `POST /exams/rank-final/start`.
    pub rank_final: ActionBody,
    /// `POST /progress/request-approval`.
    pub request_approval: ActionBody,
}

impl From<PathActions> for PathActionsBody {
    fn from(a: PathActions) -> Self {
        Self {
            assign_content: a.assign_content.into(),
            level_exam: a.level_exam.into(),
            rank_final: a.rank_final.into(),
            request_approval: a.request_approval.into(),
        }
    }
}

impl From<EligibilityReport> for EligibilityReportBody {
    fn from(r: EligibilityReport) -> Self {
        Self {
            required_total: r.required_total,
            required_done: r.required_done,
            optional_total: r.optional_total,
            optional_done: r.optional_done,
            missing_required: r.missing_required.into_iter().map(|a| a.0).collect(),
            missing_optional: r.missing_optional.into_iter().map(|a| a.0).collect(),
            eligible: r.eligible,
            reason: r.reason.map(Into::into),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityResponse {
    pub stage: String,
    pub content_assigned: bool,
    #[serde(flatten)]
    pub report: EligibilityReportBody,
}

impl From<EligibilityView> for EligibilityResponse {
    fn from(v: EligibilityView) -> Self {
        Self {
            stage: v.key.to_string(),
            content_assigned: v.content_assigned,
            report: v.report.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContentItemResponse {
    /// The article's id (used by `/content/{id}/…`).
    pub id: i64,
    pub module_id: i64,
    pub title: String,
    pub kind: &'static str,
    pub markdown: String,
    pub closed: bool,
    pub read: bool,
    pub minitest_passed: bool,
    pub minitest_tries: i64,
    /// Why it was assigned ("your estimated mastery of X is the lowest (0.31 ± 0.08)");
    /// null for assignments made before reasons were stored.
    pub reason: Option<String>,
}

impl From<ContentItemView> for ContentItemResponse {
    fn from(c: ContentItemView) -> Self {
        Self {
            id: c.article_id,
            module_id: c.module_id,
            title: c.title,
            kind: kind_str(c.kind),
            markdown: c.markdown,
            closed: c.closed,
            read: c.read,
            minitest_passed: c.minitest_passed,
            minitest_tries: c.minitest_tries,
            reason: c.reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyContentResponse {
    pub stage: String,
    pub items: Vec<ContentItemResponse>,
    pub eligibility: EligibilityReportBody,
}

impl From<MyContentView> for MyContentResponse {
    fn from(v: MyContentView) -> Self {
        Self {
            stage: v.key.to_string(),
            items: v.items.into_iter().map(Into::into).collect(),
            eligibility: v.eligibility.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MinitestResponse {
    pub article_id: i64,
    pub total_q: usize,
    pub questions: Vec<QuestionResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MinitestResultResponse {
    /// The stored try.
    pub attempt_id: i64,
    pub article_id: i64,
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
    pub closed: bool,
}

impl From<MinitestResultView> for MinitestResultResponse {
    fn from(m: MinitestResultView) -> Self {
        Self {
            attempt_id: m.attempt_id,
            article_id: m.article_id,
            correct: m.correct,
            total: m.total,
            passed: m.passed,
            closed: m.closed,
        }
    }
}

/// One stored mini-test try of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MinitestAttemptResponse {
    pub attempt_id: i64,
    pub article_id: i64,
    #[schema(example = "trainee_0")]
    pub stage: String,
    pub correct: i64,
    pub total: i64,
    pub passed: bool,
    pub submitted_at: DateTime<Utc>,
    pub answers: Vec<MinitestAnswerResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MinitestAnswerResponse {
    pub question_id: i64,
    pub option_id: i64,
    pub is_correct: bool,
}

impl From<MinitestAttemptView> for MinitestAttemptResponse {
    fn from(a: MinitestAttemptView) -> Self {
        Self {
            attempt_id: a.attempt_id,
            article_id: a.article_id,
            stage: a.stage.to_string(),
            correct: a.correct,
            total: a.total,
            passed: a.passed,
            submitted_at: to_datetime(a.submitted_at),
            answers: a
                .answers
                .into_iter()
                .map(|x: MinitestAnswerView| MinitestAnswerResponse {
                    question_id: x.question_id,
                    option_id: x.option_id,
                    is_correct: x.is_correct,
                })
                .collect(),
        }
    }
}

/// `GET /content/{id}/minitest/attempts`: the caller's tries, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MinitestAttemptsResponse {
    pub article_id: i64,
    /// True once a try passed (sticky).
    pub passed: bool,
    pub items: Vec<MinitestAttemptResponse>,
}

/// `POST /progress/track`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChooseTrackRequest {
    #[schema(example = "ml-engineer")]
    pub track_slug: String,
}
