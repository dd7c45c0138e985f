DROP TRIGGER course_tags_counts ON course_tags;
DROP FUNCTION course_tags_counts();
DROP TRIGGER courses_counts_delete ON courses;
DROP TRIGGER courses_counts_write ON courses;
DROP FUNCTION courses_counts();
DROP FUNCTION catalog_counts_course(BIGINT, BIGINT, BOOLEAN, BOOLEAN, BIGINT);
DROP TABLE catalog_counts;
