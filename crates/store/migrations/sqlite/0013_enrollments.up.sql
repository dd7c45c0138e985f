-- Who is enrolled in which course, at what price. One enrollment per learner and course,
-- held by the database when two requests race. A course with enrollments cannot be
-- deleted (RESTRICT): it is archived instead.
CREATE TABLE enrollments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id   BIGINT NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
    price_cents BIGINT NOT NULL,
    currency    TEXT   NOT NULL,
    enrolled_at BIGINT NOT NULL,
    CONSTRAINT enrollments_user_course_key UNIQUE (user_id, course_id),
    CONSTRAINT enrollments_price_check CHECK (price_cents >= 0)
);
CREATE INDEX enrollments_course_idx ON enrollments (course_id);
