-- A tag's catalog page read from its links alone (ADR 0061): each link carries the three
-- columns of its course that the tag page filters and orders by (status, price and the
-- newest order's key), kept equal to the course's by the triggers below in the writing
-- transaction, and one index answers the page and its total without reading a course
-- row per link (the `pytorch` page with a price bound read 668 course rows for its 20;
-- measured in docs/PERFORMANCE.md, "Eighth round").
ALTER TABLE course_tags ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE course_tags ADD COLUMN published_at BIGINT;
ALTER TABLE course_tags ADD COLUMN price_cents BIGINT NOT NULL DEFAULT 0;
UPDATE course_tags SET (status, published_at, price_cents) =
    (SELECT c.status, c.published_at, c.price_cents FROM courses c WHERE c.id = course_tags.course_id);

-- A new link takes its course's columns.
CREATE TRIGGER course_tags_listing_insert AFTER INSERT ON course_tags BEGIN
    UPDATE course_tags SET (status, published_at, price_cents) =
        (SELECT c.status, c.published_at, c.price_cents FROM courses c WHERE c.id = new.course_id)
        WHERE course_id = new.course_id AND tag_id = new.tag_id;
END;
-- A course's change of one of them reaches its links.
CREATE TRIGGER course_tags_listing_course AFTER UPDATE OF status, published_at, price_cents
ON courses
WHEN new.status IS NOT old.status OR new.published_at IS NOT old.published_at
    OR new.price_cents IS NOT old.price_cents BEGIN
    UPDATE course_tags SET status = new.status, published_at = new.published_at,
        price_cents = new.price_cents
        WHERE course_id = new.id;
END;

-- The counts and the cards watch which course a link joins to which tag, not the copied
-- columns (their own triggers on `courses` see those changes).
DROP TRIGGER course_tags_counts_update;
CREATE TRIGGER course_tags_counts_update AFTER UPDATE OF course_id, tag_id ON course_tags BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE scope = 'tag' AND scope_id = old.tag_id
          AND EXISTS (SELECT 1 FROM courses WHERE id = old.course_id AND status = 'published');
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'tag', new.tag_id, 1
        WHERE EXISTS (SELECT 1 FROM courses WHERE id = new.course_id AND status = 'published')
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
DROP TRIGGER course_cards_tag_update;
CREATE TRIGGER course_cards_tag_update AFTER UPDATE OF course_id, tag_id ON course_tags BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (old.course_id, new.course_id);
END;

-- The tag page in the newest order: its links in order, the filters checked on each entry;
-- it also serves every lookup of a tag's links, which `course_tags_tag_idx` did.
DROP INDEX course_tags_tag_idx;
CREATE INDEX course_tags_newest_idx ON course_tags
    (tag_id, status, published_at DESC, course_id DESC, price_cents);
