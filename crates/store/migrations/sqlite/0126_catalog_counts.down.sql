DROP TRIGGER course_tags_counts_update;
DROP TRIGGER course_tags_counts_delete;
DROP TRIGGER course_tags_counts_insert;
DROP TRIGGER courses_counts_delete;
DROP TRIGGER courses_counts_enter;
DROP TRIGGER courses_counts_leave;
DROP TRIGGER courses_counts_insert;
DROP TABLE catalog_counts;
