-- The seed of the draw that ordered equally weak modules when the stage's content was
-- assigned (the same order ranks the K weakest for the stage's exams), so the choice
-- replays identically. NULL for assignments made before the seeded tie-break existed,
-- all of them under module-order settings, which need no seed.
ALTER TABLE content_batches ADD COLUMN tie_seed BIGINT;
