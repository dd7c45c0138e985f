DROP INDEX enrollments_course_idx;
DROP TABLE enrollments;
