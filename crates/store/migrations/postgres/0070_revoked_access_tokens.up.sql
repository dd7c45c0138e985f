-- Access tokens ended before their expiry by a logout of one session. The middleware's
-- account read checks this table by primary key; rows are deleted once the token would
-- have expired anyway (the cleanup_tokens job).
CREATE TABLE revoked_access_tokens (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX revoked_access_tokens_expires_idx ON revoked_access_tokens (expires_at);
CREATE INDEX revoked_access_tokens_user_idx ON revoked_access_tokens (user_id);
