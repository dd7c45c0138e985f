-- Every interaction a learner reports with a course (Ustat's design: user, course, kind,
-- time). The category preference is still fed from them; recommendations also read the
-- recent ones (recency).
CREATE TABLE interactions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT interactions_kind_check CHECK (kind IN ('view', 'bookmark', 'start', 'complete'))
);
CREATE INDEX interactions_user_created_idx ON interactions (user_id, created_at DESC);
CREATE INDEX interactions_course_idx ON interactions (course_id);
