ALTER TABLE courses DROP COLUMN outline;
