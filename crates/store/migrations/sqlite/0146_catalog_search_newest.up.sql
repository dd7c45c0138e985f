-- SQLite's course search reads one index (ADR 0063): the words of the published courses
-- only, each course under a rowid that is its place in the catalog's newest order,
-- `published_at * 2^21 + id` (the order `published_at DESC, id DESC` is `rowid DESC`; a
-- course without a publication time sorts as 0, last, as NULL does). A search in the
-- newest order is then the index's first matches and its total the count of its matches,
-- without reading a course row per match: the `neural networks` page read 630 course
-- rows and sorted them for its 20 (measured in docs/PERFORMANCE.md, "Ninth round"). A
-- search with other filters or orders maps each match to its course (`rowid & 2097151`).
--
-- The index is contentless (only the words' positions are stored; the text stays in
-- `courses`) with deletes by rowid (`contentless_delete`, SQLite 3.43+; the bundled one is
-- 3.46), and replaces `courses_fts`, whose rowid was the course id. Course ids end at
-- 2^21 - 1 = 2,097,151 on SQLite: a course inserted past that is refused, whatever its
-- status, rather than searched wrongly once published (PostgreSQL has no such limit).
DROP TRIGGER courses_fts_update;
DROP TRIGGER courses_fts_delete;
DROP TRIGGER courses_fts_insert;
DROP TABLE courses_fts;

CREATE VIRTUAL TABLE catalog_search USING fts5(
    title, description, content = '', contentless_delete = 1, tokenize = 'porter unicode61'
);
INSERT INTO catalog_search (rowid, title, description)
    SELECT COALESCE(published_at, 0) * 2097152 + id, title, description
    FROM courses WHERE status = 'published';

CREATE TRIGGER catalog_search_insert AFTER INSERT ON courses BEGIN
    SELECT RAISE(ABORT, 'course ids end at 2097151 on SQLite (ADR 0063)')
        WHERE new.id >= 2097152;
    INSERT INTO catalog_search (rowid, title, description)
        SELECT COALESCE(new.published_at, 0) * 2097152 + new.id, new.title, new.description
        WHERE new.status = 'published';
END;
CREATE TRIGGER catalog_search_delete AFTER DELETE ON courses
WHEN old.status = 'published' BEGIN
    DELETE FROM catalog_search WHERE rowid = COALESCE(old.published_at, 0) * 2097152 + old.id;
END;
-- A published course whose words or place change, or a course published or taken off:
-- the old entry out, the new one in (one trigger, so that the two run in this order).
CREATE TRIGGER catalog_search_update AFTER UPDATE OF status, published_at, title, description
ON courses
WHEN (old.status = 'published' OR new.status = 'published')
    AND (new.status IS NOT old.status OR new.published_at IS NOT old.published_at
        OR new.title IS NOT old.title OR new.description IS NOT old.description) BEGIN
    DELETE FROM catalog_search
        WHERE old.status = 'published'
        AND rowid = COALESCE(old.published_at, 0) * 2097152 + old.id;
    INSERT INTO catalog_search (rowid, title, description)
        SELECT COALESCE(new.published_at, 0) * 2097152 + new.id, new.title, new.description
        WHERE new.status = 'published';
END;
