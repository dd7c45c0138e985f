-- Completed lessons, once per learner and lesson. course_id is denormalised so that the
-- dashboard computes progress for all of a learner's courses in one GROUP BY.
CREATE TABLE lesson_completions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id    BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    course_id    BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    completed_at BIGINT NOT NULL,
    CONSTRAINT lesson_completions_user_lesson_key UNIQUE (user_id, lesson_id)
);
CREATE INDEX lesson_completions_user_course_idx ON lesson_completions (user_id, course_id);
