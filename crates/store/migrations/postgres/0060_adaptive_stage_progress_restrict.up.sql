-- A stage a learner has reached is part of their history: deleting it, or its track, is
-- refused instead of cascading into their progress (and through it their attempts and
-- content). Unpublish the track instead.
ALTER TABLE stage_progress
    DROP CONSTRAINT stage_progress_stage_fkey,
    ADD CONSTRAINT stage_progress_stage_fkey FOREIGN KEY (stage_id, track_id)
        REFERENCES stages (id, track_id) ON DELETE RESTRICT;
