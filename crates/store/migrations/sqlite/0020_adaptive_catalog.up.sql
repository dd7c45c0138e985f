-- The adaptive catalog: career tracks, their stages (rank, level), modules, the question
-- bank with its options, and articles with their mini-test questions.
CREATE TABLE tracks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    is_published INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT tracks_slug_key UNIQUE (slug)
);
CREATE TABLE stages (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id BIGINT  NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    rank     TEXT    NOT NULL,
    level    INTEGER NOT NULL,
    CONSTRAINT stages_track_rank_level_key UNIQUE (track_id, rank, level),
    CONSTRAINT stages_rank_level_check CHECK (
        (rank = 'trainee' AND level = 0)
        OR (rank IN ('junior', 'middle', 'senior') AND level BETWEEN 1 AND 3))
);
-- Target of composite foreign keys that keep a learner's stage inside its track.
CREATE UNIQUE INDEX stages_id_track_key ON stages (id, track_id);
CREATE TABLE track_modules (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id BIGINT  NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT track_modules_track_name_key UNIQUE (track_id, name)
);
CREATE INDEX track_modules_track_position_idx ON track_modules (track_id, position, id);
CREATE TABLE questions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    module_id  BIGINT  NOT NULL REFERENCES track_modules (id) ON DELETE CASCADE,
    stage_id   BIGINT  NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    difficulty INTEGER NOT NULL DEFAULT 3,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at BIGINT  NOT NULL,
    CONSTRAINT questions_difficulty_check CHECK (difficulty BETWEEN 1 AND 5)
);
CREATE INDEX questions_stage_module_idx ON questions (stage_id, module_id, id);
CREATE TABLE question_options (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id BIGINT  NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    text        TEXT    NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    is_correct INTEGER NOT NULL DEFAULT 0 CHECK (is_correct IN (0, 1))
);
-- Target of the answer's composite foreign key: a selected option of that question.
CREATE UNIQUE INDEX question_options_question_id_key ON question_options (question_id, id);
-- One correct option per question (multiple-correct questions would drop this index).
CREATE UNIQUE INDEX question_options_one_correct_key ON question_options (question_id)
    WHERE is_correct = 1;
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    stage_id   BIGINT  NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    module_id  BIGINT  NOT NULL REFERENCES track_modules (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    markdown   TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at BIGINT  NOT NULL,
    CONSTRAINT articles_kind_check CHECK (kind IN ('optional', 'required'))
);
CREATE INDEX articles_stage_module_idx ON articles (stage_id, module_id, position, id);
-- The mini-test of a required article: questions of the bank chosen for it.
CREATE TABLE article_questions (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, question_id)
);
