-- A completed lesson is part of a learner's record: deleting the lesson (or its module)
-- is refused while completions exist (NO ACTION, checked at the end of the statement, so
-- deleting a whole course still takes its completions along through course_id). Authors
-- of a draft delete the completions first, on purpose. The index serves that check and
-- "how many learners completed this".
-- SQLite cannot alter a foreign key: the table is rebuilt (no table references it).
CREATE TABLE lesson_completions_rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id    BIGINT NOT NULL REFERENCES lessons (id),
    course_id    BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    completed_at BIGINT NOT NULL,
    CONSTRAINT lesson_completions_user_lesson_key UNIQUE (user_id, lesson_id)
);
INSERT INTO lesson_completions_rebuilt (id, user_id, lesson_id, course_id, completed_at)
SELECT id, user_id, lesson_id, course_id, completed_at FROM lesson_completions;
DROP TABLE lesson_completions;
ALTER TABLE lesson_completions_rebuilt RENAME TO lesson_completions;
CREATE INDEX lesson_completions_user_course_idx ON lesson_completions (user_id, course_id);
CREATE INDEX lesson_completions_lesson_idx ON lesson_completions (lesson_id);
