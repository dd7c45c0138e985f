-- Public profiles (one per user, addressed by slug) and their avatars. Avatars live in
-- their own table so that profile reads never drag the image bytes along.
CREATE TABLE profiles (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    slug         TEXT   NOT NULL,
    bio          TEXT   NOT NULL DEFAULT '',
    phone        TEXT,
    social_links TEXT   NOT NULL DEFAULT '{}',
    updated_at   BIGINT NOT NULL,
    CONSTRAINT profiles_slug_key UNIQUE (slug)
);
CREATE TABLE avatars (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT   NOT NULL,
    bytes        BLOB   NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT avatars_content_type_check CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp'))
);
