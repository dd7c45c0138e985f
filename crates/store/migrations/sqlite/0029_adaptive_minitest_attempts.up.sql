-- Every mini-test try of a learner, kept as history (the assignment's minitest_passed_at
-- stays the sticky "closed" mark). Tied to the assignment it was taken under.
CREATE TABLE minitest_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT  NOT NULL,
    stage_id     BIGINT  NOT NULL,
    article_id   BIGINT  NOT NULL,
    answers      TEXT    NOT NULL,
    correct      INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    submitted_at BIGINT  NOT NULL,
    CONSTRAINT minitest_attempts_assignment_fkey FOREIGN KEY (user_id, stage_id, article_id)
        REFERENCES content_assignments (user_id, stage_id, article_id) ON DELETE CASCADE,
    CONSTRAINT minitest_attempts_score_check CHECK (correct >= 0 AND correct <= total)
);
CREATE INDEX minitest_attempts_user_article_idx ON minitest_attempts (user_id, article_id, id);
