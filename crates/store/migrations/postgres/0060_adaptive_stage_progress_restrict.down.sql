ALTER TABLE stage_progress
    DROP CONSTRAINT stage_progress_stage_fkey,
    ADD CONSTRAINT stage_progress_stage_fkey FOREIGN KEY (stage_id, track_id)
        REFERENCES stages (id, track_id) ON DELETE CASCADE;
