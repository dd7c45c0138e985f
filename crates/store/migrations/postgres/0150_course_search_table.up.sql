-- The course search's tsvector and its GIN index in a table of their own (ADR 0072), so
-- that an enrollment's update of `courses.enrollment_count` no longer writes search
-- entries. That column is indexed (the popularity order), so the update is never HOT: the
-- new row version gets an entry in every index of `courses`, and the GIN index on the
-- stored `search_vector` was the dearest of them (every lexeme of the title and the
-- description merged into its posting list again: 8 % of the machine's time under
-- enrollments, docs/PERFORMANCE.md, "Eighteenth round"). Same text, same configuration
-- as migration 0127's generated column. Each row also carries its course's status and
-- publication time, so that a search alone in the newest order (the catalog's search box)
-- is chosen and counted from this table without a course row per match, as SQLite's does
-- from its search index (ADR 0063). The triggers below write a row in the transaction
-- that inserts the course or changes any of these, never later: a search never sees an
-- older course than the course's own row.
CREATE TABLE course_search (
    course_id     BIGINT PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    status        TEXT NOT NULL,
    published_at  BIGINT,
    search_vector tsvector NOT NULL
);
INSERT INTO course_search (course_id, status, published_at, search_vector)
    SELECT id, status, published_at, to_tsvector('english', title || ' ' || description)
    FROM courses;
-- No pending list, as migration 0142 decided for the index this one replaces.
CREATE INDEX course_search_vector_idx ON course_search USING GIN (search_vector)
    WITH (fastupdate = off);

CREATE FUNCTION course_search_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO course_search (course_id, status, published_at, search_vector)
            VALUES (NEW.id, NEW.status, NEW.published_at,
                    to_tsvector('english', NEW.title || ' ' || NEW.description));
    ELSIF NEW.title IS DISTINCT FROM OLD.title OR NEW.description IS DISTINCT FROM OLD.description THEN
        UPDATE course_search SET status = NEW.status, published_at = NEW.published_at,
            search_vector = to_tsvector('english', NEW.title || ' ' || NEW.description)
            WHERE course_id = NEW.id;
    ELSE
        -- Published or unpublished: the text, and its index entries, stay as they are.
        UPDATE course_search SET status = NEW.status, published_at = NEW.published_at
            WHERE course_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_search_insert AFTER INSERT ON courses
    FOR EACH ROW EXECUTE FUNCTION course_search_course();
CREATE TRIGGER course_search_update AFTER UPDATE OF title, description, status, published_at
    ON courses FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title
        OR NEW.description IS DISTINCT FROM OLD.description
        OR NEW.status IS DISTINCT FROM OLD.status
        OR NEW.published_at IS DISTINCT FROM OLD.published_at)
    EXECUTE FUNCTION course_search_course();

-- Drops courses_search_vector_idx with it.
ALTER TABLE courses DROP COLUMN search_vector;
