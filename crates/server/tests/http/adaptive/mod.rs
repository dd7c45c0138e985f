//! Adaptive learning: the admin catalog, the learner's path end to end, and the races.

mod catalog;
mod concurrency;
mod invariants;
mod journey;
pub mod support;
