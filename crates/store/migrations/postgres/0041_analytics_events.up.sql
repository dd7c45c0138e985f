-- The append-only analytics event log (course views, enrollments, lesson completions,
-- reviews, graded exams), partitioned by month on occurred_at (epoch ms) so that it keeps
-- its speed as it grows: queries over a window touch only its months, and old months can
-- be detached or dropped whole. The primary key includes the partition key, as
-- PostgreSQL requires. No foreign keys: the log outlives what it mentions.
-- App::ensure_analytics_partitions creates months ahead; the DEFAULT partition catches
-- anything outside them (and ensure_analytics_partitions moves such rows out).
CREATE SEQUENCE analytics_events_id_seq;
CREATE TABLE analytics_events (
    id           BIGINT NOT NULL DEFAULT nextval('analytics_events_id_seq'),
    kind         TEXT   NOT NULL,
    user_id      BIGINT,
    course_id    BIGINT,
    amount_cents BIGINT,
    occurred_at  BIGINT NOT NULL,
    CONSTRAINT analytics_events_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT analytics_events_kind_check CHECK (kind IN
        ('course_view', 'enrollment', 'lesson_completed', 'review_posted', 'exam_graded'))
) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE analytics_events_id_seq OWNED BY analytics_events.id;
CREATE TABLE analytics_events_default PARTITION OF analytics_events DEFAULT;
-- Covering indexes for the rollups: per-course totals and the trend (course, kind),
-- the trending window (time first).
CREATE INDEX analytics_events_course_idx ON analytics_events (course_id, kind, occurred_at, amount_cents);
CREATE INDEX analytics_events_user_idx ON analytics_events (user_id, occurred_at);
CREATE INDEX analytics_events_occurred_idx ON analytics_events (occurred_at, course_id, kind);
-- The current and the next month (UTC), named analytics_events_yYYYYmMM.
DO $$
DECLARE
    first date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    i int;
    lo date;
    hi date;
BEGIN
    FOR i IN 0..1 LOOP
        lo := (first + make_interval(months => i))::date;
        hi := (first + make_interval(months => i + 1))::date;
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF analytics_events FOR VALUES FROM (%s) TO (%s)',
            'analytics_events_' || to_char(lo, '"y"YYYY"m"MM'),
            (extract(epoch FROM lo::timestamp) * 1000)::bigint,
            (extract(epoch FROM hi::timestamp) * 1000)::bigint);
    END LOOP;
END $$;
