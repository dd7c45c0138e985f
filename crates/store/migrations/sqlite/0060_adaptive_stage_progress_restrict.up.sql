-- A stage a learner has reached is part of their history: deleting it, or its track, is refused instead of cascading into their progress (and through it their attempts and content). Unpublish the track instead.
-- SQLite cannot alter a foreign key: the table is rebuilt (no table references it).
CREATE TABLE stage_progress_rebuilt (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id            BIGINT NOT NULL,
    stage_id            BIGINT NOT NULL,
    settings_version_id BIGINT NOT NULL,
    status              TEXT   NOT NULL,
    started_at          BIGINT NOT NULL,
    completed_at        BIGINT,
    CONSTRAINT stage_progress_user_stage_key UNIQUE (user_id, stage_id),
    CONSTRAINT stage_progress_status_check CHECK (status IN ('active', 'pending_approval', 'completed')),
    CONSTRAINT stage_progress_stage_fkey FOREIGN KEY (stage_id, track_id)
        REFERENCES stages (id, track_id) ON DELETE RESTRICT,
    CONSTRAINT stage_progress_settings_fkey FOREIGN KEY (settings_version_id, track_id)
        REFERENCES settings_versions (id, track_id)
);
INSERT INTO stage_progress_rebuilt
    (id, user_id, track_id, stage_id, settings_version_id, status, started_at, completed_at)
SELECT id, user_id, track_id, stage_id, settings_version_id, status, started_at, completed_at
FROM stage_progress;
DROP TABLE stage_progress;
ALTER TABLE stage_progress_rebuilt RENAME TO stage_progress;
CREATE UNIQUE INDEX stage_progress_one_current_key ON stage_progress (user_id)
    WHERE status IN ('active', 'pending_approval');
