-- What a teacher or learner specializes in (a shared list), and achievements awarded to users.
CREATE TABLE specializations (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT specializations_slug_key UNIQUE (slug)
);
CREATE TABLE profile_specializations (
    user_id           BIGINT NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
    specialization_id BIGINT NOT NULL REFERENCES specializations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, specialization_id)
);
CREATE TABLE achievements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code        TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    awarded_at  BIGINT NOT NULL,
    CONSTRAINT achievements_user_code_key UNIQUE (user_id, code)
);
