ALTER TABLE courses ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || description)) STORED;
CREATE INDEX courses_search_vector_idx ON courses USING GIN (search_vector)
    WITH (fastupdate = off);
DROP TRIGGER course_search_update ON courses;
DROP TRIGGER course_search_insert ON courses;
DROP FUNCTION course_search_course();
DROP TABLE course_search;
