-- Accounts. E-mail and username are unique case-insensitively through their *_norm columns;
-- an account has at least one of them (the ML service's clients register by username).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT,
    email_norm    TEXT,
    username      TEXT,
    username_norm TEXT,
    full_name     TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'student',
    is_active     INTEGER NOT NULL DEFAULT 1,
    token_version BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    CONSTRAINT users_email_norm_key UNIQUE (email_norm),
    CONSTRAINT users_username_norm_key UNIQUE (username_norm),
    CONSTRAINT users_role_check CHECK (role IN ('student', 'teacher', 'producer', 'admin')),
    CONSTRAINT users_is_active_check CHECK (is_active IN (0, 1)),
    CONSTRAINT users_login_check CHECK (email_norm IS NOT NULL OR username_norm IS NOT NULL)
);
CREATE INDEX users_role_id_idx ON users (role, id);
