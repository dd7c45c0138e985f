-- How many published courses there are in all, per category and per tag: the catalog's
-- total without counting rows. Triggers keep it exact in the writing transaction (never
-- a stale figure); the listing falls back to COUNT(*) for any other combination of
-- filters. scope is 'all' (scope_id 0), 'category' or 'tag'.
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

-- A course counts while published: entering the state adds it (with its category and
-- tags), leaving it, moving category or being deleted takes it away. Deleting counts
-- before the row goes, while its tag links are still there; the cascade that then
-- deletes the links finds no published course and changes nothing.
CREATE TRIGGER courses_counts_insert AFTER INSERT ON courses
WHEN new.status = 'published' BEGIN
    INSERT INTO catalog_counts (scope, scope_id, published) VALUES ('all', 0, 1)
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'category', new.category_id, 1 WHERE new.category_id IS NOT NULL
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'tag', tag_id, 1 FROM course_tags WHERE course_id = new.id
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER courses_counts_leave AFTER UPDATE OF status, category_id ON courses
WHEN old.status = 'published'
    AND (new.status <> 'published' OR new.category_id IS NOT old.category_id) BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE (scope = 'all' AND scope_id = 0 AND new.status <> 'published')
           OR (scope = 'category' AND scope_id = old.category_id)
           OR (scope = 'tag' AND new.status <> 'published'
               AND scope_id IN (SELECT tag_id FROM course_tags WHERE course_id = old.id));
END;
CREATE TRIGGER courses_counts_enter AFTER UPDATE OF status, category_id ON courses
WHEN new.status = 'published'
    AND (old.status <> 'published' OR new.category_id IS NOT old.category_id) BEGIN
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'all', 0, 1 WHERE old.status <> 'published'
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'category', new.category_id, 1 WHERE new.category_id IS NOT NULL
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'tag', tag_id, 1 FROM course_tags
        WHERE course_id = new.id AND old.status <> 'published'
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER courses_counts_delete BEFORE DELETE ON courses
WHEN old.status = 'published' BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE (scope = 'all' AND scope_id = 0)
           OR (scope = 'category' AND scope_id = old.category_id)
           OR (scope = 'tag'
               AND scope_id IN (SELECT tag_id FROM course_tags WHERE course_id = old.id));
END;
CREATE TRIGGER course_tags_counts_insert AFTER INSERT ON course_tags
WHEN EXISTS (SELECT 1 FROM courses WHERE id = new.course_id AND status = 'published') BEGIN
    INSERT INTO catalog_counts (scope, scope_id, published) VALUES ('tag', new.tag_id, 1)
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER course_tags_counts_delete AFTER DELETE ON course_tags
WHEN EXISTS (SELECT 1 FROM courses WHERE id = old.course_id AND status = 'published') BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE scope = 'tag' AND scope_id = old.tag_id;
END;
CREATE TRIGGER course_tags_counts_update AFTER UPDATE ON course_tags BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE scope = 'tag' AND scope_id = old.tag_id
          AND EXISTS (SELECT 1 FROM courses WHERE id = old.course_id AND status = 'published');
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'tag', new.tag_id, 1
        WHERE EXISTS (SELECT 1 FROM courses WHERE id = new.course_id AND status = 'published')
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
