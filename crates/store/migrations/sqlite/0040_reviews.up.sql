-- Course reviews and teacher replies. One review per learner and course, held by the
-- database when requests race. A hidden review (hidden_at set by a producer/admin) leaves
-- the public lists and the course's average.
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id     BIGINT  NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating        INTEGER NOT NULL,
    body          TEXT    NOT NULL DEFAULT '',
    hidden_at     BIGINT,
    hidden_reason TEXT,
    hidden_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    CONSTRAINT reviews_user_course_key UNIQUE (user_id, course_id),
    CONSTRAINT reviews_rating_check CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX reviews_course_created_idx ON reviews (course_id, created_at DESC, id DESC);
CREATE INDEX reviews_created_idx ON reviews (created_at DESC, id DESC);
CREATE TABLE review_replies (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX review_replies_review_idx ON review_replies (review_id, created_at, id);
