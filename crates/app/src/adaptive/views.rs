//! What the adaptive use-cases return: plain values the API turns into DTOs.

use practicum_domain::{
    adaptive::{
        mastery::cat::CatStop, ContentKind, DiagnosticMode, EligibilityReport, PathActions,
        StageKey, StageStatus, TrackSettings,
    },
    identity::UserId,
    Timestamp,
};

#[derive(Debug, Clone)]
pub struct TrackView {
    pub track_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    pub stages: Vec<StageView>,
    pub modules: Vec<ModuleView>,
}

#[derive(Debug, Clone)]
pub struct StageView {
    pub stage_id: i64,
    pub key: StageKey,
}

#[derive(Debug, Clone)]
pub struct ModuleView {
    pub module_id: i64,
    pub name: String,
    pub position: i32,
}

#[derive(Debug, Clone)]
pub struct SettingsVersionView {
    pub settings_version_id: i64,
    pub version: i64,
    pub is_current: bool,
    pub settings: TrackSettings,
    pub created_at: Timestamp,
}

/// The learner's place on the path.
#[derive(Debug, Clone)]
pub struct CurrentStageView {
    pub track_slug: String,
    pub stage_id: i64,
    pub key: StageKey,
    pub status: StageStatus,
    pub settings_version: i64,
    /// The last stage was approved as the end of the track.
    pub graduated: bool,
    /// The rank final may be started now (`actions.rank_final` allows it).
    pub rank_final_open: bool,
    pub diagnostic_done: bool,
    pub content_assigned: bool,
    /// Spaced-review cards due now (`GET /review/due`).
    pub review_due: i64,
    /// Whether each step may be taken now, as the step itself decides.
    pub actions: PathActions,
}

#[derive(Debug, Clone)]
pub struct OptionView {
    pub option_id: i64,
    pub text: String,
}

/// A question as the learner sees it: never the correct option.
#[derive(Debug, Clone)]
pub struct QuestionView {
    pub question_id: i64,
    pub module_id: i64,
    pub text: String,
    pub options: Vec<OptionView>,
}

/// A started attempt (diagnostic, level exam or rank final).
#[derive(Debug, Clone)]
pub struct AttemptView {
    pub attempt_id: i64,
    pub attempt_no: i64,
    pub questions: Vec<QuestionView>,
    /// Exams: why each module got its share of the questions (empty for the diagnostic).
    pub reasons: Vec<DrawReasonView>,
}

/// Why an exam asks a module's questions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DrawReasonView {
    pub module_id: i64,
    pub module_name: String,
    pub questions: u32,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ModuleScore {
    pub module_id: i64,
    pub module_name: String,
    pub total: u32,
    pub correct: u32,
}

/// What a passed exam did to the learner's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressOutcome {
    None,
    AutoAdvanced {
        to: StageKey,
    },
    PendingApproval {
        to: Option<StageKey>,
        request_id: i64,
    },
    RankFinalOpen,
}

/// A graded attempt.
#[derive(Debug, Clone)]
pub struct GradedView {
    pub attempt_id: i64,
    pub attempt_no: i64,
    pub score_total: u32,
    pub total_q: u32,
    pub percentage: u8,
    pub passed: bool,
    pub per_module: Vec<ModuleScore>,
    pub progress: ProgressOutcome,
}

#[derive(Debug, Clone)]
pub struct DiagnosticResultView {
    pub attempt_id: i64,
    pub submitted: bool,
    pub score_total: Option<u32>,
    pub total_q: u32,
    pub per_module: Vec<ModuleScore>,
    /// `fixed` or `adaptive` (the pinned version's `diagnostic_mode`).
    pub mode: DiagnosticMode,
    /// Every module classified weak or not by the Rasch estimates of the diagnostic's
    /// answers, with the confidence of that call (empty before any answer is logged).
    pub modules: Vec<ModuleStandingView>,
    /// Adaptive: why it stopped (`confident`, `max_questions`, `bank_exhausted`).
    pub stop_reason: Option<CatStop>,
}

/// A module as the diagnostic judged it.
#[derive(Debug, Clone)]
pub struct ModuleStandingView {
    pub module_id: i64,
    pub module_name: String,
    pub weak: bool,
    /// The probability that `weak` is right.
    pub confidence: f64,
    pub asked: u32,
    pub mastery: f64,
    pub mastery_sd: f64,
}

/// The adaptive diagnostic's state after a start, an answer or a look.
#[derive(Debug, Clone)]
pub struct DiagnosticStepView {
    pub attempt_id: i64,
    pub done: bool,
    /// Questions asked so far (the pending one included).
    pub asked: u32,
    pub max_questions: u32,
    /// The question to answer next; `None` once done.
    pub question: Option<QuestionView>,
    /// The result once done.
    pub result: Option<DiagnosticResultView>,
}

#[derive(Debug, Clone)]
pub struct ContentItemView {
    pub article_id: i64,
    pub module_id: i64,
    pub title: String,
    pub kind: ContentKind,
    pub markdown: String,
    pub closed: bool,
    pub read: bool,
    pub minitest_passed: bool,
    pub minitest_tries: i64,
    /// Why it was assigned (`None` for assignments made before reasons were stored).
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MyContentView {
    pub key: StageKey,
    pub items: Vec<ContentItemView>,
    pub eligibility: EligibilityReport,
}

#[derive(Debug, Clone)]
pub struct MinitestResultView {
    /// The stored try (`GET /content/{id}/minitest/attempts` lists them).
    pub attempt_id: i64,
    pub article_id: i64,
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
    /// Closed now or by an earlier pass (a pass is sticky).
    pub closed: bool,
}

/// One stored mini-test try, as its learner sees it.
#[derive(Debug, Clone)]
pub struct MinitestAttemptView {
    pub attempt_id: i64,
    pub article_id: i64,
    pub stage: StageKey,
    pub correct: i64,
    pub total: i64,
    pub passed: bool,
    pub submitted_at: Timestamp,
    pub answers: Vec<MinitestAnswerView>,
}

/// An answer of a stored mini-test try, graded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MinitestAnswerView {
    pub question_id: i64,
    pub option_id: i64,
    pub is_correct: bool,
}

#[derive(Debug, Clone)]
pub struct ApprovalView {
    pub approval_id: i64,
    pub user_id: UserId,
    pub user_email: Option<String>,
    pub kind: String,
    pub from: StageKey,
    pub to: Option<StageKey>,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
}

impl From<practicum_store::adaptive::approvals::ApprovalRecord> for ApprovalView {
    fn from(r: practicum_store::adaptive::approvals::ApprovalRecord) -> Self {
        Self {
            approval_id: r.id,
            user_id: r.user_id,
            user_email: r.user_email,
            kind: r.kind,
            from: r.from_key,
            to: r.to_key,
            status: r.status,
            reason: r.reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
        }
    }
}

/// One answer of a submission: the option chosen for a question.
#[derive(Debug, Clone, Copy)]
pub struct AnswerInput {
    pub question_id: i64,
    pub option_id: i64,
}

/// `GET /progress/eligibility`.
#[derive(Debug, Clone)]
pub struct EligibilityView {
    pub key: StageKey,
    /// The level exam also needs the stage's content to have been assigned.
    pub content_assigned: bool,
    pub report: EligibilityReport,
}
