//! Adaptive learning: the catalog (tracks, stages, modules, questions, articles), settings
//! versions, learners' stage progress, attempts, assigned content and approval requests;
//! the learner model (estimates, responses, calibrations) and spaced-review cards.

pub mod approvals;
pub mod articles;
pub mod attempts;
pub mod bank;
pub mod calibration;
pub mod catalog;
pub mod content;
pub mod mastery;
pub mod progress;
pub mod review;
pub mod settings;

/// Ids are integers we hold, so inlining them is safe and keeps one query per list.
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
