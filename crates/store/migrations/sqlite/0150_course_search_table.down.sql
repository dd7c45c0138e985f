-- PostgreSQL only (the course search's tsvector in a table of its own, ADR 0072): SQLite
-- searches its FTS5 index (`catalog_search`, migrations 0146 and 0147), which an
-- enrollment never writes. Kept for equal numbering.
SELECT 1;
