-- Back to tag links deleted with their tag.
CREATE TABLE course_tags_rebuilt (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    tag_id    BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, tag_id)
);
INSERT INTO course_tags_rebuilt (course_id, tag_id) SELECT course_id, tag_id FROM course_tags;
DROP TABLE course_tags;
ALTER TABLE course_tags_rebuilt RENAME TO course_tags;
CREATE INDEX course_tags_tag_idx ON course_tags (tag_id, course_id);
