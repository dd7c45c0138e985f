-- How many published courses there are in all, per category and per tag: the catalog's
-- total without counting rows. Triggers keep it exact in the writing transaction (never
-- a stale figure; concurrent writers queue on the row they change); the listing falls
-- back to COUNT(*) for any other combination of filters. scope is 'all' (scope_id 0),
-- 'category' or 'tag'.
CREATE TABLE catalog_counts (
    scope     TEXT   NOT NULL,
    scope_id  BIGINT NOT NULL,
    published BIGINT NOT NULL,
    PRIMARY KEY (scope, scope_id),
    CONSTRAINT catalog_counts_scope_check CHECK (scope IN ('all', 'category', 'tag'))
);
INSERT INTO catalog_counts (scope, scope_id, published)
    SELECT 'all', 0, COUNT(*) FROM courses WHERE status = 'published';
INSERT INTO catalog_counts (scope, scope_id, published)
    SELECT 'category', category_id, COUNT(*) FROM courses
    WHERE status = 'published' AND category_id IS NOT NULL GROUP BY category_id;
INSERT INTO catalog_counts (scope, scope_id, published)
    SELECT 'tag', ct.tag_id, COUNT(*) FROM course_tags ct JOIN courses c ON c.id = ct.course_id
    WHERE c.status = 'published' GROUP BY ct.tag_id;

-- Adds delta to the counts of one published course: all, its category, its tags.
CREATE FUNCTION catalog_counts_course(p_course BIGINT, p_category BIGINT, p_all BOOLEAN,
    p_tags BOOLEAN, p_delta BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'all', 0, p_delta WHERE p_all
        UNION ALL SELECT 'category', p_category, p_delta WHERE p_category IS NOT NULL
        UNION ALL SELECT 'tag', tag_id, p_delta FROM course_tags
            WHERE p_tags AND course_id = p_course
        ORDER BY 1, 2
    ON CONFLICT (scope, scope_id)
        DO UPDATE SET published = catalog_counts.published + EXCLUDED.published;
$$;

-- A course counts while published: entering the state adds it (with its category and
-- tags), leaving it, moving category or being deleted takes it away. Deleting counts
-- before the row goes, while its tag links are still there; the cascade that then
-- deletes the links finds no published course and changes nothing.
CREATE FUNCTION courses_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND OLD.status = 'published';
    now_published BOOLEAN := TG_OP <> 'DELETE' AND NEW.status = 'published';
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF was THEN
            PERFORM catalog_counts_course(OLD.id, OLD.category_id, true, true, -1);
        END IF;
        RETURN OLD;
    END IF;
    IF was AND now_published THEN
        IF OLD.category_id IS DISTINCT FROM NEW.category_id THEN
            PERFORM catalog_counts_course(OLD.id, OLD.category_id, false, false, -1);
            PERFORM catalog_counts_course(NEW.id, NEW.category_id, false, false, 1);
        END IF;
    ELSIF was THEN
        PERFORM catalog_counts_course(OLD.id, OLD.category_id, true, true, -1);
    ELSIF now_published THEN
        PERFORM catalog_counts_course(NEW.id, NEW.category_id, true, true, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER courses_counts_write AFTER INSERT OR UPDATE OF status, category_id ON courses
    FOR EACH ROW EXECUTE FUNCTION courses_counts();
CREATE TRIGGER courses_counts_delete BEFORE DELETE ON courses
    FOR EACH ROW EXECUTE FUNCTION courses_counts();

CREATE FUNCTION course_tags_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND EXISTS (
        SELECT 1 FROM courses WHERE id = OLD.course_id AND status = 'published'
    ) THEN
        UPDATE catalog_counts SET published = published - 1
            WHERE scope = 'tag' AND scope_id = OLD.tag_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM courses WHERE id = NEW.course_id AND status = 'published'
    ) THEN
        INSERT INTO catalog_counts (scope, scope_id, published) VALUES ('tag', NEW.tag_id, 1)
            ON CONFLICT (scope, scope_id)
            DO UPDATE SET published = catalog_counts.published + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_tags_counts AFTER INSERT OR UPDATE OR DELETE ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_tags_counts();
