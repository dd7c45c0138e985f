//! Enrollments and favorites.

use practicum_domain::{identity::UserId, Timestamp};

use crate::query::{count, run};
use crate::{row::get, Session, StoreError};

/// Enrolls the learner at the course's current price and counts them on the course.
/// A second enrollment is `StoreError::Unique` with `enrollments_user_course_key`.
pub async fn enroll(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO enrollments (user_id, course_id, price_cents, currency, enrolled_at) \
         SELECT $1, id, price_cents, currency, $2 FROM courses WHERE id = $3 RETURNING id",
    )
    .bind(user_id.0)
    .bind(now)
    .bind(course_id)
    .fetch_one(s.conn())
    .await?;
    run(
        sqlx::query("UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $1")
            .bind(course_id),
        s.conn(),
    )
    .await?;
    get(&row, "id")
}

pub async fn is_enrolled(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
) -> Result<bool, StoreError> {
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM enrollments WHERE user_id = $1 AND course_id = $2")
            .bind(user_id.0)
            .bind(course_id)
            .fetch_one(s.conn())
            .await?;
    Ok(get::<i64>(&row, "n")? > 0)
}

/// How many learners are enrolled in the course.
pub async fn count_for_course(s: &mut dyn Session, course_id: i64) -> Result<i64, StoreError> {
    count(
        sqlx::query("SELECT COUNT(*) AS n FROM enrollments WHERE course_id = $1").bind(course_id),
        s.conn(),
    )
    .await
}

/// Whether the user has bookmarked the course.
pub async fn is_favorite(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
) -> Result<bool, StoreError> {
    let n: i64 = count(
        sqlx::query("SELECT COUNT(*) AS n FROM favorites WHERE user_id = $1 AND course_id = $2")
            .bind(user_id.0)
            .bind(course_id),
        s.conn(),
    )
    .await?;
    Ok(n > 0)
}

/// Flips the bookmark; returns whether the course is now a favorite.
pub async fn toggle_favorite(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let removed = sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND course_id = $2")
        .bind(user_id.0)
        .bind(course_id)
        .execute(s.conn())
        .await?
        .rows_affected();
    if removed > 0 {
        return Ok(false);
    }
    run(
        sqlx::query(
            "INSERT INTO favorites (user_id, course_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, course_id) DO NOTHING",
        )
        .bind(user_id.0)
        .bind(course_id)
        .bind(now),
        s.conn(),
    )
    .await?;
    Ok(true)
}
