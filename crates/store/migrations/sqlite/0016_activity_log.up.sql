-- A learner's events (enrolled, lesson completed, quiz answered, and what clients report),
-- newest first per user. payload is a JSON object as TEXT.
CREATE TABLE activity_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL,
    course_id   BIGINT REFERENCES courses (id) ON DELETE SET NULL,
    lesson_id   BIGINT REFERENCES lessons (id) ON DELETE SET NULL,
    payload     TEXT   NOT NULL DEFAULT '{}',
    occurred_at BIGINT NOT NULL
);
CREATE INDEX activity_log_user_time_idx ON activity_log (user_id, occurred_at DESC, id DESC);
