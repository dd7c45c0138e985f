-- Requests for an admin's decision: moving to the next rank, or graduating.
CREATE TABLE approval_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT   NOT NULL,
    from_stage_id BIGINT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    to_stage_id   BIGINT REFERENCES stages (id) ON DELETE CASCADE,
    status        TEXT   NOT NULL DEFAULT 'pending',
    reason        TEXT,
    decided_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT,
    CONSTRAINT approval_requests_kind_check CHECK (kind IN ('rank_transition', 'graduation')),
    CONSTRAINT approval_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
    CONSTRAINT approval_requests_target_check CHECK (
        (kind = 'rank_transition' AND to_stage_id IS NOT NULL)
        OR (kind = 'graduation' AND to_stage_id IS NULL))
);
CREATE UNIQUE INDEX approval_requests_one_pending_key ON approval_requests (user_id, from_stage_id)
    WHERE status = 'pending';
CREATE INDEX approval_requests_status_idx ON approval_requests (status, created_at, id);
