-- Incremental analytics refresh (ADR 0045): partial aggregates that each refresh extends
-- with the events appended since the last one, instead of rescanning the whole log.
-- Every table here is derived data: dropping the watermark row makes the next refresh
-- rebuild all of them from the log.

-- The last event id folded into the partials (one row; none = rebuild from scratch).
CREATE TABLE analytics_watermark (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_event_id BIGINT  NOT NULL
);
-- All-time course views per course (the rollup's views column).
CREATE TABLE analytics_course_totals (
    course_id BIGINT NOT NULL PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    views     BIGINT NOT NULL DEFAULT 0
);
-- Trending weight per course and clock hour (occurred_at / 3600000), inside the window.
CREATE TABLE analytics_hourly (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    hour      BIGINT NOT NULL,
    weight    DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (course_id, hour)
);
CREATE INDEX analytics_hourly_hour_idx ON analytics_hourly (hour);
CREATE INDEX course_analytics_daily_day_idx ON course_analytics_daily (day);
