-- Outgoing e-mail, written in the same transaction as the change that causes it, sent
-- later by a background job (so a failed SMTP call never loses or duplicates a change).
CREATE TABLE email_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient  TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    sent_at    BIGINT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    CONSTRAINT email_outbox_attempts_check CHECK (attempts >= 0)
);
CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE sent_at IS NULL;
