-- Per-course rollups, rewritten as a whole by App::refresh_analytics (one transaction,
-- set-based): totals per course and a daily series for the trend.
CREATE TABLE course_analytics (
    course_id       BIGINT NOT NULL PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    views           BIGINT NOT NULL DEFAULT 0,
    enrollments     BIGINT NOT NULL DEFAULT 0,
    completed       BIGINT NOT NULL DEFAULT 0,
    completion_rate REAL NOT NULL DEFAULT 0,
    revenue_cents   BIGINT NOT NULL DEFAULT 0,
    rating_avg      REAL NOT NULL DEFAULT 0,
    rating_count    BIGINT NOT NULL DEFAULT 0,
    trending_score  REAL NOT NULL DEFAULT 0,
    refreshed_at    BIGINT NOT NULL
);
CREATE INDEX course_analytics_trending_idx ON course_analytics (trending_score DESC, course_id DESC);
CREATE TABLE course_analytics_daily (
    course_id     BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    day           BIGINT NOT NULL,
    views         BIGINT NOT NULL DEFAULT 0,
    enrollments   BIGINT NOT NULL DEFAULT 0,
    completions   BIGINT NOT NULL DEFAULT 0,
    reviews       BIGINT NOT NULL DEFAULT 0,
    revenue_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (course_id, day)
);
