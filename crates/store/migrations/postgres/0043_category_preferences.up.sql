-- A learner's accumulated interest per course category, fed by interactions (view 0.1,
-- bookmark 0.3, start 0.5, complete 1.0) and enrollments; upserted atomically.
CREATE TABLE category_preferences (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    score       DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, category_id)
);
