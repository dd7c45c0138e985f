-- Back to completions deleted with their lesson.
-- SQLite cannot alter a foreign key: the table is rebuilt (no table references it).
CREATE TABLE lesson_completions_rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id    BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    course_id    BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    completed_at BIGINT NOT NULL,
    CONSTRAINT lesson_completions_user_lesson_key UNIQUE (user_id, lesson_id)
);
INSERT INTO lesson_completions_rebuilt (id, user_id, lesson_id, course_id, completed_at)
SELECT id, user_id, lesson_id, course_id, completed_at FROM lesson_completions;
DROP TABLE lesson_completions;
ALTER TABLE lesson_completions_rebuilt RENAME TO lesson_completions;
CREATE INDEX lesson_completions_user_course_idx ON lesson_completions (user_id, course_id);
