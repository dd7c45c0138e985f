DROP TABLE content_assignments;
DROP TABLE content_batches;
