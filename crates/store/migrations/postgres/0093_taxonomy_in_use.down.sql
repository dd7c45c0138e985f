ALTER TABLE courses
    DROP CONSTRAINT courses_category_id_fkey,
    ADD CONSTRAINT courses_category_id_fkey FOREIGN KEY (category_id)
        REFERENCES categories (id) ON DELETE SET NULL;
ALTER TABLE course_tags
    DROP CONSTRAINT course_tags_tag_id_fkey,
    ADD CONSTRAINT course_tags_tag_id_fkey FOREIGN KEY (tag_id)
        REFERENCES tags (id) ON DELETE CASCADE;
