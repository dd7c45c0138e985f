-- A tag or category that courses use cannot be deleted (NO ACTION instead of silently
-- untagging or uncategorising them: a delete racing a course that takes the tag or
-- category fails instead); deleting a whole course still takes its tag links along.
ALTER TABLE course_tags
    DROP CONSTRAINT course_tags_tag_id_fkey,
    ADD CONSTRAINT course_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id);
ALTER TABLE courses
    DROP CONSTRAINT courses_category_id_fkey,
    ADD CONSTRAINT courses_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories (id);
