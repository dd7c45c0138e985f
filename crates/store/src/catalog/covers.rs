//! Uploaded course cover images.

use practicum_domain::Timestamp;

use crate::query::{optional, run};
use crate::{row::decode, Session, StoreError};

/// A stored cover: its content type and bytes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Cover {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Stores (or replaces) the course's cover and points `courses.cover_image_url` at `url`.
pub async fn put(
    s: &mut dyn Session,
    course_id: i64,
    content_type: &str,
    bytes: &[u8],
    url: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO course_covers (course_id, content_type, bytes, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (course_id) DO UPDATE SET \
             content_type = excluded.content_type, bytes = excluded.bytes, \
             updated_at = excluded.updated_at",
        )
        .bind(course_id)
        .bind(content_type)
        .bind(bytes)
        .bind(now),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query("UPDATE courses SET cover_image_url = $1, updated_at = $2 WHERE id = $3")
            .bind(url)
            .bind(now)
            .bind(course_id),
        s.conn(),
    )
    .await
}

pub async fn get_cover(s: &mut dyn Session, course_id: i64) -> Result<Option<Cover>, StoreError> {
    let query = sqlx::query("SELECT content_type, bytes FROM course_covers WHERE course_id = $1")
        .bind(course_id);
    optional(query, s.conn(), decode).await
}

/// Forgets the uploaded cover (the course's `cover_image_url` is the caller's).
pub async fn delete(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM course_covers WHERE course_id = $1").bind(course_id),
        s.conn(),
    )
    .await
}
