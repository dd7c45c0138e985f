//! Modules and lessons: the ordered outline of a course.

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};

use sqlx::any::AnyRow;

use super::outline;
use crate::query::{all, count, optional, run};
use crate::row::decode;
use crate::{row::get, Backend, Session, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModuleRecord {
    pub id: i64,
    pub course_id: i64,
    pub title: String,
    pub description: String,
    pub position: i64,
}

/// A lesson without its content (for outlines).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LessonSummary {
    pub id: i64,
    pub module_id: i64,
    pub title: String,
    pub position: i64,
}

/// A lesson with its content (JSON text) and what access checks need about its course.
#[derive(Debug, Clone)]
pub struct LessonRecord {
    pub id: i64,
    pub module_id: i64,
    pub title: String,
    pub position: i64,
    pub content: String,
    pub course_id: i64,
    pub course_slug: String,
    pub course_status: CourseStatus,
    /// The course's default language.
    pub course_language: String,
    pub teacher_id: UserId,
}

/// The course's modules in order.
pub async fn modules(s: &mut dyn Session, course_id: i64) -> Result<Vec<ModuleRecord>, StoreError> {
    all(
        sqlx::query(
            "SELECT id, course_id, title, description, position FROM modules \
             WHERE course_id = $1 ORDER BY position, id",
        )
        .bind(course_id),
        s.conn(),
        decode,
    )
    .await
}

/// Every lesson of the course, ordered by module position then lesson position: one
/// query for the whole outline.
pub async fn lessons(
    s: &mut dyn Session,
    course_id: i64,
) -> Result<Vec<LessonSummary>, StoreError> {
    all(
        sqlx::query(
            "SELECT l.id, l.module_id, l.title, l.position FROM lessons l \
             JOIN modules m ON m.id = l.module_id WHERE m.course_id = $1 \
             ORDER BY m.position, m.id, l.position, l.id",
        )
        .bind(course_id),
        s.conn(),
        decode,
    )
    .await
}

/// Appends a module at the end of the course. The course's outline is locked first
/// ([`lock_course`]) so that concurrent appends queue instead of both taking
/// the same position and failing the unique constraint. An empty module changes none
/// of the dashboard's figures, only the outline's copy ([`outline::refresh`]).
pub async fn insert_module(
    s: &mut dyn Session,
    course_id: i64,
    title: &str,
    description: &str,
    now: Timestamp,
) -> Result<ModuleRecord, StoreError> {
    lock_course(s, course_id).await?;
    let row = sqlx::query(
        "INSERT INTO modules (course_id, title, description, position, created_at) \
         SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4 FROM modules \
         WHERE course_id = $1 RETURNING id, course_id, title, description, position",
    )
    .bind(course_id)
    .bind(title)
    .bind(description)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    outline::refresh(s, course_id).await?;
    decode(&row)
}

/// Gives the modules `ordered` (all of the course's, checked by the caller) positions
/// 1, 2, …. Positions are first moved out of the way (negated) so that the unique
/// (course_id, position) constraint holds after every statement.
pub async fn reorder_modules(
    s: &mut dyn Session,
    course_id: i64,
    ordered: &[i64],
) -> Result<(), StoreError> {
    lock_course(s, course_id).await?;
    renumber(s, "modules", "course_id", course_id, ordered).await?;
    refresh_outline_progress(s, course_id).await
}

/// Appends a lesson at the end of its module (the course's outline and the module row
/// locked first, as in [`insert_module`] and [`lock_modules`]).
pub async fn insert_lesson(
    s: &mut dyn Session,
    module_id: i64,
    title: &str,
    content: &str,
    now: Timestamp,
) -> Result<LessonSummary, StoreError> {
    let course_id = lock_course_of_module(s, module_id).await?;
    run(
        sqlx::query("UPDATE modules SET position = position WHERE id = $1").bind(module_id),
        s.conn(),
    )
    .await?;
    let row = sqlx::query(
        "INSERT INTO lessons (module_id, title, position, content, created_at, updated_at) \
         SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3, $4, $4 FROM lessons \
         WHERE module_id = $1 RETURNING id, module_id, title, position",
    )
    .bind(module_id)
    .bind(title)
    .bind(content)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    if let Some(course_id) = course_id {
        refresh_outline_progress(s, course_id).await?;
    }
    decode(&row)
}

/// The lesson with its course's slug, status and teacher.
pub async fn find_lesson(s: &mut dyn Session, id: i64) -> Result<Option<LessonRecord>, StoreError> {
    optional(
        sqlx::query(
            "SELECT l.id, l.module_id, l.title, l.position, l.content, c.id AS course_id, \
             c.slug AS course_slug, c.status AS course_status, c.language AS course_language, c.teacher_id \
             FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id \
             WHERE l.id = $1",
        )
        .bind(id),
        s.conn(),
        lesson_from_row,
    )
    .await
}

/// The lesson as [`find_lesson`] reads it, and whether `user` is enrolled in its course:
/// one statement for what every learner's route on a lesson checks first.
pub async fn find_lesson_for(
    s: &mut dyn Session,
    id: i64,
    user: UserId,
) -> Result<Option<(LessonRecord, bool)>, StoreError> {
    optional(
        sqlx::query(
            "SELECT l.id, l.module_id, l.title, l.position, l.content, c.id AS course_id, \
             c.slug AS course_slug, c.status AS course_status, c.language AS course_language, c.teacher_id, \
             (SELECT COUNT(*) FROM enrollments e WHERE e.user_id = $2 AND e.course_id = c.id) AS enrolled \
             FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id \
             WHERE l.id = $1",
        )
        .bind(id)
        .bind(user.0),
        s.conn(),
        |r| Ok((lesson_from_row(r)?, get::<i64>(r, "enrolled")? > 0)),
    )
    .await
}

fn lesson_from_row(r: &AnyRow) -> Result<LessonRecord, StoreError> {
    let status: String = get(r, "course_status")?;
    Ok(LessonRecord {
        id: get(r, "id")?,
        module_id: get(r, "module_id")?,
        title: get(r, "title")?,
        position: get(r, "position")?,
        content: get(r, "content")?,
        course_id: get(r, "course_id")?,
        course_slug: get(r, "course_slug")?,
        course_status: status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("course status {status}")))?,
        course_language: get(r, "course_language")?,
        teacher_id: UserId(get(r, "teacher_id")?),
    })
}

/// `(lesson id, content)` of the lessons whose content mentions `"<needle>"` (a quiz
/// block id, say) in the courses `user` may read: enrolled, taught, or every course when
/// `all`. By lesson id; the caller parses the content to confirm.
pub async fn lessons_mentioning(
    s: &mut dyn Session,
    user: UserId,
    all: bool,
    needle: &str,
) -> Result<Vec<(i64, String)>, StoreError> {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%\"{escaped}\"%");
    let rows = sqlx::query(
        "SELECT l.id, l.content FROM lessons l JOIN modules m ON m.id = l.module_id \
         JOIN courses c ON c.id = m.course_id \
         WHERE l.content LIKE $1 ESCAPE '\\' AND ($2 = 1 OR c.teacher_id = $3 OR EXISTS ( \
             SELECT 1 FROM enrollments e WHERE e.course_id = c.id AND e.user_id = $3)) \
         ORDER BY l.id LIMIT 50",
    )
    .bind(pattern)
    .bind(i64::from(all))
    .bind(user.0)
    .fetch_all(s.conn())
    .await?;
    rows.iter()
        .map(|r| Ok((get(r, "id")?, get(r, "content")?)))
        .collect()
}

/// Locks the course for the rest of the transaction. Every change to the course's outline
/// (modules and lessons: appends, renames, moves, reorders, deletions) and to what the
/// dashboards copy of it (title, cover: ADR 0069) takes it first, before any module's or
/// lesson's row, so two changes queue instead of interleaving and always lock in the same
/// order; the copies they write (the outline's, ADR 0070; the enrollments', ADR 0069)
/// are each of one state of the course.
///
/// On PostgreSQL the course row is locked `FOR UPDATE`, which also waits for the
/// enrollments and completions of the course in progress (their foreign keys hold the
/// row `FOR KEY SHARE`) and holds back new ones until the change commits: the dashboard's
/// figures (migration 0141) are computed from one outline at a time. On SQLite the one
/// writer already serializes every write; the no-op update is the lock.
pub async fn lock_course(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    let sql = match s.backend() {
        Backend::Postgres => "SELECT id FROM courses WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "UPDATE courses SET updated_at = updated_at WHERE id = $1",
    };
    run(sqlx::query(sql).bind(course_id), s.conn()).await
}

/// [`lock_course`] for the course of the module; its id (`None`: no such module).
async fn lock_course_of_module(
    s: &mut dyn Session,
    module_id: i64,
) -> Result<Option<i64>, StoreError> {
    let course_id: Option<i64> = optional(
        sqlx::query("SELECT course_id FROM modules WHERE id = $1").bind(module_id),
        s.conn(),
        |r| get(r, "course_id"),
    )
    .await?;
    if let Some(course_id) = course_id {
        lock_course(s, course_id).await?;
    }
    Ok(course_id)
}

/// Brings the dashboard's figures that depend on the course's outline up to date after
/// a change to it, in the same transaction: the course's lesson count (migration 0141)
/// and its outline's copy (migration 0149, [`outline::refresh`]), and the next lesson of
/// every learner enrolled in it (migration 0141). The caller holds the outline's
/// lock ([`lock_course`]).
async fn refresh_outline_progress(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    outline::refresh(s, course_id).await?;
    run(
        sqlx::query(
            "UPDATE enrollments SET next_lesson_id = ( \
               SELECT l.id FROM modules m JOIN lessons l ON l.module_id = m.id \
               WHERE m.course_id = $1 AND NOT EXISTS (SELECT 1 FROM lesson_completions lc \
                 WHERE lc.user_id = enrollments.user_id AND lc.lesson_id = l.id) \
               ORDER BY m.position, m.id, l.position, l.id LIMIT 1) \
             WHERE course_id = $1",
        )
        .bind(course_id),
        s.conn(),
    )
    .await
}

/// Locks the outline of the modules' course, then the modules `ids` (in id order, so
/// that two transactions locking the same pair cannot deadlock): lesson appends, moves,
/// reorders and deletions in them queue. The modules are of one course (the callers
/// check it).
pub async fn lock_modules(s: &mut dyn Session, ids: &[i64]) -> Result<(), StoreError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if let Some(first) = ids.first() {
        lock_course_of_module(s, *first).await?;
    }
    for id in ids {
        run(
            sqlx::query("UPDATE modules SET position = position WHERE id = $1").bind(id),
            s.conn(),
        )
        .await?;
    }
    Ok(())
}

/// The module `module_id` if it belongs to the course.
pub async fn find_module(
    s: &mut dyn Session,
    course_id: i64,
    module_id: i64,
) -> Result<Option<ModuleRecord>, StoreError> {
    optional(
        sqlx::query(
            "SELECT id, course_id, title, description, position FROM modules \
             WHERE id = $1 AND course_id = $2",
        )
        .bind(module_id)
        .bind(course_id),
        s.conn(),
        decode,
    )
    .await
}

/// Rewrites the module's title and description; a new title is copied to the course's
/// outline ([`outline::refresh`]) under the course's lock.
pub async fn update_module(
    s: &mut dyn Session,
    m: &ModuleRecord,
    title: &str,
    description: &str,
) -> Result<(), StoreError> {
    lock_course(s, m.course_id).await?;
    run(
        sqlx::query("UPDATE modules SET title = $1, description = $2 WHERE id = $3")
            .bind(title)
            .bind(description)
            .bind(m.id),
        s.conn(),
    )
    .await?;
    if title != m.title {
        outline::refresh(s, m.course_id).await?;
    }
    Ok(())
}

/// How many learners completed at least one lesson of the module (one query).
pub async fn module_completers(s: &mut dyn Session, module_id: i64) -> Result<i64, StoreError> {
    count(
        sqlx::query(
            "SELECT COUNT(DISTINCT lc.user_id) AS n FROM lesson_completions lc \
             JOIN lessons l ON l.id = lc.lesson_id WHERE l.module_id = $1",
        )
        .bind(module_id),
        s.conn(),
    )
    .await
}

/// How many learners completed the lesson.
pub async fn lesson_completers(s: &mut dyn Session, lesson_id: i64) -> Result<i64, StoreError> {
    count(
        sqlx::query("SELECT COUNT(*) AS n FROM lesson_completions WHERE lesson_id = $1")
            .bind(lesson_id),
        s.conn(),
    )
    .await
}

/// Deletes the completions of the module's lessons (only for drafts: see the caller).
pub async fn delete_module_completions(
    s: &mut dyn Session,
    module_id: i64,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "DELETE FROM lesson_completions WHERE lesson_id IN \
             (SELECT id FROM lessons WHERE module_id = $1)",
        )
        .bind(module_id),
        s.conn(),
    )
    .await
}

/// Deletes the lesson's completions (only for drafts: see the caller).
pub async fn delete_lesson_completions(
    s: &mut dyn Session,
    lesson_id: i64,
) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM lesson_completions WHERE lesson_id = $1").bind(lesson_id),
        s.conn(),
    )
    .await
}

/// Deletes the module with its lessons and closes the gap in the course's positions.
/// Lessons that learners completed keep it (`StoreError::ForeignKey`).
pub async fn delete_module(s: &mut dyn Session, m: &ModuleRecord) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM modules WHERE id = $1").bind(m.id),
        s.conn(),
    )
    .await?;
    close_gap(s, "modules", "course_id", m.course_id, m.position).await?;
    refresh_outline_progress(s, m.course_id).await
}

/// Closes the gap a row of `table` left at `position` among the rows whose
/// `parent_column` is `parent_id`, in two steps (out of the way, then back) so that the
/// unique (parent, position) constraint holds after every statement on PostgreSQL too.
/// `table` and `parent_column` are this module's constants, never input.
async fn close_gap(
    s: &mut dyn Session,
    table: &str,
    parent_column: &str,
    parent_id: i64,
    position: i64,
) -> Result<(), StoreError> {
    let away = format!(
        "UPDATE {table} SET position = -(position - 1) WHERE {parent_column} = $1 AND position > $2"
    );
    run(sqlx::query(&away).bind(parent_id).bind(position), s.conn()).await?;
    let back = format!(
        "UPDATE {table} SET position = -position WHERE {parent_column} = $1 AND position < 0"
    );
    run(sqlx::query(&back).bind(parent_id), s.conn()).await
}

/// Deletes the lesson and closes the gap in its module. A lesson learners completed is
/// kept (`StoreError::ForeignKey`).
pub async fn delete_lesson(s: &mut dyn Session, l: &LessonRecord) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM lessons WHERE id = $1").bind(l.id),
        s.conn(),
    )
    .await?;
    close_gap(s, "lessons", "module_id", l.module_id, l.position).await?;
    refresh_outline_progress(s, l.course_id).await
}

/// Rewrites the lesson's title and content. The caller holds the course's lock
/// ([`lock_course`]): a new title is copied to the enrollments whose next lesson
/// this is (migration 0148; that trigger locks the course too) and to the course's
/// outline ([`outline::refresh`]).
pub async fn update_lesson(
    s: &mut dyn Session,
    l: &LessonRecord,
    title: &str,
    content: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query("UPDATE lessons SET title = $1, content = $2, updated_at = $3 WHERE id = $4")
            .bind(title)
            .bind(content)
            .bind(now)
            .bind(l.id),
        s.conn(),
    )
    .await?;
    if title != l.title {
        outline::refresh(s, l.course_id).await?;
    }
    Ok(())
}

/// Moves the lesson to the end of module `to` (of the same course: checked by the
/// caller, both modules locked) and closes the gap it leaves.
pub async fn move_lesson(
    s: &mut dyn Session,
    l: &LessonRecord,
    to: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE lessons SET module_id = $1, updated_at = $2, position = \
             (SELECT COALESCE(MAX(position), 0) + 1 FROM lessons WHERE module_id = $1) \
             WHERE id = $3",
        )
        .bind(to)
        .bind(now)
        .bind(l.id),
        s.conn(),
    )
    .await?;
    close_gap(s, "lessons", "module_id", l.module_id, l.position).await?;
    refresh_outline_progress(s, l.course_id).await
}

/// The module's lessons in order.
pub async fn module_lessons(
    s: &mut dyn Session,
    module_id: i64,
) -> Result<Vec<LessonSummary>, StoreError> {
    all(
        sqlx::query(
            "SELECT id, module_id, title, position FROM lessons WHERE module_id = $1 \
             ORDER BY position, id",
        )
        .bind(module_id),
        s.conn(),
        decode,
    )
    .await
}

/// Gives the lessons `ordered` (all of the module's, checked by the caller, the module
/// locked) positions 1, 2, … (moved out of the way first, as in [`reorder_modules`]).
pub async fn reorder_lessons(
    s: &mut dyn Session,
    module_id: i64,
    ordered: &[i64],
) -> Result<(), StoreError> {
    renumber(s, "lessons", "module_id", module_id, ordered).await?;
    match lock_course_of_module(s, module_id).await? {
        Some(course_id) => refresh_outline_progress(s, course_id).await,
        None => Ok(()),
    }
}

/// Gives the rows `ordered` of `table` (all of the parent's, whose id `parent_column`
/// holds) positions 1, 2, …, first moving every position out of the way (negated) so that
/// the unique (parent, position) constraint holds after every statement. `table` and
/// `parent_column` are this module's constants, never input.
async fn renumber(
    s: &mut dyn Session,
    table: &str,
    parent_column: &str,
    parent_id: i64,
    ordered: &[i64],
) -> Result<(), StoreError> {
    let away = format!("UPDATE {table} SET position = -position WHERE {parent_column} = $1");
    run(sqlx::query(&away).bind(parent_id), s.conn()).await?;
    let place = format!("UPDATE {table} SET position = $1 WHERE id = $2 AND {parent_column} = $3");
    for (i, id) in ordered.iter().enumerate() {
        let query = sqlx::query(&place)
            .bind(i as i64 + 1)
            .bind(id)
            .bind(parent_id);
        run(query, s.conn()).await?;
    }
    Ok(())
}
