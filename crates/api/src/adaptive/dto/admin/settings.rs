//! Bodies of the admin routes of adaptive learning, settings versions: create, list.

use chrono::{DateTime, Utc};
use practicum_app::adaptive::SettingsVersionView;
use practicum_domain::{
    adaptive::{DiagnosticMode, TieBreak, TrackSettings, WeaknessRule},
    clock::to_datetime,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
