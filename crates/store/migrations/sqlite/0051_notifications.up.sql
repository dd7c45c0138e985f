-- Per-user notifications (approval decided, exam graded, course published, reviews …),
-- inserted in the transaction of the action that causes them and pushed live over /ws.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    payload    TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    CONSTRAINT notifications_kind_check CHECK (length(kind) BETWEEN 1 AND 64)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;
