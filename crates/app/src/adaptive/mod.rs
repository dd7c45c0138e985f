//! Adaptive learning use-cases: the admin catalog and settings, the learner's path
//! (placement, diagnostic, content, mini-tests, exams, progression) and approvals.
//!
//! Rules live in `practicum_domain::adaptive`; these use-cases load their inputs, call
//! the domain, and write the outcome in one transaction each.

mod adaptive_diagnostic;
mod approval_evidence;
mod approvals;
mod assign_content;
mod browse_bank;
mod browse_tracks;
mod catalog_input;
mod choose_track;
mod context;
mod current_stage;
mod diagnostic;
mod edit_article;
mod edit_module;
mod edit_question;
mod edit_stage;
mod edit_track;
mod exams;
mod grading;
mod history_guard;
mod import_track;
mod install_track;
pub(crate) mod learner_model;
mod mastery_views;
mod minitest;
mod my_content;
mod path_state;
mod progression;
mod request_approval;
mod review;
mod settings;
mod track_lookup;
mod views;
mod weakness_basis;

pub use approval_evidence::{ApprovalEvidence, ExamEvidence};
pub use approvals::ApprovalDecision;
pub use browse_bank::{AdminArticleView, AdminQuestionView, BankFilter};
pub use catalog_input::{ArticleInput, ImportInput, OptionInput, QuestionBody, QuestionInput};
pub(crate) use choose_track::placement_for;
pub use edit_article::ArticleChanges;
pub use edit_module::ModuleChanges;
pub use edit_question::QuestionChanges;
pub use edit_track::{NewTrackInput, TrackChanges};
pub use import_track::ImportSummary;
pub use install_track::TrackDocument;
pub use mastery_views::{CalibrationSummary, CalibrationView, MasteryView, ModuleMasteryView};
pub use review::{DueCardView, DueView, ReviewResultView};
pub use views::*;
