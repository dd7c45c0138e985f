-- Translations of course, module and lesson texts, one row per item and language. The
-- course's own columns hold its default language (courses.language).
CREATE TABLE course_translations (
    course_id   BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    language    TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (course_id, language)
);
CREATE TABLE module_translations (
    module_id BIGINT NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    language  TEXT   NOT NULL,
    title     TEXT   NOT NULL,
    PRIMARY KEY (module_id, language)
);
CREATE TABLE lesson_translations (
    lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    language  TEXT   NOT NULL,
    title     TEXT   NOT NULL,
    content   TEXT,
    PRIMARY KEY (lesson_id, language)
);
