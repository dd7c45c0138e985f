-- The learner model: per learner and module a Gaussian belief about the ability (Rasch
-- logits), updated in the transaction of every graded answer; the log of graded answers
-- it was updated from (what item calibration reads); the calibrated difficulty of each
-- question; the spaced-review cards; and the "why" of assigned articles and exam draws.
CREATE TABLE mastery_estimates (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module_id  BIGINT  NOT NULL REFERENCES track_modules (id) ON DELETE CASCADE,
    mean       DOUBLE PRECISION NOT NULL,
    variance   DOUBLE PRECISION NOT NULL,
    answers    INTEGER NOT NULL DEFAULT 0,
    correct    INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, module_id),
    CONSTRAINT mastery_estimates_variance_check CHECK (variance > 0),
    CONSTRAINT mastery_estimates_counts_check CHECK (correct >= 0 AND correct <= answers)
);
CREATE TABLE item_responses (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module_id           BIGINT  NOT NULL REFERENCES track_modules (id) ON DELETE CASCADE,
    question_id         BIGINT  REFERENCES questions (id) ON DELETE CASCADE,
    attempt_id          BIGINT  REFERENCES attempts (id) ON DELETE CASCADE,
    source              TEXT    NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    difficulty_mean     DOUBLE PRECISION NOT NULL,
    difficulty_variance DOUBLE PRECISION NOT NULL,
    answered_at         BIGINT  NOT NULL,
    CONSTRAINT item_responses_source_check CHECK (
        source IN ('diagnostic', 'level', 'rank_final', 'minitest', 'quiz', 'review'))
);
CREATE INDEX item_responses_question_idx ON item_responses (question_id);
CREATE INDEX item_responses_user_module_idx ON item_responses (user_id, module_id, id);
CREATE INDEX item_responses_attempt_idx ON item_responses (attempt_id, id);
CREATE TABLE question_calibrations (
    question_id    BIGINT NOT NULL PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
    difficulty     DOUBLE PRECISION NOT NULL,
    variance       DOUBLE PRECISION NOT NULL,
    responses      INTEGER NOT NULL,
    share_correct  DOUBLE PRECISION NOT NULL,
    discrimination DOUBLE PRECISION,
    flags          TEXT   NOT NULL DEFAULT '',
    calibrated_at  BIGINT NOT NULL,
    CONSTRAINT question_calibrations_variance_check CHECK (variance > 0),
    CONSTRAINT question_calibrations_responses_check CHECK (responses >= 0)
);
CREATE TABLE review_cards (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    module_id      BIGINT  NOT NULL REFERENCES track_modules (id) ON DELETE CASCADE,
    question_id    BIGINT  REFERENCES questions (id) ON DELETE CASCADE,
    stability      DOUBLE PRECISION NOT NULL,
    difficulty     DOUBLE PRECISION NOT NULL,
    reps           INTEGER NOT NULL DEFAULT 1,
    lapses         INTEGER NOT NULL DEFAULT 0,
    last_rating    TEXT    NOT NULL,
    last_review_at BIGINT  NOT NULL,
    due_at         BIGINT  NOT NULL,
    created_at     BIGINT  NOT NULL,
    CONSTRAINT review_cards_kind_check CHECK (kind IN ('question', 'module')),
    CONSTRAINT review_cards_question_check CHECK (kind = 'module' OR question_id IS NOT NULL),
    CONSTRAINT review_cards_counts_check CHECK (reps >= 1 AND lapses >= 0)
);
CREATE UNIQUE INDEX review_cards_user_question_key ON review_cards (user_id, question_id)
    WHERE kind = 'question';
CREATE UNIQUE INDEX review_cards_user_module_key ON review_cards (user_id, module_id)
    WHERE kind = 'module';
CREATE INDEX review_cards_user_due_idx ON review_cards (user_id, due_at, id);
ALTER TABLE content_assignments ADD COLUMN reason TEXT;
ALTER TABLE attempts ADD COLUMN draw_reasons TEXT;
