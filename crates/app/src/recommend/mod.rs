//! Recommendations: learners' category preferences, fed by interactions and enrollments,
//! and `GET /recommendations`.
//!
//! Score of a published course the learner is not enrolled in:
//! `0.7 · rating_avg / 5 + 0.3 · pref(category) / max pref of the learner`
//! `+ 0.15` when the course has a tag whose slug is the slug of one of the learner's
//! weakest adaptive modules (the modules with the most wrong answers, at most two, in
//! their latest graded diagnostic or exam). Ties: more ratings first, then the older
//! course (smaller id). A learner without history gets the top-rated courses.
//!
//! Recency: `+ 0.2 · recent(category)`, where recent(category) is Σ weight(kind) ·
//! 2^(−age / 7 days) over the learner's stored interactions of the last 30 days with
//! courses of that category, divided by the largest such sum (so 0..=1). Of two equal
//! preferences, the one shown lately wins.

mod interactions;
mod recommendations;

pub use interactions::{CourseRef, InteractionKind, InteractionOutcome};
pub use recommendations::Recommendation;

pub const RATING_WEIGHT: f64 = 0.7;
pub const PREFERENCE_WEIGHT: f64 = 0.3;
pub const WEAK_MODULE_BOOST: f64 = 0.15;
pub const RECENCY_WEIGHT: f64 = 0.2;
/// Half-life of an interaction's weight in the recency term.
pub const RECENCY_HALF_LIFE_MS: i64 = 7 * 24 * 3600 * 1000;
/// How far back the recency term looks, and how many interactions it reads at most.
pub const RECENCY_WINDOW_MS: i64 = 30 * 24 * 3600 * 1000;
pub const RECENCY_MAX_ROWS: i64 = 500;
/// How many of the weakest modules count.
pub const WEAK_MODULES: usize = 2;
