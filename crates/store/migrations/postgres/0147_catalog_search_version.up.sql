-- SQLite only (the version of its search index, ADR 0064); PostgreSQL's search stays on
-- `courses.search_vector` and counts every time. Kept for equal numbering.
SELECT 1;
