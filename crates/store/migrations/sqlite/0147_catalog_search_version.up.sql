-- The version of SQLite's search index (ADR 0064): a random number drawn anew, in the
-- writing transaction, by each trigger that changes `catalog_search`. A search's page
-- reads it in its statement and takes a total counted at the same version instead of
-- walking every match again (the `neural networks` total: two thirds of the statement);
-- when the version moved, it counts. Random rather than a counter, so that a database
-- restored from a backup cannot come back to a version a running process remembers for
-- other contents. The triggers are 0146's, each with the new draw.
CREATE TABLE catalog_search_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalog_search_version (id, version) VALUES (1, random());

DROP TRIGGER catalog_search_update;
DROP TRIGGER catalog_search_delete;
DROP TRIGGER catalog_search_insert;

CREATE TRIGGER catalog_search_insert AFTER INSERT ON courses BEGIN
    SELECT RAISE(ABORT, 'course ids end at 2097151 on SQLite (ADR 0063)')
        WHERE new.id >= 2097152;
    INSERT INTO catalog_search (rowid, title, description)
        SELECT COALESCE(new.published_at, 0) * 2097152 + new.id, new.title, new.description
        WHERE new.status = 'published';
    UPDATE catalog_search_version SET version = random() WHERE new.status = 'published';
END;
CREATE TRIGGER catalog_search_delete AFTER DELETE ON courses
WHEN old.status = 'published' BEGIN
    DELETE FROM catalog_search WHERE rowid = COALESCE(old.published_at, 0) * 2097152 + old.id;
    UPDATE catalog_search_version SET version = random();
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
    UPDATE catalog_search_version SET version = random();
END;
