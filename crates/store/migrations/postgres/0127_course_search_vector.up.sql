-- Full-text search reads a stored tsvector instead of an expression index: the GIN
-- index still finds the candidates, but rechecking them (and counting the matches) no
-- longer parses every candidate's title and description again. Same text, same
-- configuration as before (store::catalog::listing matches against this column).
ALTER TABLE courses ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || description)) STORED;
CREATE INDEX courses_search_vector_idx ON courses USING GIN (search_vector);
DROP INDEX courses_search_idx;
