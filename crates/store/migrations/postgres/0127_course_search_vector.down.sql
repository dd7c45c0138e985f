CREATE INDEX courses_search_idx ON courses
    USING GIN (to_tsvector('english', title || ' ' || description));
DROP INDEX courses_search_vector_idx;
ALTER TABLE courses DROP COLUMN search_vector;
