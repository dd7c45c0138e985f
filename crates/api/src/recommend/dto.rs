//! Request and response bodies of the recommendation routes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::dto::CourseSummaryResponse;

#[derive(Debug, Deserialize, ToSchema)]
pub struct InteractionRequest {
    /// The course; or Ustat's `course_id` instead (exactly one of the two).
    pub course_slug: Option<String>,
    /// `view` (0.1), `bookmark` (0.3), `start` (0.5) or `complete` (1.0); or Ustat's
    /// `type` with the same values instead (exactly one of the two).
    #[schema(example = "bookmark")]
    pub kind: Option<String>,
    /// Ustat's form: the course's id.
    pub course_id: Option<i64>,
    /// Ustat's form of `kind`.
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub type_: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InteractionResponse {
    /// The stored interaction.
    pub id: i64,
    pub course_id: i64,
    pub course_slug: String,
    /// The kind, also as Ustat's `type`.
    pub kind: &'static str,
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub type_: &'static str,
    pub created_at: DateTime<Utc>,
    /// The course's category; null when it has none (nothing is recorded then).
    pub category_slug: Option<String>,
    /// What the interaction added.
    pub weight: f64,
    /// Your preference for the category now.
    pub preference: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendedCourse {
    #[serde(flatten)]
    pub course: CourseSummaryResponse,
    /// 0.7·rating/5 + 0.3·preference/max preference (+ 0.15 for a weak-module tag).
    pub score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationPage {
    pub items: Vec<RecommendedCourse>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// Tag slugs of your weakest adaptive modules that earned the boost.
    pub weak_module_tags: Vec<String>,
}
