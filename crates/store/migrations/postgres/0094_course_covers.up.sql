-- A course's uploaded cover image (checked like avatars). In its own table so that
-- course reads never drag the bytes along; courses.cover_image_url points at the route
-- that serves it while it is the course's cover.
CREATE TABLE course_covers (
    course_id    BIGINT PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    content_type TEXT   NOT NULL,
    bytes        BYTEA  NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT course_covers_content_type_check CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp'))
);
