//! Recommendations: learners' category preferences, fed by interactions and enrollments,
//! and `GET /recommendations`.
//!
//! Score of a published course the learner is not enrolled in:
//! `0.7 · rating_avg / 5 + 0.3 · pref(category) / max pref of the learner`
//! `+ 0.15` when the course has a tag whose slug is the slug of one of the learner's
//! weakest adaptive modules (the modules with the most wrong answers, at most two, in
//! their latest graded diagnostic or exam). Ties: more ratings first, then the older
//! course (smaller id). A learner without history gets the top-rated courses.

mod interactions;
mod recommendations;

pub(crate) use interactions::feed_preference;
pub use interactions::{InteractionKind, InteractionOutcome};
pub use recommendations::Recommendation;

pub const RATING_WEIGHT: f64 = 0.7;
pub const PREFERENCE_WEIGHT: f64 = 0.3;
pub const WEAK_MODULE_BOOST: f64 = 0.15;
/// How many of the weakest modules count.
pub const WEAK_MODULES: usize = 2;
