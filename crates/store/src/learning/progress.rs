//! Lesson completions and the dashboard's aggregates. Every function here is one query
//! whatever the number of courses or lessons: the dashboard's cost does not grow with a
//! learner's enrollments.

use practicum_domain::{identity::UserId, Timestamp};

use crate::{row::get, Session, StoreError};

/// Records the completion unless it exists; returns whether it is new.
pub async fn complete(
    s: &mut dyn Session,
    user_id: UserId,
    lesson_id: i64,
    course_id: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, lesson_id) DO NOTHING",
    )
    .bind(user_id.0)
    .bind(lesson_id)
    .bind(course_id)
    .bind(now)
    .execute(s.conn())
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn completed_at(
    s: &mut dyn Session,
    user_id: UserId,
    lesson_id: i64,
) -> Result<Option<Timestamp>, StoreError> {
    let row = sqlx::query(
        "SELECT completed_at FROM lesson_completions WHERE user_id = $1 AND lesson_id = $2",
    )
    .bind(user_id.0)
    .bind(lesson_id)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| get(&r, "completed_at")).transpose()
}

/// (lesson id, completed at) of the user's completed lessons in one course.
pub async fn completions_in_course(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
) -> Result<Vec<(i64, Timestamp)>, StoreError> {
    sqlx::query(
        "SELECT lesson_id, completed_at FROM lesson_completions \
         WHERE user_id = $1 AND course_id = $2",
    )
    .bind(user_id.0)
    .bind(course_id)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| Ok((get(r, "lesson_id")?, get(r, "completed_at")?)))
    .collect()
}

/// One enrolled course with the counts progress is computed from.
#[derive(Debug, Clone)]
pub struct EnrolledCourse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub cover_image_url: Option<String>,
    pub enrolled_at: Timestamp,
    pub total_lessons: i64,
    pub completed_lessons: i64,
    pub last_completed_at: Option<Timestamp>,
}

/// Every course the user is enrolled in with lesson and completion counts, most recently
/// active first: one query with two grouped sub-selects.
pub async fn enrolled_courses(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Vec<EnrolledCourse>, StoreError> {
    sqlx::query(
        "SELECT c.id, c.slug, c.title, c.cover_image_url, e.enrolled_at, \
           COALESCE(t.n, 0) AS total_lessons, COALESCE(d.n, 0) AS completed_lessons, \
           d.last_at \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         LEFT JOIN (SELECT m.course_id, COUNT(*) AS n FROM lessons l \
                    JOIN modules m ON m.id = l.module_id \
                    JOIN enrollments e2 ON e2.course_id = m.course_id AND e2.user_id = $1 \
                    GROUP BY m.course_id) t ON t.course_id = c.id \
         LEFT JOIN (SELECT course_id, COUNT(*) AS n, MAX(completed_at) AS last_at \
                    FROM lesson_completions WHERE user_id = $1 \
                    GROUP BY course_id) d ON d.course_id = c.id \
         WHERE e.user_id = $1 \
         ORDER BY COALESCE(d.last_at, e.enrolled_at) DESC, c.id DESC",
    )
    .bind(user_id.0)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        Ok(EnrolledCourse {
            course_id: get(r, "id")?,
            slug: get(r, "slug")?,
            title: get(r, "title")?,
            cover_image_url: get(r, "cover_image_url")?,
            enrolled_at: get(r, "enrolled_at")?,
            total_lessons: get(r, "total_lessons")?,
            completed_lessons: get(r, "completed_lessons")?,
            last_completed_at: get(r, "last_at")?,
        })
    })
    .collect()
}

/// A lesson to continue with.
#[derive(Debug, Clone)]
pub struct NextLesson {
    pub course_id: i64,
    pub lesson_id: i64,
    pub title: String,
}

/// For each of the user's enrolled courses, the first lesson in outline order they have
/// not completed (none when all are done): one query with a window function.
pub async fn next_lessons(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Vec<NextLesson>, StoreError> {
    sqlx::query(
        "SELECT course_id, lesson_id, title FROM ( \
           SELECT m.course_id, l.id AS lesson_id, l.title, ROW_NUMBER() OVER ( \
             PARTITION BY m.course_id ORDER BY m.position, m.id, l.position, l.id) AS rn \
           FROM lessons l JOIN modules m ON m.id = l.module_id \
           JOIN enrollments e ON e.course_id = m.course_id AND e.user_id = $1 \
           WHERE NOT EXISTS (SELECT 1 FROM lesson_completions lc \
                             WHERE lc.user_id = $1 AND lc.lesson_id = l.id)) pending \
         WHERE rn = 1",
    )
    .bind(user_id.0)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        Ok(NextLesson {
            course_id: get(r, "course_id")?,
            lesson_id: get(r, "lesson_id")?,
            title: get(r, "title")?,
        })
    })
    .collect()
}
