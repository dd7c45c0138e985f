DROP INDEX lesson_completions_user_course_idx;
DROP TABLE lesson_completions;
