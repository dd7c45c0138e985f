//! The catalog's stored cards (ADR 0060): what a catalog page is read from, and the
//! use-cases that rebuild the stale ones. The card's text is the API's (it renders a
//! course in a list); the app decides when a card may be used and keeps them built.

use practicum_store::catalog::cards;

use super::CourseEntry;
use crate::{App, AppError};

/// A course on a catalog page.
#[derive(Debug, Clone)]
pub enum ListedCourse {
    /// Its stored card with the enrolment count written in: the course's JSON as the
    /// API lists it.
    Card(String),
    /// The course itself, read from its tables: its card is stale, or the page shows it
    /// in a translation.
    Course(Box<CourseEntry>),
}

/// A course whose card is stale, as of `version`: render it and hand it to
/// [`App::store_course_cards`].
#[derive(Debug, Clone)]
pub struct StaleCourseCard {
    pub version: i64,
    pub course: CourseEntry,
}

/// A card rendered from a [`StaleCourseCard`].
#[derive(Debug, Clone)]
pub struct BuiltCourseCard {
    pub course_id: i64,
    pub version: i64,
    pub head: String,
    pub tail: String,
}

/// A stored card with its course as of the same read.
#[derive(Debug, Clone)]
pub struct StoredCourseCard {
    pub head: String,
    pub tail: String,
    pub course: CourseEntry,
}

impl App {
    /// Up to `limit` courses whose card is stale, lowest id first.
    pub async fn stale_course_cards(&self, limit: i64) -> Result<Vec<StaleCourseCard>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(cards::stale(&mut conn, limit)
            .await?
            .into_iter()
            .map(|s| StaleCourseCard {
                version: s.version,
                course: s.course.into(),
            })
            .collect())
    }

    /// Stores the built cards in one transaction; a card whose course changed since it
    /// was read is not stored (it stays stale for the next build). Returns how many were.
    pub async fn store_course_cards(&self, built: &[BuiltCourseCard]) -> Result<usize, AppError> {
        if built.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.write().await?;
        let mut stored = 0;
        for card in built {
            if cards::store(
                &mut tx,
                card.course_id,
                card.version,
                &card.head,
                &card.tail,
            )
            .await?
            {
                stored += 1;
            }
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// A built card with its course as of the same read, to check that the card is what
    /// this build would render (see `practicum_api::catalog::cards`); `None` when no card
    /// is built.
    pub async fn sample_course_card(&self) -> Result<Option<StoredCourseCard>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(cards::first_built(&mut conn)
            .await?
            .map(|(text, course)| StoredCourseCard {
                head: text.head,
                tail: text.tail,
                course: course.into(),
            }))
    }

    /// Marks every card stale, to be rebuilt: their format is not this build's.
    pub async fn renew_all_course_cards(&self) -> Result<u64, AppError> {
        let mut tx = self.db.write().await?;
        let n = cards::mark_all_stale(&mut tx).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// How many cards are stale.
    pub async fn stale_course_card_count(&self) -> Result<i64, AppError> {
        let mut conn = self.db.read().await?;
        Ok(cards::stale_count(&mut conn).await?)
    }
}
