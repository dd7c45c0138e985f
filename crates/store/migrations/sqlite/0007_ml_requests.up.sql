-- One row per `/ml/forward` call (one per image when several are sent), success or failure.
CREATE TABLE ml_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at    BIGINT  NOT NULL,
    user_id       BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    model_name    TEXT,
    model_version TEXT,
    status_code   INTEGER NOT NULL,
    preprocess_ms DOUBLE PRECISION NOT NULL,
    inference_ms  DOUBLE PRECISION NOT NULL,
    processing_ms DOUBLE PRECISION NOT NULL,
    input_bytes   BIGINT  NOT NULL,
    image_width   INTEGER,
    image_height  INTEGER,
    result_json   TEXT,
    error_code    TEXT,
    error_message TEXT,
    CONSTRAINT ml_requests_status_code_check CHECK (status_code BETWEEN 100 AND 599)
);
CREATE INDEX ml_requests_created_idx ON ml_requests (created_at, id);
CREATE INDEX ml_requests_user_created_idx ON ml_requests (user_id, created_at);
CREATE INDEX ml_requests_status_created_idx ON ml_requests (status_code, created_at);
