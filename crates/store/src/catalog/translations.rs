//! Translated texts of courses, modules and lessons. Reads take the whole course in a
//! fixed number of queries.

use practicum_domain::Timestamp;

use sqlx::any::AnyRow;

use super::{
    courses::{items_json, parse_items},
    placeholders,
};
use crate::query::{all, optional, run};
use crate::row::decode;
use crate::{row::get, Session, StoreError};

/// A course's texts in one language. `None` lists are not translated: the course's own
/// lists are shown.
#[derive(Debug, Clone)]
pub struct CourseText {
    pub course_id: i64,
    pub language: String,
    pub title: String,
    pub description: String,
    pub requirements: Option<Vec<String>>,
    pub what_you_will_learn: Option<Vec<String>>,
}

const TEXT_COLUMNS: &str =
    "course_id, language, title, description, requirements, what_you_will_learn";

fn course_text_row(r: &AnyRow) -> Result<CourseText, StoreError> {
    let list = |column: &str| -> Result<Option<Vec<String>>, StoreError> {
        let text: Option<String> = get(r, column)?;
        text.map(|t| parse_items(&t, column)).transpose()
    };
    Ok(CourseText {
        course_id: get(r, "course_id")?,
        language: get(r, "language")?,
        title: get(r, "title")?,
        description: get(r, "description")?,
        requirements: list("requirements")?,
        what_you_will_learn: list("what_you_will_learn")?,
    })
}

/// The translated lists of a course: `None` keeps what is stored (or the original).
#[derive(Debug, Clone, Copy, Default)]
pub struct TranslatedLists<'a> {
    pub requirements: Option<&'a [String]>,
    pub what_you_will_learn: Option<&'a [String]>,
}

/// Every translation of the courses `ids`, in one query.
pub async fn course_texts(s: &mut dyn Session, ids: &[i64]) -> Result<Vec<CourseText>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {TEXT_COLUMNS} FROM course_translations \
         WHERE course_id IN ({}) ORDER BY course_id, language",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(s.conn())
        .await?
        .iter()
        .map(course_text_row)
        .collect()
}

/// The languages the course has a translation in (its default language excluded).
pub async fn languages(s: &mut dyn Session, course_id: i64) -> Result<Vec<String>, StoreError> {
    all(
        sqlx::query(
            "SELECT language FROM course_translations WHERE course_id = $1 ORDER BY language",
        )
        .bind(course_id),
        s.conn(),
        |r| get(r, "language"),
    )
    .await
}

/// The course's translated texts in `language`.
pub async fn course_text(
    s: &mut dyn Session,
    course_id: i64,
    language: &str,
) -> Result<Option<CourseText>, StoreError> {
    let sql = format!(
        "SELECT {TEXT_COLUMNS} FROM course_translations WHERE course_id = $1 AND language = $2"
    );
    optional(
        sqlx::query(&sql).bind(course_id).bind(language),
        s.conn(),
        course_text_row,
    )
    .await
}

/// A module's texts in one language; no description: the original is shown.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ModuleText {
    pub module_id: i64,
    pub title: String,
    pub description: Option<String>,
}

/// The texts of every translated module of the course.
pub async fn module_texts(
    s: &mut dyn Session,
    course_id: i64,
    language: &str,
) -> Result<Vec<ModuleText>, StoreError> {
    all(
        sqlx::query(
            "SELECT mt.module_id, mt.title, mt.description FROM module_translations mt \
             JOIN modules m ON m.id = mt.module_id WHERE m.course_id = $1 AND mt.language = $2",
        )
        .bind(course_id)
        .bind(language),
        s.conn(),
        decode,
    )
    .await
}

/// (lesson id, title) of every translated lesson of the course.
pub async fn lesson_titles(
    s: &mut dyn Session,
    course_id: i64,
    language: &str,
) -> Result<Vec<(i64, String)>, StoreError> {
    all(
        sqlx::query(
            "SELECT lt.lesson_id, lt.title FROM lesson_translations lt \
             JOIN lessons l ON l.id = lt.lesson_id JOIN modules m ON m.id = l.module_id \
             WHERE m.course_id = $1 AND lt.language = $2",
        )
        .bind(course_id)
        .bind(language),
        s.conn(),
        |r| Ok((get(r, "lesson_id")?, get(r, "title")?)),
    )
    .await
}

/// The lesson's translated title and content (content `None`: not translated).
pub async fn lesson_text(
    s: &mut dyn Session,
    lesson_id: i64,
    language: &str,
) -> Result<Option<(String, Option<String>)>, StoreError> {
    let row = sqlx::query(
        "SELECT title, content FROM lesson_translations WHERE lesson_id = $1 AND language = $2",
    )
    .bind(lesson_id)
    .bind(language)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| Ok((get(&r, "title")?, get(&r, "content")?)))
        .transpose()
}

/// Stores the course's title and description in `language`, and the lists given
/// (a list left `None` keeps its earlier translation).
pub async fn put_course(
    s: &mut dyn Session,
    course_id: i64,
    language: &str,
    title: &str,
    description: &str,
    lists: TranslatedLists<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "INSERT INTO course_translations (course_id, language, title, description, updated_at, \
         requirements, what_you_will_learn) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (course_id, language) DO UPDATE SET \
         title = excluded.title, description = excluded.description, \
         updated_at = excluded.updated_at, \
         requirements = COALESCE(excluded.requirements, course_translations.requirements), \
         what_you_will_learn = \
           COALESCE(excluded.what_you_will_learn, course_translations.what_you_will_learn)",
    )
    .bind(course_id)
    .bind(language)
    .bind(title)
    .bind(description)
    .bind(now)
    .bind(lists.requirements.map(items_json))
    .bind(lists.what_you_will_learn.map(items_json));
    run(query, s.conn()).await
}

/// Stores a module's title in `language`, and its description when given (omitted, an
/// earlier translated description stays).
pub async fn put_module(
    s: &mut dyn Session,
    module_id: i64,
    language: &str,
    title: &str,
    description: Option<&str>,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO module_translations (module_id, language, title, description) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (module_id, language) DO UPDATE SET title = excluded.title, \
             description = COALESCE(excluded.description, module_translations.description)",
        )
        .bind(module_id)
        .bind(language)
        .bind(title)
        .bind(description),
        s.conn(),
    )
    .await
}

pub async fn put_lesson(
    s: &mut dyn Session,
    lesson_id: i64,
    language: &str,
    title: &str,
    content: Option<&str>,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "INSERT INTO lesson_translations (lesson_id, language, title, content) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (lesson_id, language) DO UPDATE SET title = excluded.title, content = excluded.content",
    )
    .bind(lesson_id)
    .bind(language)
    .bind(title)
    .bind(content);
    run(query, s.conn()).await
}
