-- Immutable, numbered settings versions of a track; exactly one is current per track.
CREATE TABLE settings_versions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id   BIGINT  NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    settings   TEXT    NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    created_by BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL,
    CONSTRAINT settings_versions_track_version_key UNIQUE (track_id, version),
    CONSTRAINT settings_versions_version_check CHECK (version >= 1)
);
-- Target of the composite foreign key that keeps a pinned version inside the stage's track.
CREATE UNIQUE INDEX settings_versions_id_track_key ON settings_versions (id, track_id);
CREATE UNIQUE INDEX settings_versions_one_current_key ON settings_versions (track_id)
    WHERE is_current = 1;
