-- A course's ordered modules and each module's ordered lessons. Positions are unique per
-- parent; a reorder rewrites them in one transaction. Lesson content is JSON text (a list
-- of blocks validated by the domain).
CREATE TABLE modules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    title      TEXT   NOT NULL,
    position   BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT modules_course_position_key UNIQUE (course_id, position)
);
CREATE TABLE lessons (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    module_id  BIGINT NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    title      TEXT   NOT NULL,
    position   BIGINT NOT NULL,
    content    TEXT   NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT lessons_module_position_key UNIQUE (module_id, position)
);
