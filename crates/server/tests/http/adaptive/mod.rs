//! Adaptive learning: the admin catalog, the learner's path end to end, and the races.

mod catalog;
mod catalog_edit;
mod cli;
mod concurrency;
mod demo;
mod draw;
mod invariants;
mod journey;
mod minitest;
pub mod support;
mod ties;
mod track_choice;
