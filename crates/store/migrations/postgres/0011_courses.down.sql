DROP INDEX course_tags_tag_idx;
DROP TABLE course_tags;
DROP INDEX courses_category_idx;
DROP INDEX courses_teacher_status_idx;
DROP INDEX courses_status_rating_idx;
DROP INDEX courses_status_published_idx;
DROP TABLE courses;
