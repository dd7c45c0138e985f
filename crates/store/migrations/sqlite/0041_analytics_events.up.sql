-- The append-only analytics event log (course views, enrollments, lesson completions,
-- reviews, graded exams). PostgreSQL partitions it by month; SQLite keeps one table.
-- No foreign keys: the log outlives what it mentions.
CREATE TABLE analytics_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT   NOT NULL,
    user_id      BIGINT,
    course_id    BIGINT,
    amount_cents BIGINT,
    occurred_at  BIGINT NOT NULL,
    CONSTRAINT analytics_events_kind_check CHECK (kind IN
        ('course_view', 'enrollment', 'lesson_completed', 'review_posted', 'exam_graded'))
);
-- Covering indexes for the rollups: per-course totals and the trend (course, kind),
-- the trending window (time first).
CREATE INDEX analytics_events_course_idx ON analytics_events (course_id, kind, occurred_at, amount_cents);
CREATE INDEX analytics_events_user_idx ON analytics_events (user_id, occurred_at);
CREATE INDEX analytics_events_occurred_idx ON analytics_events (occurred_at, course_id, kind);
