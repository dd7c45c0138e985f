-- An article assigned to a learner is part of their history: deleting it (directly, or through its module, stage or track) is refused instead of wiping the assignments. Retire it (deactivate) instead.
-- SQLite cannot alter a foreign key: the table is rebuilt (nothing references it yet).
CREATE TABLE content_assignments_rebuilt (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage_id           BIGINT  NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    article_id         BIGINT  NOT NULL REFERENCES articles (id) ON DELETE RESTRICT,
    kind               TEXT    NOT NULL,
    position           INTEGER NOT NULL,
    read_at            BIGINT,
    minitest_tries     INTEGER NOT NULL DEFAULT 0,
    minitest_passed_at BIGINT,
    CONSTRAINT content_assignments_user_stage_article_key UNIQUE (user_id, stage_id, article_id),
    CONSTRAINT content_assignments_kind_check CHECK (kind IN ('optional', 'required')),
    CONSTRAINT content_assignments_tries_check CHECK (minitest_tries >= 0)
);
INSERT INTO content_assignments_rebuilt
    (id, user_id, stage_id, article_id, kind, position, read_at, minitest_tries, minitest_passed_at)
SELECT id, user_id, stage_id, article_id, kind, position, read_at, minitest_tries, minitest_passed_at
FROM content_assignments;
DROP TABLE content_assignments;
ALTER TABLE content_assignments_rebuilt RENAME TO content_assignments;
