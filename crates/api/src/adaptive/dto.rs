//! Request and response bodies of the adaptive-learning routes.

use chrono::{DateTime, Utc};
use practicum_app::adaptive::{
    AnswerInput, ApprovalView, ArticleInput, AttemptView, ContentItemView, CurrentStageView,
    DiagnosticResultView, EligibilityView, GradedView, ImportInput, ImportSummary,
    MinitestResultView, ModuleScore, ModuleView, MyContentView, OptionInput, OptionView,
    ProgressOutcome, QuestionBody, QuestionInput, QuestionView, SettingsVersionView, StageView,
    TrackView,
};
use practicum_domain::{
    adaptive::{ContentKind, EligibilityReport, TrackSettings},
    clock::to_datetime,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

// ---- catalog ----

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTrackRequest {
    #[schema(example = "ml-engineer")]
    pub slug: String,
    #[schema(example = "ML Engineer")]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub is_published: bool,
    /// Ranks whose stages are created with the track: `trainee` (level 0), `junior`,
    /// `middle`, `senior` (levels 1–3 each).
    #[serde(default)]
    #[schema(example = json!(["trainee", "junior"]))]
    pub ranks: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTrackRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_published: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StageResponse {
    pub stage_id: i64,
    #[schema(example = "junior_1")]
    pub key: String,
    pub rank: String,
    pub level: u8,
}

impl From<StageView> for StageResponse {
    fn from(s: StageView) -> Self {
        Self {
            stage_id: s.stage_id,
            key: s.key.to_string(),
            rank: s.key.rank().to_string(),
            level: s.key.level(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleResponse {
    pub module_id: i64,
    pub name: String,
    pub position: i32,
}

impl From<ModuleView> for ModuleResponse {
    fn from(m: ModuleView) -> Self {
        Self {
            module_id: m.module_id,
            name: m.name,
            position: m.position,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackResponse {
    pub track_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    pub stages: Vec<StageResponse>,
    pub modules: Vec<ModuleResponse>,
}

impl From<TrackView> for TrackResponse {
    fn from(t: TrackView) -> Self {
        Self {
            track_id: t.track_id,
            slug: t.slug,
            title: t.title,
            description: t.description,
            is_published: t.is_published,
            stages: t.stages.into_iter().map(Into::into).collect(),
            modules: t.modules.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackList {
    pub items: Vec<TrackResponse>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

impl From<practicum_app::Page<TrackView>> for TrackList {
    fn from(p: practicum_app::Page<TrackView>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            total: p.total,
            page: p.page,
            page_size: p.page_size,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateStageRequest {
    /// `trainee_0`, `junior_1` … `senior_3`.
    #[schema(example = "junior_2")]
    pub stage: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateModuleRequest {
    #[schema(example = "Linear models")]
    pub name: String,
    /// Order in the track (lower first; ties of weakness break by it). Default: last.
    pub position: Option<i32>,
}

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
pub struct CreatedResponse {
    pub id: i64,
}

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

/// The tunables of a settings version. Every field is optional in a request: a field
/// left out keeps the current version's value.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsBody {
    pub content_k_weak_modules: u32,
    pub content_optional_per_module: u32,
    pub content_required_per_weak_module: u32,
    pub minitest_questions: u32,
    pub minitest_pass_correct: u32,
    pub diagnostic_questions_per_module: u32,
    pub level_exam_questions: u32,
    pub min_questions_per_module: u32,
    pub max_questions_per_module: u32,
    pub level_exam_pass_pct: u8,
    pub rank_final_questions: u32,
    pub rank_final_pass_pct: u8,
}

impl From<TrackSettings> for SettingsBody {
    fn from(s: TrackSettings) -> Self {
        Self {
            content_k_weak_modules: s.content_k_weak_modules,
            content_optional_per_module: s.content_optional_per_module,
            content_required_per_weak_module: s.content_required_per_weak_module,
            minitest_questions: s.minitest_questions,
            minitest_pass_correct: s.minitest_pass_correct,
            diagnostic_questions_per_module: s.diagnostic_questions_per_module,
            level_exam_questions: s.level_exam_questions,
            min_questions_per_module: s.min_questions_per_module,
            max_questions_per_module: s.max_questions_per_module,
            level_exam_pass_pct: s.level_exam_pass_pct,
            rank_final_questions: s.rank_final_questions,
            rank_final_pass_pct: s.rank_final_pass_pct,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsVersionResponse {
    pub settings_version_id: i64,
    pub version: i64,
    pub is_current: bool,
    pub settings: SettingsBody,
    pub created_at: DateTime<Utc>,
}

impl From<SettingsVersionView> for SettingsVersionResponse {
    fn from(v: SettingsVersionView) -> Self {
        Self {
            settings_version_id: v.settings_version_id,
            version: v.version,
            is_current: v.is_current,
            settings: v.settings.into(),
            created_at: to_datetime(v.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsVersionList {
    pub items: Vec<SettingsVersionResponse>,
    pub total: usize,
}

// ---- learner ----

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
    pub rank_final_open: bool,
    pub diagnostic_done: bool,
    pub content_assigned: bool,
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
}

impl From<AttemptView> for AttemptResponse {
    fn from(a: AttemptView) -> Self {
        Self {
            attempt_id: a.attempt_id,
            attempt_no: a.attempt_no,
            total_q: a.questions.len(),
            questions: a.questions.into_iter().map(Into::into).collect(),
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
}

impl From<DiagnosticResultView> for DiagnosticResultResponse {
    fn from(d: DiagnosticResultView) -> Self {
        Self {
            attempt_id: d.attempt_id,
            submitted: d.submitted,
            score_total: d.score_total,
            total_q: d.total_q,
            per_module: d.per_module.into_iter().map(Into::into).collect(),
        }
    }
}

fn kind_str(k: ContentKind) -> &'static str {
    match k {
        ContentKind::Optional => "optional",
        ContentKind::Required => "required",
    }
}

/// The eligibility report of the domain: required articles gate the level exam.
#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityReportBody {
    pub required_total: u32,
    pub required_done: u32,
    pub optional_total: u32,
    pub optional_done: u32,
    pub missing_required: Vec<i64>,
    pub missing_optional: Vec<i64>,
    pub eligible: bool,
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
    pub article_id: i64,
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
    pub closed: bool,
}

impl From<MinitestResultView> for MinitestResultResponse {
    fn from(m: MinitestResultView) -> Self {
        Self {
            article_id: m.article_id,
            correct: m.correct,
            total: m.total,
            passed: m.passed,
            closed: m.closed,
        }
    }
}

// ---- approvals ----

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalResponse {
    pub id: i64,
    pub user_id: i64,
    pub user_email: Option<String>,
    /// `rank_transition` or `graduation`.
    pub kind: String,
    pub from_stage: String,
    pub to_stage: Option<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<ApprovalView> for ApprovalResponse {
    fn from(a: ApprovalView) -> Self {
        Self {
            id: a.approval_id,
            user_id: a.user_id.0,
            user_email: a.user_email,
            kind: a.kind,
            from_stage: a.from.to_string(),
            to_stage: a.to.map(|k| k.to_string()),
            status: a.status,
            reason: a.reason,
            created_at: to_datetime(a.created_at),
            decided_at: a.decided_at.map(to_datetime),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalPage {
    pub items: Vec<ApprovalResponse>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectRequest {
    pub reason: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BankQuery {
    /// Only this stage (`junior_1`).
    pub stage: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
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

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminQuestionPage {
    pub items: Vec<AdminQuestionResponse>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
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
