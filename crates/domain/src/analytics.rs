//! Analytics rules: the kinds of events the log records, and how they score towards
//! trending (a weight per kind, halved every half-life, nothing after the window).

/// What an event records. The names are stored as they are spelled here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    CourseView,
    Enrollment,
    LessonCompleted,
    ReviewPosted,
    ExamGraded,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CourseView => "course_view",
            EventKind::Enrollment => "enrollment",
            EventKind::LessonCompleted => "lesson_completed",
            EventKind::ReviewPosted => "review_posted",
            EventKind::ExamGraded => "exam_graded",
        }
    }
}

/// How much each kind of event counts towards trending.
pub const TRENDING_WEIGHTS: &[(EventKind, f64)] = &[
    (EventKind::CourseView, 1.0),
    (EventKind::LessonCompleted, 2.0),
    (EventKind::ReviewPosted, 3.0),
    (EventKind::Enrollment, 5.0),
];
/// An event's weight halves every this many hours.
pub const TRENDING_HALF_LIFE_HOURS: i64 = 72;
/// Events older than this many days no longer count.
pub const TRENDING_WINDOW_DAYS: i64 = 30;

/// The share of its weight an event keeps at `age_hours` whole hours old:
/// 2^(−age/half-life).
pub fn trending_decay(age_hours: i64) -> f64 {
    0.5f64.powf(age_hours as f64 / TRENDING_HALF_LIFE_HOURS as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weight_halves_every_half_life() {
        assert_eq!(trending_decay(0), 1.0);
        assert!((trending_decay(TRENDING_HALF_LIFE_HOURS) - 0.5).abs() < 1e-12);
        assert!((trending_decay(2 * TRENDING_HALF_LIFE_HOURS) - 0.25).abs() < 1e-12);
    }
}
