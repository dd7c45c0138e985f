-- The one-time diagnostic of a learner (strictly one per learner), tied to its attempt.
CREATE TABLE diagnostics (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    CONSTRAINT diagnostics_user_key UNIQUE (user_id)
);
