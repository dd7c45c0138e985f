-- A tag that courses carry cannot be deleted (NO ACTION instead of silently untagging
-- them); deleting a whole course still takes its tag links along.
-- Categories: PostgreSQL refuses deleting one that courses use the same way. SQLite
-- cannot alter the courses table's foreign key without rebuilding the table every other
-- catalog table references; there, the use-case's check holds because SQLite runs one
-- write transaction at a time (BEGIN IMMEDIATE), so no course can take the category
-- between the check and the delete.
-- SQLite cannot alter a foreign key: course_tags is rebuilt (no table references it).
CREATE TABLE course_tags_rebuilt (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    tag_id    BIGINT NOT NULL REFERENCES tags (id),
    PRIMARY KEY (course_id, tag_id)
);
INSERT INTO course_tags_rebuilt (course_id, tag_id) SELECT course_id, tag_id FROM course_tags;
DROP TABLE course_tags;
ALTER TABLE course_tags_rebuilt RENAME TO course_tags;
CREATE INDEX course_tags_tag_idx ON course_tags (tag_id, course_id);
