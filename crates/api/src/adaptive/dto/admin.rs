//! Bodies of the admin routes: catalog, settings versions, import, approvals.

use chrono::{DateTime, Utc};
use practicum_app::adaptive::{
    ApprovalEvidence, ApprovalView, ArticleInput, ExamEvidence, ImportInput, ImportSummary,
    ModuleView, OptionInput, QuestionBody, QuestionInput, SettingsVersionView, StageView,
    TrackView,
};
use practicum_domain::{
    adaptive::{DiagnosticMode, TieBreak, TrackSettings, WeaknessRule},
    clock::to_datetime,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{kind_str, ModuleScoreResponse};

// Catalog.

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
pub struct TrackModuleResponse {
    pub module_id: i64,
    pub name: String,
    pub position: i32,
}

impl From<ModuleView> for TrackModuleResponse {
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
    pub modules: Vec<TrackModuleResponse>,
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
pub struct CreateTrackModuleRequest {
    #[schema(example = "Linear models")]
    pub name: String,
    /// Order in the track (lower first; under `module_order` settings it also breaks ties
    /// of weakness). Default: last.
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

/// A new settings version: any subset of the tunables; a field left out keeps the
/// current version's value (the defaults for a track's first version).
#[derive(Debug, ToSchema)]
pub struct SettingsRequest {
    /// K: the weakest modules that get required reading and the exam's extra questions.
    pub content_k_weak_modules: Option<u32>,
    pub content_optional_per_module: Option<u32>,
    pub content_required_per_weak_module: Option<u32>,
    pub minitest_questions: Option<u32>,
    /// At most `minitest_questions`.
    pub minitest_pass_correct: Option<u32>,
    pub diagnostic_questions_per_module: Option<u32>,
    /// N: questions in a level exam.
    pub level_exam_questions: Option<u32>,
    /// At most `max_questions_per_module`.
    pub min_questions_per_module: Option<u32>,
    pub max_questions_per_module: Option<u32>,
    /// 0..=100.
    pub level_exam_pass_pct: Option<u8>,
    pub rank_final_questions: Option<u32>,
    /// 0..=100.
    pub rank_final_pass_pct: Option<u8>,
    /// How equally weak modules are ordered when choosing the K weakest. Unlike the
    /// other fields it is not inherited: left out, the new version takes
    /// `fewer_asked_then_draw`.
    pub tie_break: Option<WeaknessTieBreak>,
    /// What "weakest" means: `errors` (the default; versions from before the option
    /// are marked so) or `mastery` (the learner model). Inherited like the counts.
    pub weakness: Option<WeaknessRuleBody>,
    /// `fixed` (all questions at once, the default) or `adaptive` (one at a time).
    pub diagnostic_mode: Option<DiagnosticModeBody>,
    /// Adaptive diagnostic: the most questions it asks (default 24).
    pub diagnostic_max_questions: Option<u32>,
    /// Adaptive diagnostic: stop once every module's weak/strong call is at least this
    /// probable, in percent, 50..=99 (default 90).
    pub diagnostic_confidence_pct: Option<u8>,
}

/// What "weakest" means for a settings version.
///
/// - `errors`: errors (total − correct) on the latest evidence, every question alike.
/// - `mastery`: the learner model's estimates (a Rasch ability per module updated by
///   every graded answer): the K lowest get the reading and the exam's extra
///   questions, and within a module the exam prefers questions near the learner's
///   ability (seeded, min/max per module, unseen first).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeaknessRuleBody {
    Errors,
    Mastery,
}

/// How the diagnostic asks: `fixed` (all at once) or `adaptive` (one at a time, by
/// information, until confident).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticModeBody {
    Fixed,
    Adaptive,
}

/// How a settings version orders modules tied on errors when choosing the K weakest
/// (required reading, and the exam's extra questions).
///
/// - `fewer_asked_then_draw` (the default of every new version): the module with fewer
///   questions asked first (less evidence of strength), then a draw seeded per learner
///   and stage, stored with the stage's content assignment so it replays identically;
///   every tied module has the same chance.
/// - `module_order`: the first module in track order wins. Versions created before the
///   fair rule existed carry it, so stages pinned to them behave as they did.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeaknessTieBreak {
    ModuleOrder,
    FewerAskedThenDraw,
}

impl From<TieBreak> for WeaknessTieBreak {
    fn from(t: TieBreak) -> Self {
        match t {
            TieBreak::ModuleOrder => WeaknessTieBreak::ModuleOrder,
            TieBreak::FewerAskedThenDraw => WeaknessTieBreak::FewerAskedThenDraw,
        }
    }
}

/// The tunables of a settings version.
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
    pub tie_break: WeaknessTieBreak,
    pub weakness: WeaknessRuleBody,
    pub diagnostic_mode: DiagnosticModeBody,
    pub diagnostic_max_questions: u32,
    pub diagnostic_confidence_pct: u8,
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
            tie_break: s.tie_break.into(),
            weakness: match s.weakness {
                WeaknessRule::Errors => WeaknessRuleBody::Errors,
                WeaknessRule::Mastery => WeaknessRuleBody::Mastery,
            },
            diagnostic_mode: match s.diagnostic_mode {
                DiagnosticMode::Fixed => DiagnosticModeBody::Fixed,
                DiagnosticMode::Adaptive => DiagnosticModeBody::Adaptive,
            },
            diagnostic_max_questions: s.diagnostic_max_questions,
            diagnostic_confidence_pct: s.diagnostic_confidence_pct,
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

// Approvals.

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
#[into_params(parameter_in = Query)]
pub struct TrackPageQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// A request with the learner's exams at the stage they ask to leave.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalEvidenceResponse {
    pub approval: ApprovalResponse,
    /// Every submitted level exam and rank final at the from-stage, oldest first.
    pub exams: Vec<ExamEvidenceResponse>,
}

/// One submitted exam attempt with its score per module (in track order).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExamEvidenceResponse {
    pub attempt_id: i64,
    /// `level` or `rank_final`.
    pub kind: String,
    pub attempt_no: i64,
    pub questions_total: i64,
    pub correct: i64,
    /// Share correct, 0..100.
    pub pct: i64,
    pub passed: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub per_module: Vec<ModuleScoreResponse>,
}

impl From<ExamEvidence> for ExamEvidenceResponse {
    fn from(e: ExamEvidence) -> Self {
        Self {
            attempt_id: e.attempt_id,
            kind: e.kind.to_owned(),
            attempt_no: e.attempt_no,
            questions_total: e.questions_total,
            correct: e.correct,
            pct: e.pct,
            passed: e.passed,
            submitted_at: e.submitted_at.map(to_datetime),
            per_module: e.per_module.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<ApprovalEvidence> for ApprovalEvidenceResponse {
    fn from(e: ApprovalEvidence) -> Self {
        Self {
            approval: e.approval.into(),
            exams: e.exams.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectRequest {
    pub reason: String,
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

/// `PATCH /admin/tracks/{slug}/modules/{module_id}`: the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTrackModuleRequest {
    pub name: Option<String>,
    pub position: Option<i32>,
}

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

/// `PATCH /admin/tracks/{slug}/articles/{article_id}`: the fields to change. Mini-test
/// questions are bank questions: edit them with the question routes.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateArticleRequest {
    pub title: Option<String>,
    pub markdown: Option<String>,
    pub position: Option<i32>,
    pub is_active: Option<bool>,
}
