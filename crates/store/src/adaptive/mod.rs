//! Adaptive learning: the catalog (tracks, stages, modules, questions, articles), settings
//! versions, learners' stage progress, attempts, assigned content and approval requests.

pub mod approvals;
pub mod attempts;
pub mod catalog;
pub mod content;
pub mod progress;
pub mod settings;
