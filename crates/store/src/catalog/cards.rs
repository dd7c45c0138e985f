//! The catalog's stored cards: each course as the catalog lists it, kept as the text a
//! page sends (ADR 0060). Triggers in the writing transactions mark a card stale (no
//! text, `version` bumped) whenever something it shows changes; [`stale`] and [`store`]
//! rebuild it afterwards, and a page reads a stale card's course from its tables
//! ([`records`]), so no page ever shows a card older than its course.
//!
//! The text is the caller's (the API's JSON of a course in a list, cut around the
//! counters it leaves out); the store only keeps it.

use super::{
    courses::{CourseRecord, COLUMNS, FROM},
    listing::{course_with_tags, TAG_SLUGS},
    placeholders,
};
use crate::{
    query::{all, changed},
    row::get,
    Session, StoreError,
};

/// A card's text, in two parts: the page writes the course's counters between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    pub head: String,
    pub tail: String,
}

/// A course whose card is stale, as of `version`.
#[derive(Debug, Clone)]
pub struct StaleCard {
    pub version: i64,
    pub course: CourseRecord,
}

/// Up to `limit` courses whose card is stale, lowest id first, each with the card's
/// version read in the same statement (so the course is at least as new as the version).
pub async fn stale(s: &mut dyn Session, limit: i64) -> Result<Vec<StaleCard>, StoreError> {
    let sql = format!(
        "SELECT cc.version AS card_version, {COLUMNS}, {TAG_SLUGS} \
         FROM course_cards cc, {FROM} \
         WHERE cc.head IS NULL AND c.id = cc.course_id ORDER BY cc.course_id LIMIT $1"
    );
    all(sqlx::query(&sql).bind(limit), s.conn(), |r| {
        Ok(StaleCard {
            version: get(r, "card_version")?,
            course: course_with_tags(r)?,
        })
    })
    .await
}

/// Stores the card of `course_id` built from the course as of `version`; `false` (and
/// nothing stored) when the course changed since: its card stays stale, for the next build.
pub async fn store(
    s: &mut dyn Session,
    course_id: i64,
    version: i64,
    head: &str,
    tail: &str,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE course_cards SET head = $1, tail = $2 \
             WHERE course_id = $3 AND version = $4 AND head IS NULL",
        )
        .bind(head)
        .bind(tail)
        .bind(course_id)
        .bind(version),
        s.conn(),
    )
    .await
}

/// The courses `ids` (any status) with their tags, in no particular order; a course that
/// no longer exists is left out. One statement.
pub async fn records(s: &mut dyn Session, ids: &[i64]) -> Result<Vec<CourseRecord>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS}, {TAG_SLUGS} FROM {FROM} WHERE c.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    all(q, s.conn(), course_with_tags).await
}

/// The built card with the lowest course id, with its course as of the same statement:
/// the card is that course's, rendered by whichever build stored it.
pub async fn first_built(
    s: &mut dyn Session,
) -> Result<Option<(CardText, CourseRecord)>, StoreError> {
    let sql = format!(
        "SELECT cc.head, cc.tail, {COLUMNS}, {TAG_SLUGS} FROM course_cards cc, {FROM} \
         WHERE cc.head IS NOT NULL AND c.id = cc.course_id ORDER BY cc.course_id LIMIT 1"
    );
    let rows: Vec<(CardText, CourseRecord)> = all(sqlx::query(&sql), s.conn(), |r| {
        let text = CardText {
            head: get(r, "head")?,
            tail: get(r, "tail")?,
        };
        Ok((text, course_with_tags(r)?))
    })
    .await?;
    Ok(rows.into_iter().next())
}

/// Marks every card stale (their text was rendered in a format this build no longer
/// writes). Returns how many.
pub async fn mark_all_stale(s: &mut dyn Session) -> Result<u64, StoreError> {
    crate::query::affected(
        sqlx::query(
            "UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1 \
             WHERE head IS NOT NULL",
        ),
        s.conn(),
    )
    .await
}

/// How many cards are stale.
pub async fn stale_count(s: &mut dyn Session) -> Result<i64, StoreError> {
    crate::query::count(
        sqlx::query("SELECT COUNT(*) AS n FROM course_cards WHERE head IS NULL"),
        s.conn(),
    )
    .await
}
