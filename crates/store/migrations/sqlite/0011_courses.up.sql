-- Courses and their tags. The slug is derived from the title and unique. Rating and
-- enrollment figures are denormalised here so that the catalog sorts without joins.
CREATE TABLE courses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT   NOT NULL,
    title            TEXT   NOT NULL,
    description      TEXT   NOT NULL DEFAULT '',
    price_cents      BIGINT NOT NULL DEFAULT 0,
    currency         TEXT   NOT NULL DEFAULT 'USD',
    cover_image_url  TEXT,
    difficulty       TEXT   NOT NULL DEFAULT 'beginner',
    language         TEXT   NOT NULL DEFAULT 'en',
    teacher_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    category_id      BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    status           TEXT   NOT NULL DEFAULT 'draft',
    rating_avg       REAL NOT NULL DEFAULT 0,
    rating_count     BIGINT NOT NULL DEFAULT 0,
    enrollment_count BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    published_at     BIGINT,
    CONSTRAINT courses_slug_key UNIQUE (slug),
    CONSTRAINT courses_status_check CHECK (status IN ('draft', 'review', 'published', 'archived')),
    CONSTRAINT courses_difficulty_check CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
    CONSTRAINT courses_price_check CHECK (price_cents >= 0),
    CONSTRAINT courses_counts_check CHECK (rating_count >= 0 AND enrollment_count >= 0)
);
CREATE INDEX courses_status_published_idx ON courses (status, published_at DESC);
CREATE INDEX courses_status_rating_idx ON courses (status, rating_avg);
CREATE INDEX courses_teacher_status_idx ON courses (teacher_id, status);
CREATE INDEX courses_category_idx ON courses (category_id);
CREATE TABLE course_tags (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    tag_id    BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, tag_id)
);
CREATE INDEX course_tags_tag_idx ON course_tags (tag_id, course_id);
