DROP TABLE course_covers;
