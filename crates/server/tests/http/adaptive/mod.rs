//! Adaptive learning: the admin catalog, the learner's path end to end, and the races.

mod catalog;
mod catalog_edit;
mod cli;
mod concurrency;
mod demo;
mod diagnostic_cat;
mod draw;
mod evidence;
mod gates;
mod invariants;
mod journey;
mod load_bank;
mod mastery;
mod minitest;
mod review;
pub mod support;
mod ties;
mod track_choice;
