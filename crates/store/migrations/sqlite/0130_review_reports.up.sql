-- Learners report a review they find abusive or off-topic; moderators list the reported
-- ones. One report per user and review, held by the primary key when requests race.
CREATE TABLE review_reports (
    review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
