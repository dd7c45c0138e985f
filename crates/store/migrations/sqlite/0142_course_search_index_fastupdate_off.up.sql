-- PostgreSQL only (its GIN index's pending list); SQLite's FTS5 index has none.
-- Kept for equal numbering.
SELECT 1;
