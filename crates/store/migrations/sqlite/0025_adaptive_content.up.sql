-- Content assigned to a learner at a stage: one assignment batch per (learner, stage),
-- and its articles with their closing state (read, or mini-test passed — sticky).
CREATE TABLE content_batches (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage_id    BIGINT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    assigned_at BIGINT NOT NULL,
    CONSTRAINT content_batches_user_stage_key UNIQUE (user_id, stage_id)
);
CREATE TABLE content_assignments (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage_id           BIGINT  NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    article_id         BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL,
    position           INTEGER NOT NULL,
    read_at            BIGINT,
    minitest_tries     INTEGER NOT NULL DEFAULT 0,
    minitest_passed_at BIGINT,
    CONSTRAINT content_assignments_user_stage_article_key UNIQUE (user_id, stage_id, article_id),
    CONSTRAINT content_assignments_kind_check CHECK (kind IN ('optional', 'required')),
    CONSTRAINT content_assignments_tries_check CHECK (minitest_tries >= 0)
);
