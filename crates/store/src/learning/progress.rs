//! Lesson completions and the dashboard's aggregates. Every function here is one query
//! whatever the number of courses or lessons: the dashboard's cost does not grow with a
//! learner's enrollments.

use std::collections::HashMap;

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use super::activity::StepLog;
use crate::catalog::outline;
use crate::query::{all, batch};
use crate::{row::get, Backend, Session, StoreError};

/// What [`complete_if_enrolled`] found about the lesson's course and did.
#[derive(Debug, Clone)]
pub struct CompletionAttempt {
    pub course_id: i64,
    pub course_status: CourseStatus,
    pub teacher_id: UserId,
    /// Whether the user is enrolled in the lesson's course: nothing is written otherwise.
    pub enrolled: bool,
    /// The completion's stamp and whether this statement wrote it: `(now, true)` for a
    /// first completion, `(the first stamp, false)` for a repeat. `None` when not
    /// enrolled, and on PostgreSQL when a concurrent transaction committed the same
    /// completion after this statement began (the insert waited for it and did nothing,
    /// and its row is not in this statement's snapshot): read it with [`completed_at`].
    pub completion: Option<(Timestamp, bool)>,
}

/// Completes the lesson for `user_id` if they are enrolled in its course, recording the
/// step of `log` (the activity row and analytics event) with a first completion, and
/// reads what the caller's access check needs about the course. `None`: no such lesson.
///
/// One statement text, for [`crate::Db::write_statement`]: data-modifying `WITH`s on
/// PostgreSQL (one statement, its own transaction), the same statements as one batch on
/// SQLite. There `changes()` (the rows the previous statement wrote) carries "the
/// completion is new" down the batch: the step's two inserts run only when the one
/// before wrote its row, and the last `SELECT` reports the last insert's.
pub async fn complete_if_enrolled(
    s: &mut dyn Session,
    user_id: UserId,
    lesson_id: i64,
    log: &StepLog<'_>,
    now: Timestamp,
) -> Result<Option<CompletionAttempt>, StoreError> {
    let sql = match s.backend() {
        Backend::Postgres => COMPLETE_POSTGRES,
        Backend::Sqlite => COMPLETE_SQLITE,
    };
    let rows = batch(
        sqlx::query(sql)
            .bind(user_id.0)
            .bind(lesson_id)
            .bind(now)
            .bind(log.activity_kind)
            .bind(log.event.as_str())
            .bind(log.amount_cents),
        s.conn(),
    )
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let status: String = get(row, "course_status")?;
    let enrolled = get::<i64>(row, "enrolled")? > 0;
    let completed_at: Option<Timestamp> = get(row, "completed_at")?;
    Ok(Some(CompletionAttempt {
        course_id: get(row, "course_id")?,
        course_status: status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("course status {status}")))?,
        teacher_id: UserId(get(row, "teacher_id")?),
        enrolled,
        completion: completed_at
            .filter(|_| enrolled)
            .map(|at| Ok::<_, StoreError>((at, get::<i64>(row, "first_time")? == 1)))
            .transpose()?,
    }))
}

// $1 user, $2 lesson, $3 now, $4 activity kind, $5 event kind, $6 amount. The lesson's
// course and whether the user is enrolled in it, as `syllabus::find_lesson_for` reads them.
const COMPLETE_SQLITE: &str = "\
    INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at) \
    SELECT $1, l.id, m.course_id, $3 FROM lessons l JOIN modules m ON m.id = l.module_id \
    WHERE l.id = $2 AND EXISTS (\
      SELECT 1 FROM enrollments e WHERE e.user_id = $1 AND e.course_id = m.course_id) \
    ON CONFLICT (user_id, lesson_id) DO NOTHING; \
    INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
    SELECT $1, $4, course_id, $2, '{}', $3 FROM lesson_completions \
    WHERE user_id = $1 AND lesson_id = $2 AND changes() = 1; \
    INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
    SELECT $5, $1, course_id, $6, $3 FROM lesson_completions \
    WHERE user_id = $1 AND lesson_id = $2 AND changes() = 1; \
    SELECT c.id AS course_id, c.status AS course_status, c.teacher_id, \
    (SELECT COUNT(*) FROM enrollments e WHERE e.user_id = $1 AND e.course_id = c.id) AS enrolled, \
    lc.completed_at, changes() AS first_time \
    FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id \
    LEFT JOIN lesson_completions lc ON lc.user_id = $1 AND lc.lesson_id = l.id \
    WHERE l.id = $2";

// A first completion is in `done` (its insert's `RETURNING`); a repeat is in the snapshot.
const COMPLETE_POSTGRES: &str = "\
    WITH target AS (\
      SELECT c.id AS course_id, c.status AS course_status, c.teacher_id, \
      (SELECT COUNT(*) FROM enrollments e WHERE e.user_id = $1 AND e.course_id = c.id) AS enrolled \
      FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id \
      WHERE l.id = $2), \
    done AS (\
      INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at) \
      SELECT $1, $2, course_id, $3 FROM target WHERE enrolled > 0 \
      ON CONFLICT (user_id, lesson_id) DO NOTHING \
      RETURNING course_id, completed_at), \
    logged AS (\
      INSERT INTO activity_log (user_id, kind, course_id, lesson_id, payload, occurred_at) \
      SELECT $1, $4, course_id, $2, '{}', $3 FROM done), \
    event AS (\
      INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
      SELECT $5, $1, course_id, $6, $3 FROM done) \
    SELECT t.course_id, t.course_status, t.teacher_id, t.enrolled, \
    COALESCE((SELECT completed_at FROM done), (\
      SELECT completed_at FROM lesson_completions WHERE user_id = $1 AND lesson_id = $2)) \
      AS completed_at, \
    (SELECT COUNT(*) FROM done) AS first_time \
    FROM target t";

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
    /// The first lesson in outline order not completed yet; `None` when all are done.
    pub next_lesson: Option<NextLesson>,
}

/// A lesson to continue with.
#[derive(Debug, Clone)]
pub struct NextLesson {
    pub lesson_id: i64,
    pub title: String,
}

/// Every course the user is enrolled in with lesson and completion counts and the lesson
/// to continue with, most recently active first: one statement that reads one row per
/// enrollment and nothing else. The counts and the next lesson (migration 0141, ADR 0058),
/// and the course's card fields and the next lesson's title (migration 0148, ADR 0069), are
/// kept on the rows by the transactions that change them, so the dashboard's cost grows
/// with the learner's enrollments only, not with the size of their courses, and no other
/// table is joined.
pub async fn enrolled_courses(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Vec<EnrolledCourse>, StoreError> {
    let sql = format!("{ENROLLED_COURSES} WHERE e.user_id = $1 ORDER BY {ENROLLED_ORDER}");
    all(sqlx::query(&sql).bind(user_id.0), s.conn(), enrolled_course).await
}

/// [`enrolled_courses`] for several users at once, in the order asked.
pub async fn enrolled_courses_of(
    s: &mut dyn Session,
    users: &[UserId],
) -> Result<Vec<Vec<EnrolledCourse>>, StoreError> {
    if s.backend() == Backend::Sqlite {
        let mut found = Vec::with_capacity(users.len());
        for user in users {
            found.push(enrolled_courses(s, *user).await?);
        }
        return Ok(found);
    }
    let ids = users
        .iter()
        .map(|u| u.0.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "{ENROLLED_COURSES} WHERE e.user_id = ANY(CAST(string_to_array($1, ',') AS BIGINT[])) \
         ORDER BY e.user_id, {ENROLLED_ORDER}"
    );
    let rows: Vec<(i64, EnrolledCourse)> = all(sqlx::query(&sql).bind(ids), s.conn(), |r| {
        Ok((get(r, "user_id")?, enrolled_course(r)?))
    })
    .await?;
    let mut by_user: HashMap<i64, Vec<EnrolledCourse>> = HashMap::new();
    for (user, course) in rows {
        by_user.entry(user).or_default().push(course);
    }
    Ok(users
        .iter()
        .map(|u| by_user.get(&u.0).cloned().unwrap_or_default())
        .collect())
}

const ENROLLED_COURSES: &str = "SELECT e.user_id, e.course_id AS id, e.course_slug AS slug, \
       e.course_title AS title, e.course_cover_image_url AS cover_image_url, e.enrolled_at, \
       e.course_lesson_count AS total_lessons, e.completed_lessons, \
       e.last_completed_at AS last_at, e.next_lesson_id, e.next_lesson_title \
     FROM enrollments e";

const ENROLLED_ORDER: &str = "COALESCE(e.last_completed_at, e.enrolled_at) DESC, e.course_id DESC";

fn enrolled_course(r: &AnyRow) -> Result<EnrolledCourse, StoreError> {
    let next_id: Option<i64> = get(r, "next_lesson_id")?;
    let next_lesson = match next_id {
        Some(lesson_id) => Some(NextLesson {
            lesson_id,
            title: get(r, "next_lesson_title")?,
        }),
        None => None,
    };
    Ok(EnrolledCourse {
        course_id: get(r, "id")?,
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        cover_image_url: get(r, "cover_image_url")?,
        enrolled_at: get(r, "enrolled_at")?,
        total_lessons: get(r, "total_lessons")?,
        completed_lessons: get(r, "completed_lessons")?,
        last_completed_at: get(r, "last_at")?,
        next_lesson,
    })
}

/// One course's outline with the user's completions, for the progress page.
#[derive(Debug, Clone)]
pub struct CourseOutline {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    /// Whether the user is enrolled; the rest is read either way.
    pub enrolled: bool,
    /// The modules in outline order, each with its lessons in order.
    pub modules: Vec<OutlineModule>,
}

#[derive(Debug, Clone)]
pub struct OutlineModule {
    pub module_id: i64,
    pub title: String,
    pub lessons: Vec<OutlineLesson>,
}

#[derive(Debug, Clone)]
pub struct OutlineLesson {
    pub lesson_id: i64,
    pub title: String,
    pub completed_at: Option<Timestamp>,
}

/// The course with this slug (in any status), whether the user is enrolled, and its
/// outline with the user's completion of each lesson: one statement, one row. The
/// outline is the course's copy of it (`catalog::outline`, ADR 0070), the completions
/// come by the (user, course) index; where the page used to take six statements
/// (course, tags, enrollment, modules, lessons, completions), and then one joining them
/// row by row.
pub async fn course_outline(
    s: &mut dyn Session,
    user_id: UserId,
    slug: &str,
) -> Result<Option<CourseOutline>, StoreError> {
    let columns = outline_columns(
        "$1",
        "CASE WHEN EXISTS (SELECT 1 FROM enrollments e \
           WHERE e.user_id = $1 AND e.course_id = c.id) THEN 1 ELSE 0 END",
    );
    let sql = format!("SELECT {columns} FROM courses c WHERE c.slug = $2");
    let row = sqlx::query(&sql)
        .bind(user_id.0)
        .bind(slug)
        .fetch_optional(s.conn())
        .await?;
    row.as_ref().map(outline_of).transpose()
}

/// [`course_outline`] for several (user, slug) pairs at once, in the order asked: on
/// PostgreSQL one statement for all of them (ADR 0065; the pairs travel as one JSON
/// array, so a slug can hold any character), on SQLite one [`course_outline`] each.
pub async fn course_outlines_of(
    s: &mut dyn Session,
    asked: &[(UserId, String)],
) -> Result<Vec<Option<CourseOutline>>, StoreError> {
    if s.backend() == Backend::Sqlite {
        let mut found = Vec::with_capacity(asked.len());
        for (user, slug) in asked {
            found.push(course_outline(s, *user, slug).await?);
        }
        return Ok(found);
    }
    // Each pair once: a pair asked twice would otherwise come twice.
    let mut pairs: Vec<&(UserId, String)> = asked.iter().collect();
    pairs.sort();
    pairs.dedup();
    let json = serde_json::Value::Array(
        pairs
            .iter()
            .map(|(user, slug)| serde_json::json!({ "user_id": user.0, "slug": slug }))
            .collect(),
    )
    .to_string();
    // The enrolment by its unique key, joined: as a sub-select PostgreSQL hashes every
    // enrolment for a batch.
    let columns = outline_columns(
        "q.user_id",
        "CASE WHEN ee.user_id IS NULL THEN 0 ELSE 1 END",
    );
    let sql = format!(
        "SELECT q.user_id AS asked_user, q.slug AS asked_slug, {columns} \
         FROM json_to_recordset(CAST($1 AS json)) AS q(user_id BIGINT, slug TEXT) \
         JOIN courses c ON c.slug = q.slug \
         LEFT JOIN enrollments ee ON ee.user_id = q.user_id AND ee.course_id = c.id"
    );
    let rows = sqlx::query(&sql).bind(json).fetch_all(s.conn()).await?;
    let mut by_pair: HashMap<(i64, String), AnyRow> = HashMap::with_capacity(rows.len());
    for r in rows {
        let pair = (get(&r, "asked_user")?, get(&r, "asked_slug")?);
        by_pair.insert(pair, r);
    }
    asked
        .iter()
        .map(|(user, slug)| {
            by_pair
                .get(&(user.0, slug.clone()))
                .map(outline_of)
                .transpose()
        })
        .collect()
}

/// The page's columns of the course `c`: whether the user (`user`, an expression) is
/// enrolled from `enrolled`, the outline's copy, and the user's completions in the
/// course as `lesson:stamp` pairs joined by commas.
fn outline_columns(user: &str, enrolled: &str) -> String {
    format!(
        "c.id AS course_id, c.slug, c.title AS course_title, {enrolled} AS enrolled, \
         c.outline, (SELECT string_agg(CAST(lc.lesson_id AS TEXT) || ':' || \
           CAST(lc.completed_at AS TEXT), ',') FROM lesson_completions lc \
           WHERE lc.user_id = {user} AND lc.course_id = c.id) AS completions"
    )
}

/// The page's row into the outline with the user's completions.
fn outline_of(r: &AnyRow) -> Result<CourseOutline, StoreError> {
    let completions: Option<String> = get(r, "completions")?;
    let completed = parse_completions(completions.as_deref().unwrap_or(""))?;
    let copy = outline::parse(&get::<String>(r, "outline")?)?;
    Ok(CourseOutline {
        course_id: get(r, "course_id")?,
        slug: get(r, "slug")?,
        title: get(r, "course_title")?,
        enrolled: get::<i64>(r, "enrolled")? != 0,
        modules: copy
            .into_iter()
            .map(|m| OutlineModule {
                module_id: m.id,
                title: m.title,
                lessons: m
                    .lessons
                    .into_iter()
                    .map(|l| OutlineLesson {
                        completed_at: completed.get(&l.id).copied(),
                        lesson_id: l.id,
                        title: l.title,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// `lesson:stamp,lesson:stamp,…` (as [`outline_columns`] aggregates them) by lesson.
fn parse_completions(text: &str) -> Result<HashMap<i64, Timestamp>, StoreError> {
    let bad = || StoreError::Corrupt(format!("completions {text:?}"));
    text.split(',')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (lesson, stamp) = pair.split_once(':').ok_or_else(bad)?;
            let lesson = lesson.parse::<i64>().map_err(|_| bad())?;
            let stamp = stamp.parse::<Timestamp>().map_err(|_| bad())?;
            Ok((lesson, stamp))
        })
        .collect()
}
