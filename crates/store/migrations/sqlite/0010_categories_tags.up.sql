-- The catalog's taxonomy: nested categories (a course has at most one) and flat tags.
CREATE TABLE categories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    parent_id  BIGINT REFERENCES categories (id) ON DELETE RESTRICT,
    created_at BIGINT NOT NULL,
    CONSTRAINT categories_slug_key UNIQUE (slug)
);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT tags_slug_key UNIQUE (slug)
);
