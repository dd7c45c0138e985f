DROP TABLE lesson_translations;
DROP TABLE module_translations;
DROP TABLE course_translations;
