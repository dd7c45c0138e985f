//! Categories (nested through `parent_id`) and tags.

use practicum_domain::Timestamp;
use sqlx::any::AnyRow;

use crate::{row::get, Session, StoreError};

#[derive(Debug, Clone)]
pub struct CategoryRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct TagRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

fn category(r: &AnyRow) -> Result<CategoryRecord, StoreError> {
    Ok(CategoryRecord {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        name: get(r, "name")?,
        parent_id: get(r, "parent_id")?,
    })
}

fn tag(r: &AnyRow) -> Result<TagRecord, StoreError> {
    Ok(TagRecord {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        name: get(r, "name")?,
    })
}

pub async fn list_categories(s: &mut dyn Session) -> Result<Vec<CategoryRecord>, StoreError> {
    sqlx::query("SELECT id, slug, name, parent_id FROM categories ORDER BY name, id")
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(category)
        .collect()
}

pub async fn find_category(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<CategoryRecord>, StoreError> {
    sqlx::query("SELECT id, slug, name, parent_id FROM categories WHERE slug = $1")
        .bind(slug)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(category)
        .transpose()
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
    category(&row)
}

pub async fn list_tags(s: &mut dyn Session) -> Result<Vec<TagRecord>, StoreError> {
    sqlx::query("SELECT id, slug, name FROM tags ORDER BY slug")
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(tag)
        .collect()
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
    tag(&row)
}

/// Creates the tag unless a tag with this slug exists (then the existing name stays).
pub async fn ensure_tag(s: &mut dyn Session, slug: &str, name: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
        .bind(slug)
        .bind(name)
        .execute(s.conn())
        .await?;
    Ok(())
}
