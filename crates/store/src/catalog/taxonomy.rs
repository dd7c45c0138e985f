//! Categories (nested through `parent_id`) and tags.

use practicum_domain::Timestamp;

use crate::query::{all, count, new_id, optional, run};
use crate::row::decode;
use crate::{row::get, Backend, Session, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TagRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

pub async fn list_categories(s: &mut dyn Session) -> Result<Vec<CategoryRecord>, StoreError> {
    all(
        sqlx::query("SELECT id, slug, name, parent_id FROM categories ORDER BY name, id"),
        s.conn(),
        decode,
    )
    .await
}

pub async fn find_category(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<CategoryRecord>, StoreError> {
    optional(
        sqlx::query("SELECT id, slug, name, parent_id FROM categories WHERE slug = $1").bind(slug),
        s.conn(),
        decode,
    )
    .await
}

/// A taken slug is `StoreError::Unique` with `categories_slug_key`.
pub async fn insert_category(
    s: &mut dyn Session,
    slug: &str,
    name: &str,
    parent_id: Option<i64>,
    now: Timestamp,
) -> Result<CategoryRecord, StoreError> {
    let row = sqlx::query(
        "INSERT INTO categories (slug, name, parent_id, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id, slug, name, parent_id",
    )
    .bind(slug)
    .bind(name)
    .bind(parent_id)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    decode(&row)
}

pub async fn list_tags(s: &mut dyn Session) -> Result<Vec<TagRecord>, StoreError> {
    all(
        sqlx::query("SELECT id, slug, name FROM tags ORDER BY slug"),
        s.conn(),
        decode,
    )
    .await
}

/// A taken slug is `StoreError::Unique` with `tags_slug_key`.
pub async fn insert_tag(
    s: &mut dyn Session,
    slug: &str,
    name: &str,
) -> Result<TagRecord, StoreError> {
    let row = sqlx::query("INSERT INTO tags (slug, name) VALUES ($1, $2) RETURNING id, slug, name")
        .bind(slug)
        .bind(name)
        .fetch_one(s.conn())
        .await?;
    decode(&row)
}

/// The id of the tag `slug`, created unless it exists (then its name stays). The row is
/// locked for the rest of the transaction (the no-op update), so a concurrent deletion
/// of the tag waits and then sees the course that took it (and is refused).
pub async fn ensure_tag(s: &mut dyn Session, slug: &str, name: &str) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO tags (slug, name) VALUES ($1, $2) \
             ON CONFLICT (slug) DO UPDATE SET name = tags.name RETURNING id",
        )
        .bind(slug)
        .bind(name),
        s.conn(),
    )
    .await
}

/// Serializes changes to the category tree for the rest of the transaction, so that two
/// re-parentings cannot each pass the cycle check and together make a cycle. PostgreSQL:
/// a self-conflicting table lock that still lets readers and foreign-key checks through;
/// SQLite runs one write transaction at a time already.
pub async fn lock_category_tree(s: &mut dyn Session) -> Result<(), StoreError> {
    if s.backend() == Backend::Postgres {
        run(
            sqlx::query("LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE"),
            s.conn(),
        )
        .await?;
    }
    Ok(())
}

/// A taken slug is `StoreError::Unique` with `categories_slug_key`.
pub async fn update_category(
    s: &mut dyn Session,
    id: i64,
    slug: &str,
    name: &str,
    parent_id: Option<i64>,
) -> Result<CategoryRecord, StoreError> {
    let row = sqlx::query(
        "UPDATE categories SET slug = $1, name = $2, parent_id = $3 WHERE id = $4 \
         RETURNING id, slug, name, parent_id",
    )
    .bind(slug)
    .bind(name)
    .bind(parent_id)
    .bind(id)
    .fetch_one(s.conn())
    .await?;
    decode(&row)
}

/// How many categories are nested directly under `id`, and how many courses are in it.
pub async fn category_usage(s: &mut dyn Session, id: i64) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM categories WHERE parent_id = $1) AS children, \
         (SELECT COUNT(*) FROM courses WHERE category_id = $1) AS courses",
    )
    .bind(id)
    .fetch_one(s.conn())
    .await?;
    Ok((get(&row, "children")?, get(&row, "courses")?))
}

/// A category still used (by courses or subcategories) is `StoreError::ForeignKey`.
pub async fn delete_category(s: &mut dyn Session, id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM categories WHERE id = $1").bind(id),
        s.conn(),
    )
    .await
}

pub async fn find_tag(s: &mut dyn Session, slug: &str) -> Result<Option<TagRecord>, StoreError> {
    optional(
        sqlx::query("SELECT id, slug, name FROM tags WHERE slug = $1").bind(slug),
        s.conn(),
        decode,
    )
    .await
}

/// A taken slug is `StoreError::Unique` with `tags_slug_key`.
pub async fn update_tag(
    s: &mut dyn Session,
    id: i64,
    slug: &str,
    name: &str,
) -> Result<TagRecord, StoreError> {
    let row =
        sqlx::query("UPDATE tags SET slug = $1, name = $2 WHERE id = $3 RETURNING id, slug, name")
            .bind(slug)
            .bind(name)
            .bind(id)
            .fetch_one(s.conn())
            .await?;
    decode(&row)
}

/// How many courses carry the tag.
pub async fn tag_usage(s: &mut dyn Session, id: i64) -> Result<i64, StoreError> {
    count(
        sqlx::query("SELECT COUNT(*) AS n FROM course_tags WHERE tag_id = $1").bind(id),
        s.conn(),
    )
    .await
}

/// A tag that courses carry is `StoreError::ForeignKey`.
pub async fn delete_tag(s: &mut dyn Session, id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM tags WHERE id = $1").bind(id),
        s.conn(),
    )
    .await
}
