-- SQLite only (its full-text index of the published courses in the newest order, ADR
-- 0063); PostgreSQL's search stays on `courses.search_vector`. Kept for equal numbering.
SELECT 1;
