DROP TRIGGER catalog_search_update;
DROP TRIGGER catalog_search_delete;
DROP TRIGGER catalog_search_insert;
DROP TABLE catalog_search;

CREATE VIRTUAL TABLE courses_fts USING fts5(
    title, description, content = 'courses', content_rowid = 'id', tokenize = 'porter unicode61'
);
INSERT INTO courses_fts (courses_fts) VALUES ('rebuild');
CREATE TRIGGER courses_fts_insert AFTER INSERT ON courses BEGIN
    INSERT INTO courses_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER courses_fts_delete AFTER DELETE ON courses BEGIN
    INSERT INTO courses_fts (courses_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER courses_fts_update AFTER UPDATE OF title, description ON courses BEGIN
    INSERT INTO courses_fts (courses_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO courses_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
