ALTER TABLE content_batches DROP COLUMN tie_seed;
