-- PostgreSQL only (a stored tsvector for full-text search); SQLite's FTS5 index
-- (courses_fts, migration 0017) already stores its terms. Kept for equal numbering.
SELECT 1;
