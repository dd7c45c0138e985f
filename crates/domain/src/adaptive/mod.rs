//! Adaptive learning: the pure rules of a career track.
//!
//! Everything here is deterministic and free of I/O, clocks and async: the use-cases in
//! `app` load the inputs (modules, bank, stats, pinned settings, a stored seed), call
//! these functions, and persist the outcome in one transaction. The contract is
//! `shared/spec/adaptive.md`.
//!
//! - [`rank`] — ranks, stages (`trainee_0`, `junior_1`, …) and the order a track defines;
//! - [`settings`] — the tunables of a settings version and their validation;
//! - [`stage`] — the stage status state machine;
//! - [`engine`] — the adaptivity engine: how many questions per module, and which;
//! - [`grading`] — scoring an attempt, per module;
//! - [`weakness`] — the weakest modules, and how equally weak ones are ordered;
//! - [`eligibility`] — what the assigned content leaves open before the level exam;
//! - [`gates`] — whether each step of the path may be taken now (one decision that the
//!   reports show and the steps enforce);
//! - [`progression`] — what a passed exam does to the learner's path;
//! - [`mastery`] — the learner model (Rasch abilities per module), item calibration,
//!   the adaptive diagnostic and the `mastery` weakness rule;
//! - [`review`] — spaced review scheduled with FSRS;
//! - [`reasons`] — why a module got reading or an exam's questions, in words.

pub mod eligibility;
pub mod engine;
pub mod gates;
pub mod grading;
pub mod ids;
pub mod mastery;
pub mod progression;
pub mod rank;
pub mod reasons;
pub mod review;
pub mod settings;
pub mod stage;
pub mod weakness;

pub use eligibility::{ContentItem, ContentKind, EligibilityReport};
pub use engine::{
    diagnostic_draw, distribute, draw_key, exam_quotas, level_exam_draw, minitest_draw,
    pick_window, window_start, BankQuestion, Difficulty, DifficultyOutOfRange, DrawError, DrawPlan,
    DrawnQuestion, ModuleAvailability, ModuleQuota, StageModule,
};
pub use gates::{ExamState, PathActions, PathState, Refusal};
pub use grading::{
    grade, AnswerKey, GradeReport, GradingError, ModuleResult, ModuleStats, PassRule,
    SubmittedAnswer,
};
pub use ids::{ArticleId, ModuleId, OptionId, QuestionId};
pub use progression::{on_exam_passed, ExamKind, ProgressionAction, ProgressionError};
pub use rank::{ParseStageKeyError, Rank, StageKey, TrackRanks, TrackRanksError};
pub use settings::{DiagnosticMode, FieldError, TrackSettings, WeaknessRule};
pub use stage::{IllegalStageTransition, StageEvent, StageStatus};
pub use weakness::{weakest_modules, TieBreak, WeaknessTies};
