//! Enrollments and favorites.

use practicum_domain::{identity::UserId, Timestamp};

use super::activity::StepLog;
use crate::query::{batch, count, run};
use crate::{row::get, Backend, Session, StoreError};

/// Enrolls the learner at the course's current price, counts them on the course, and
/// records the step: the activity row and analytics event of `log`, and `preference`
/// (`(category_id, weight)`: the weight added to the learner's score of that category).
/// One round trip: a statement of data-modifying `WITH`s on PostgreSQL, the same
/// statements in one batch on SQLite (sqlx runs a batch's statements in order on the
/// connection's thread, stopping at the first error; the transaction then rolls back).
/// A second enrollment is `StoreError::Unique` with `enrollments_user_course_key`.
pub async fn enroll(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
    log: &StepLog<'_>,
    preference: Option<(i64, f64)>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let sql = match s.backend() {
        Backend::Postgres => ENROLL_POSTGRES,
        Backend::Sqlite => ENROLL_SQLITE,
    };
    // A weight is bound even without a category (it is not used then): sqlx's `Any`
    // sends a NULL `f64` to PostgreSQL as a `real`, and the statement, prepared once per
    // connection, must see the same parameter types every time.
    let (category_id, weight) = match preference {
        Some((category, weight)) => (Some(category), weight),
        None => (None, 0.0),
    };
    let rows = batch(
        sqlx::query(sql)
            .bind(user_id.0)
            .bind(now)
            .bind(course_id)
            .bind(log.activity_kind)
            .bind(log.event.as_str())
            .bind(log.amount_cents)
            .bind(category_id)
            .bind(weight),
        s.conn(),
    )
    .await?;
    match rows.first() {
        Some(row) => get(row, "id"),
        None => Err(StoreError::Corrupt(format!(
            "course {course_id} vanished while enrolling"
        ))),
    }
}

// $1 user, $2 now, $3 course, $4 activity kind, $5 event kind, $6 amount, $7 category
// (NULL: no preference to feed), $8 weight. The preference's `WHERE` is also what SQLite
// needs to parse `INSERT … SELECT … ON CONFLICT`.
const ENROLL_SQLITE: &str = "\
    INSERT INTO enrollments (user_id, course_id, price_cents, currency, enrolled_at) \
    SELECT $1, id, price_cents, currency, $2 FROM courses WHERE id = $3 RETURNING id; \
    UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $3; \
    INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
    VALUES ($1, $4, $3, NULL, '{}', $2); \
    INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
    VALUES ($5, $1, $3, $6, $2); \
    INSERT INTO category_preferences (user_id, category_id, score, updated_at) \
    SELECT $1, $7, $8, $2 WHERE $7 IS NOT NULL \
    ON CONFLICT (user_id, category_id) DO UPDATE \
    SET score = category_preferences.score + excluded.score, updated_at = excluded.updated_at";

const ENROLL_POSTGRES: &str = "\
    WITH enrolled AS (\
      INSERT INTO enrollments (user_id, course_id, price_cents, currency, enrolled_at) \
      SELECT $1, id, price_cents, currency, $2 FROM courses WHERE id = $3 RETURNING id), \
    counted AS (UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $3), \
    logged AS (\
      INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
      VALUES ($1, $4, $3, NULL, '{}', $2)), \
    event AS (\
      INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
      VALUES ($5, $1, $3, $6, $2)), \
    preference AS (\
      INSERT INTO category_preferences (user_id, category_id, score, updated_at) \
      SELECT $1, $7, $8, $2 WHERE $7 IS NOT NULL \
      ON CONFLICT (user_id, category_id) DO UPDATE \
      SET score = category_preferences.score + excluded.score, updated_at = excluded.updated_at) \
    SELECT id FROM enrolled";

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
