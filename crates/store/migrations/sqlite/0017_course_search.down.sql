DROP TRIGGER courses_fts_update;
DROP TRIGGER courses_fts_delete;
DROP TRIGGER courses_fts_insert;
DROP TABLE courses_fts;
