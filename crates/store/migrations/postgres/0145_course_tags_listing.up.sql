-- A tag's catalog page read from its links alone (ADR 0061): each link carries the three
-- columns of its course that the tag page filters and orders by (status, price and the
-- newest order's key), kept equal to the course's by the triggers below in the writing
-- transaction, and one index answers the page and its total without reading a course
-- row per link (the `pytorch` page with a price bound read 668 course rows for its 20;
-- measured in docs/PERFORMANCE.md, "Eighth round").
ALTER TABLE course_tags
    ADD COLUMN status TEXT NOT NULL DEFAULT 'draft',
    ADD COLUMN published_at BIGINT,
    ADD COLUMN price_cents BIGINT NOT NULL DEFAULT 0;
UPDATE course_tags ct SET status = c.status, published_at = c.published_at,
    price_cents = c.price_cents
    FROM courses c WHERE c.id = ct.course_id;

-- A new link takes its course's columns.
CREATE FUNCTION course_tags_listing_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.status, c.published_at, c.price_cents
        INTO NEW.status, NEW.published_at, NEW.price_cents
        FROM courses c WHERE c.id = NEW.course_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER course_tags_listing_link BEFORE INSERT OR UPDATE OF course_id ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_tags_listing_link();

-- A course's change of one of them reaches its links.
CREATE FUNCTION course_tags_listing_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE course_tags SET status = NEW.status, published_at = NEW.published_at,
        price_cents = NEW.price_cents
        WHERE course_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_tags_listing_course AFTER UPDATE OF status, published_at, price_cents
    ON courses
    FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
        OR NEW.price_cents IS DISTINCT FROM OLD.price_cents)
    EXECUTE FUNCTION course_tags_listing_course();

-- The counts and the cards watch which course a link joins to which tag, not the copied
-- columns (their own triggers on `courses` see those changes).
DROP TRIGGER course_tags_counts ON course_tags;
CREATE TRIGGER course_tags_counts AFTER INSERT OR UPDATE OF course_id, tag_id OR DELETE
    ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_tags_counts();
DROP TRIGGER course_cards_course_tags ON course_tags;
CREATE TRIGGER course_cards_course_tags AFTER INSERT OR UPDATE OF course_id, tag_id OR DELETE
    ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_cards_course_tags();

-- The tag page in the newest order: its links in order, the filters checked on each entry;
-- it also serves every lookup of a tag's links, which `course_tags_tag_idx` did.
DROP INDEX course_tags_tag_idx;
CREATE INDEX course_tags_newest_idx ON course_tags
    (tag_id, status, published_at DESC, course_id DESC, price_cents);
