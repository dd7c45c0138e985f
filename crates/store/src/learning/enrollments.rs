//! Enrollments and favorites.

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};

use super::activity::StepLog;
use crate::query::{batch, count, run};
use crate::{row::get, Backend, Session, StoreError};

/// What [`enroll_by_slug`] found about the course and did.
#[derive(Debug, Clone)]
pub struct EnrollAttempt {
    pub course_id: i64,
    pub status: CourseStatus,
    pub teacher_id: UserId,
    /// The new enrollment, when the course is published (only those take enrollments);
    /// `None` otherwise, and nothing is written.
    pub enrollment_id: Option<i64>,
}

/// Enrolls the learner in the course `slug` if it is published, at its current price;
/// counts them on the course and records the step: the activity row and analytics event
/// of `log` (the event's amount is the price the enrollment records, whatever
/// `log.amount_cents` says), and `weight` added to the learner's score of the course's
/// category, if it has one. Reads what the caller's access check needs about the course.
/// `None`: no such course. A second enrollment is `StoreError::Unique` with
/// `enrollments_user_course_key`, and nothing is written.
///
/// One statement text, for [`crate::Db::write_statement`]: data-modifying `WITH`s on
/// PostgreSQL (one statement, its own transaction), the same statements in one batch on
/// SQLite, where `changes()` carries "the enrollment is new" down the batch (the
/// connection runs a batch's statements in order and stops at the first error; the
/// transaction then rolls back).
pub async fn enroll_by_slug(
    s: &mut dyn Session,
    user_id: UserId,
    slug: &str,
    log: &StepLog<'_>,
    weight: f64,
    now: Timestamp,
) -> Result<Option<EnrollAttempt>, StoreError> {
    let sql = match s.backend() {
        Backend::Postgres => ENROLL_POSTGRES,
        Backend::Sqlite => ENROLL_SQLITE,
    };
    let rows = batch(
        sqlx::query(sql)
            .bind(user_id.0)
            .bind(now)
            .bind(slug)
            .bind(log.activity_kind)
            .bind(log.event.as_str())
            .bind(weight),
        s.conn(),
    )
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let status: String = get(row, "status")?;
    let status: CourseStatus = status
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("course status {status}")))?;
    let enrollment_id: Option<i64> = get(row, "enrollment_id")?;
    Ok(Some(EnrollAttempt {
        course_id: get(row, "id")?,
        teacher_id: UserId(get(row, "teacher_id")?),
        // SQLite's last `SELECT` reads the learner's enrollment, which is this batch's
        // only when the course is published (an older one failed the insert).
        enrollment_id: enrollment_id.filter(|_| status == CourseStatus::Published),
        status,
    }))
}

// $1 user, $2 now, $3 slug, $4 activity kind, $5 event kind, $6 category weight. The
// preference's `WHERE` is also what SQLite needs to parse `INSERT … SELECT … ON CONFLICT`.
const ENROLL_SQLITE: &str = "\
    INSERT INTO enrollments (user_id, course_id, price_cents, currency, enrolled_at) \
    SELECT $1, id, price_cents, currency, $2 FROM courses \
    WHERE slug = $3 AND status = 'published'; \
    UPDATE courses SET enrollment_count = enrollment_count + 1 \
    WHERE slug = $3 AND changes() = 1; \
    INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
    SELECT $1, $4, id, NULL, '{}', $2 FROM courses WHERE slug = $3 AND changes() = 1; \
    INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
    SELECT $5, $1, id, price_cents, $2 FROM courses WHERE slug = $3 AND changes() = 1; \
    INSERT INTO category_preferences (user_id, category_id, score, updated_at) \
    SELECT $1, category_id, $6, $2 FROM courses \
    WHERE slug = $3 AND category_id IS NOT NULL AND changes() = 1 \
    ON CONFLICT (user_id, category_id) DO UPDATE \
    SET score = category_preferences.score + excluded.score, updated_at = excluded.updated_at; \
    SELECT c.id, c.status, c.teacher_id, e.id AS enrollment_id FROM courses c \
    LEFT JOIN enrollments e ON e.user_id = $1 AND e.course_id = c.id WHERE c.slug = $3";

const ENROLL_POSTGRES: &str = "\
    WITH course AS (\
      SELECT id, status, teacher_id, price_cents, currency, category_id FROM courses \
      WHERE slug = $3), \
    enrolled AS (\
      INSERT INTO enrollments (user_id, course_id, price_cents, currency, enrolled_at) \
      SELECT $1, id, price_cents, currency, $2 FROM course WHERE status = 'published' \
      RETURNING id, course_id, price_cents), \
    counted AS (\
      UPDATE courses SET enrollment_count = enrollment_count + 1 \
      FROM enrolled WHERE courses.id = enrolled.course_id), \
    logged AS (\
      INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
      SELECT $1, $4, course_id, NULL, '{}', $2 FROM enrolled), \
    event AS (\
      INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
      SELECT $5, $1, course_id, price_cents, $2 FROM enrolled), \
    preference AS (\
      INSERT INTO category_preferences (user_id, category_id, score, updated_at) \
      SELECT $1, course.category_id, $6, $2 FROM enrolled JOIN course ON course.id = enrolled.course_id \
      WHERE course.category_id IS NOT NULL \
      ON CONFLICT (user_id, category_id) DO UPDATE \
      SET score = category_preferences.score + excluded.score, updated_at = excluded.updated_at) \
    SELECT course.id, course.status, course.teacher_id, \
    (SELECT id FROM enrolled) AS enrollment_id FROM course";

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
