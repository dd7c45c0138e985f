//! `POST /recommendations/interactions`: a learner's interaction with a course is stored
//! (user, course, kind, time) and adds to their preference for its category.

use practicum_domain::{identity::UserId, FieldErrors, Timestamp};
use practicum_store::{
    catalog::courses::{self, CourseRecord},
    recommend, Session,
};

use crate::ErrorCode;
use crate::{catalog::visible_course, identity::Actor, App, AppError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionKind {
    View,
    Bookmark,
    Start,
    Complete,
}

impl InteractionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Bookmark => "bookmark",
            Self::Start => "start",
            Self::Complete => "complete",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "view" => Some(Self::View),
            "bookmark" => Some(Self::Bookmark),
            "start" => Some(Self::Start),
            "complete" => Some(Self::Complete),
            _ => None,
        }
    }

    /// What the interaction adds to the category preference.
    pub fn weight(self) -> f64 {
        match self {
            Self::View => 0.1,
            Self::Bookmark => 0.3,
            Self::Start => 0.5,
            Self::Complete => 1.0,
        }
    }
}

/// How a client names the course: Practicum's slug or Ustat's id.
#[derive(Debug, Clone)]
pub enum CourseRef {
    Slug(String),
    Id(i64),
}

#[derive(Debug, Clone)]
pub struct InteractionOutcome {
    /// The stored interaction.
    pub interaction_id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub kind: InteractionKind,
    pub created_at: Timestamp,
    pub category_slug: Option<String>,
    pub weight: f64,
    /// The learner's preference for the category now; `None` for a course without one.
    pub preference: Option<f64>,
}

/// Adds `kind`'s weight to `user`'s preference for the course's category (nothing for a
/// course without a category). Enrolling feeds `start` in its own statement
/// (`enrollments::enroll_by_slug`).
pub(crate) async fn feed_preference(
    s: &mut dyn Session,
    user: UserId,
    course: &CourseRecord,
    kind: InteractionKind,
    now: Timestamp,
) -> Result<Option<f64>, AppError> {
    match course.category_id {
        Some(category) => Ok(Some(
            recommend::add_preference(s, user, category, kind.weight(), now).await?,
        )),
        None => Ok(None),
    }
}

impl App {
    /// Stores the interaction and feeds the category preference in one transaction; 404
    /// for a course the learner cannot see, 422 naming `kind` for an unknown kind.
    pub async fn record_interaction(
        &self,
        actor: &Actor,
        course: CourseRef,
        kind: &str,
        kind_field: &'static str,
    ) -> Result<InteractionOutcome, AppError> {
        let kind = InteractionKind::parse(kind.trim()).ok_or_else(|| {
            AppError::from(FieldErrors::single(
                kind_field,
                "must be one of view, bookmark, start, complete",
            ))
        })?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let slug = match course {
            CourseRef::Slug(slug) => slug,
            CourseRef::Id(id) => courses::slug_of(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?,
        };
        let course = visible_course(&mut tx, Some(actor), &slug).await?;
        let interaction_id =
            recommend::insert_interaction(&mut tx, actor.id, course.id, kind.as_str(), now).await?;
        let preference = feed_preference(&mut tx, actor.id, &course, kind, now).await?;
        tx.commit().await?;
        Ok(InteractionOutcome {
            interaction_id,
            course_id: course.id,
            kind,
            created_at: now,
            course_slug: course.slug,
            category_slug: course.category_slug,
            weight: kind.weight(),
            preference,
        })
    }
}
