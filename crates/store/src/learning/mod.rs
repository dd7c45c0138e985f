//! Learning: enrollments, favorites, lesson completions, the activity log, and the
//! aggregate queries behind the dashboard.

pub mod activity;
pub mod enrollments;
pub mod progress;
