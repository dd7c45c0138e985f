//! The copy of a course's outline kept on its row (`courses.outline`, migration 0149,
//! ADR 0070): its modules in order, each with its lessons in order, ids and titles, as
//! JSON. The course progress page reads it with the course instead of joining modules
//! and lessons row by row; every outline change rewrites it ([`refresh`]) in its own
//! transaction, under the course's lock.

use serde::{Deserialize, Serialize};

use crate::query::{all, run};
use crate::{row::get, Session, StoreError};

/// A module of the copy, with its lessons in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineModuleCopy {
    pub id: i64,
    pub title: String,
    pub lessons: Vec<OutlineLessonCopy>,
}

/// A lesson of the copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineLessonCopy {
    pub id: i64,
    pub title: String,
}

/// The copy as stored.
pub fn render(modules: &[OutlineModuleCopy]) -> String {
    // Plain strings and integers only: serializing them cannot fail.
    serde_json::to_string(modules).unwrap_or_else(|_| "[]".to_owned())
}

/// The stored copy, read back.
pub fn parse(text: &str) -> Result<Vec<OutlineModuleCopy>, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("a course's outline copy: {e}")))
}

/// Rewrites the course's copy of its outline and its lesson count (the dashboard's
/// figure, migration 0141) from its modules and lessons: one read, one write. The caller
/// holds the course's lock (`syllabus::lock_course`), so the copy is of one
/// outline at a time.
pub async fn refresh(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    let rows: Vec<(i64, String, Option<i64>, Option<String>)> = all(
        sqlx::query(
            "SELECT m.id AS module_id, m.title AS module_title, \
             l.id AS lesson_id, l.title AS lesson_title \
             FROM modules m LEFT JOIN lessons l ON l.module_id = m.id \
             WHERE m.course_id = $1 ORDER BY m.position, m.id, l.position, l.id",
        )
        .bind(course_id),
        s.conn(),
        |r| {
            Ok((
                get::<i64>(r, "module_id")?,
                get::<String>(r, "module_title")?,
                get::<Option<i64>>(r, "lesson_id")?,
                get::<Option<String>>(r, "lesson_title")?,
            ))
        },
    )
    .await?;
    let mut modules: Vec<OutlineModuleCopy> = Vec::new();
    let mut lesson_count = 0_i64;
    for (module_id, module_title, lesson_id, lesson_title) in rows {
        if modules.last().map(|m| m.id) != Some(module_id) {
            modules.push(OutlineModuleCopy {
                id: module_id,
                title: module_title,
                lessons: Vec::new(),
            });
        }
        if let (Some(id), Some(title), Some(module)) = (lesson_id, lesson_title, modules.last_mut())
        {
            module.lessons.push(OutlineLessonCopy { id, title });
            lesson_count += 1;
        }
    }
    run(
        sqlx::query("UPDATE courses SET outline = $1, lesson_count = $2 WHERE id = $3")
            .bind(render(&modules))
            .bind(lesson_count)
            .bind(course_id),
        s.conn(),
    )
    .await
}
