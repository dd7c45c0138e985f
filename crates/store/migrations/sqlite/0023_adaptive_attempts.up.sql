-- Attempts at the diagnostic, level exams and rank finals, their drawn questions and the
-- answers. The seed makes every draw reproducible.
CREATE TABLE attempts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage_id            BIGINT  NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL,
    attempt_no          INTEGER NOT NULL,
    seed                BIGINT  NOT NULL,
    settings_version_id BIGINT  NOT NULL REFERENCES settings_versions (id),
    status              TEXT    NOT NULL DEFAULT 'started',
    questions_total     INTEGER NOT NULL,
    correct             INTEGER,
    pct                 INTEGER,
    passed INTEGER NOT NULL DEFAULT 0 CHECK (passed IN (0, 1)),
    module_stats        TEXT,
    started_at          BIGINT  NOT NULL,
    submitted_at        BIGINT,
    CONSTRAINT attempts_no_key UNIQUE (user_id, stage_id, kind, attempt_no),
    CONSTRAINT attempts_kind_check CHECK (kind IN ('level', 'rank_final', 'diagnostic')),
    CONSTRAINT attempts_status_check CHECK (status IN ('started', 'submitted')),
    CONSTRAINT attempts_attempt_no_check CHECK (attempt_no >= 1),
    CONSTRAINT attempts_correct_check CHECK (correct IS NULL OR (correct >= 0 AND correct <= questions_total)),
    CONSTRAINT attempts_pct_check CHECK (pct IS NULL OR (pct BETWEEN 0 AND 100))
);
CREATE UNIQUE INDEX attempts_one_pass_key ON attempts (user_id, stage_id, kind) WHERE passed = 1;
-- One attempt in progress per exam: a second start while one is open is a conflict.
CREATE UNIQUE INDEX attempts_one_open_key ON attempts (user_id, stage_id, kind)
    WHERE status = 'started';
CREATE TABLE attempt_questions (
    attempt_id  BIGINT  NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    question_id BIGINT  NOT NULL REFERENCES questions (id),
    module_id   BIGINT  NOT NULL REFERENCES track_modules (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE TABLE attempt_answers (
    attempt_id  BIGINT NOT NULL,
    question_id BIGINT NOT NULL,
    option_id   BIGINT NOT NULL,
    is_correct INTEGER NOT NULL DEFAULT 0 CHECK (is_correct IN (0, 1)),
    PRIMARY KEY (attempt_id, question_id),
    CONSTRAINT attempt_answers_question_fkey FOREIGN KEY (attempt_id, question_id)
        REFERENCES attempt_questions (attempt_id, question_id) ON DELETE CASCADE,
    CONSTRAINT attempt_answers_option_fkey FOREIGN KEY (question_id, option_id)
        REFERENCES question_options (question_id, id)
);
