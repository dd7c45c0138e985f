//! Request and response bodies of the catalog routes.

use crate::{error::ErrorBody, page::page_response};
use chrono::{DateTime, Utc};
use practicum_app::catalog::{
    CategoryEntry, CourseEntry, CourseInput, CourseView, LessonEntry, ModuleEntry, ModuleView,
    TagEntry,
};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, IntoResponses, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCourseRequest {
    #[schema(example = "Deep Learning from Scratch")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// In major units of `currency` (`49.99`); 0 is free.
    #[schema(example = 49.99)]
    pub price: Option<f64>,
    /// ISO 4217; `USD` when omitted.
    pub currency: Option<String>,
    pub cover_image_url: Option<String>,
    /// `beginner` (default), `intermediate` or `advanced`.
    pub difficulty: Option<String>,
    /// The language of the course's texts (`en` by default).
    pub language: Option<String>,
    pub category_slug: Option<String>,
    /// Tag names; unknown tags are created.
    pub tags: Option<Vec<String>>,
    /// What learners should know beforehand: up to 30 one-line items.
    #[schema(example = json!(["Python basics", "High-school algebra"]))]
    pub requirements: Option<Vec<String>>,
    /// What learners will be able to do afterwards: up to 30 one-line items.
    #[schema(example = json!(["Train a small neural network from scratch"]))]
    pub what_you_will_learn: Option<Vec<String>>,
}

impl From<CreateCourseRequest> for CourseInput {
    fn from(r: CreateCourseRequest) -> Self {
        CourseInput {
            title: Some(r.title),
            description: r.description,
            price: r.price,
            currency: r.currency,
            cover_image_url: r.cover_image_url,
            difficulty: r.difficulty,
            language: r.language,
            category_slug: r.category_slug,
            tags: r.tags,
            requirements: r.requirements,
            what_you_will_learn: r.what_you_will_learn,
        }
    }
}

/// Omitted fields stay; `""` clears `cover_image_url` and `category_slug`, `[]` clears
/// a list.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateCourseRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<f64>,
    pub currency: Option<String>,
    pub cover_image_url: Option<String>,
    pub difficulty: Option<String>,
    pub language: Option<String>,
    pub category_slug: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Replaces the list (up to 30 one-line items).
    pub requirements: Option<Vec<String>>,
    /// Replaces the list (up to 30 one-line items).
    pub what_you_will_learn: Option<Vec<String>>,
}

impl From<UpdateCourseRequest> for CourseInput {
    fn from(r: UpdateCourseRequest) -> Self {
        CourseInput {
            title: r.title,
            description: r.description,
            price: r.price,
            currency: r.currency,
            cover_image_url: r.cover_image_url,
            difficulty: r.difficulty,
            language: r.language,
            category_slug: r.category_slug,
            tags: r.tags,
            requirements: r.requirements,
            what_you_will_learn: r.what_you_will_learn,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseResponse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    /// In major units.
    pub price: f64,
    pub price_cents: i64,
    pub currency: String,
    pub is_free: bool,
    pub cover_image_url: Option<String>,
    pub difficulty: String,
    pub language: String,
    pub teacher_id: i64,
    pub teacher_name: String,
    /// The teacher's public profile slug (`GET /api/v1/accounts/profiles/{slug}`); null when the
    /// teacher has no profile.
    pub teacher_slug: Option<String>,
    pub category_slug: Option<String>,
    pub tags: Vec<String>,
    /// `draft`, `review`, `published` or `archived`.
    pub status: &'static str,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub enrollment_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// What learners should know beforehand (translated with the other texts).
    pub requirements: Vec<String>,
    /// What learners will be able to do afterwards (translated with the other texts).
    pub what_you_will_learn: Vec<String>,
    /// Why staff last sent the course back to draft; absent once published (only its
    /// teacher and staff ever see an unpublished course).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_comment: Option<String>,
    /// The outline, in order.
    pub modules: Vec<ModuleResponse>,
}

impl CourseResponse {
    pub fn without_outline(c: CourseEntry) -> Self {
        Self {
            course_id: c.id,
            slug: c.slug,
            title: c.title,
            description: c.description,
            price: c.price_cents as f64 / 100.0,
            price_cents: c.price_cents,
            currency: c.currency,
            is_free: c.price_cents == 0,
            cover_image_url: c.cover_image_url,
            difficulty: c.difficulty,
            language: c.language,
            teacher_id: c.teacher_id.0,
            teacher_name: c.teacher_name,
            teacher_slug: c.teacher_slug,
            category_slug: c.category_slug,
            tags: c.tags,
            status: c.status.as_str(),
            rating_avg: c.rating_avg,
            rating_count: c.rating_count,
            enrollment_count: c.enrollment_count,
            created_at: to_datetime(c.created_at),
            updated_at: to_datetime(c.updated_at),
            published_at: c.published_at.map(to_datetime),
            requirements: c.requirements,
            what_you_will_learn: c.what_you_will_learn,
            review_comment: c.review_comment,
            modules: Vec::new(),
        }
    }
}

impl From<CourseView> for CourseResponse {
    fn from(v: CourseView) -> Self {
        let mut r = Self::without_outline(v.course);
        r.modules = v.modules.into_iter().map(ModuleResponse::from).collect();
        r
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleResponse {
    pub module_id: i64,
    pub title: String,
    pub description: String,
    pub position: i64,
    pub lessons: Vec<LessonSummaryResponse>,
}

impl From<ModuleView> for ModuleResponse {
    fn from(v: ModuleView) -> Self {
        let mut r = Self::from(v.module);
        r.lessons = v.lessons.into_iter().map(Into::into).collect();
        r
    }
}

impl From<ModuleEntry> for ModuleResponse {
    fn from(m: ModuleEntry) -> Self {
        Self {
            module_id: m.id,
            title: m.title,
            description: m.description,
            position: m.position,
            lessons: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonSummaryResponse {
    pub lesson_id: i64,
    pub module_id: i64,
    pub title: String,
    pub position: i64,
}

impl From<LessonEntry> for LessonSummaryResponse {
    fn from(l: LessonEntry) -> Self {
        Self {
            lesson_id: l.id,
            module_id: l.module_id,
            title: l.title,
            position: l.position,
        }
    }
}

/// Multipart body of a cover upload.
#[derive(Debug, ToSchema)]
pub struct CoverForm {
    /// PNG, JPEG or WebP, at most 1 MiB.
    #[schema(format = Binary, value_type = String)]
    pub cover: Vec<u8>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CourseStatusRequest {
    /// `draft`, `review`, `published` or `archived`.
    #[schema(example = "review")]
    pub status: String,
    /// Why the course goes back to draft (only with `status: draft`): shown to its teacher
    /// as `review_comment` and sent in a `course_sent_back` notification.
    #[schema(example = "The quiz in lesson 2 has two correct answers.")]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCategoryRequest {
    #[schema(example = "Computer Vision")]
    pub name: String,
    /// Derived from the name when omitted.
    pub slug: Option<String>,
    /// Nests the category under another.
    pub parent_slug: Option<String>,
}

/// Omitted fields stay.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateCategoryRequest {
    pub name: Option<String>,
    /// A new address (links with the old slug stop working).
    pub slug: Option<String>,
    /// Nests the category under another; `""` makes it top-level.
    pub parent_slug: Option<String>,
}

/// Omitted fields stay; the slug does not follow a new name unless given.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTagRequest {
    pub name: Option<String>,
    pub slug: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResponse {
    pub category_id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

impl From<CategoryEntry> for CategoryResponse {
    fn from(c: CategoryEntry) -> Self {
        Self {
            category_id: c.id,
            slug: c.slug,
            name: c.name,
            parent_id: c.parent_id,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTagRequest {
    #[schema(example = "PyTorch")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagResponse {
    pub tag_id: i64,
    pub slug: String,
    pub name: String,
}

impl From<TagEntry> for TagResponse {
    fn from(t: TagEntry) -> Self {
        Self {
            tag_id: t.id,
            slug: t.slug,
            name: t.name,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateModuleRequest {
    pub title: String,
    /// What the module covers (empty when omitted).
    #[serde(default)]
    pub description: String,
}

/// Omitted fields stay.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateModuleRequest {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// Omitted fields stay.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateLessonRequest {
    pub title: Option<String>,
    /// The new blocks (same format as on create); replaces the content.
    #[schema(value_type = Option<Vec<std::collections::HashMap<String, Value>>>)]
    pub content: Option<Value>,
    /// Moves the lesson to the end of this module of the same course.
    pub module_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReorderLessonsRequest {
    /// Every lesson of the module, once each, in the new order.
    pub lesson_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReorderModulesRequest {
    /// Every module of the course, once each, in the new order.
    pub module_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateLessonRequest {
    pub module_id: i64,
    pub title: String,
    /// A list of blocks: `{"type": "text", "text"}`, `{"type": "markdown", "markdown"}`,
    /// `{"type": "code", "language", "code"}`, `{"type": "video", "url", "title"}`,
    /// `{"type": "quiz", "id", "question", "options": [{"id", "text"}], "correct_option_id"}`.
    #[schema(value_type = Vec<std::collections::HashMap<String, Value>>)]
    pub content: Value,
}

/// A course in a catalog list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseSummaryResponse {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub cover_image_url: Option<String>,
    pub price: f64,
    pub price_cents: i64,
    pub currency: String,
    pub is_free: bool,
    pub difficulty: String,
    pub language: String,
    pub teacher_id: i64,
    pub teacher_name: String,
    /// The teacher's public profile slug (`GET /api/v1/accounts/profiles/{slug}`); null when the
    /// teacher has no profile.
    pub teacher_slug: Option<String>,
    pub category_slug: Option<String>,
    pub tags: Vec<String>,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub enrollment_count: i64,
    pub published_at: Option<DateTime<Utc>>,
    /// `published` in the catalog; any status in a teacher's own list and the queue.
    pub status: &'static str,
    pub updated_at: DateTime<Utc>,
    /// Why staff last sent the course back to draft (never on a published course).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_comment: Option<String>,
}

impl From<CourseEntry> for CourseSummaryResponse {
    fn from(c: CourseEntry) -> Self {
        Self {
            course_id: c.id,
            slug: c.slug,
            title: c.title,
            description: c.description,
            cover_image_url: c.cover_image_url,
            price: c.price_cents as f64 / 100.0,
            price_cents: c.price_cents,
            currency: c.currency,
            is_free: c.price_cents == 0,
            difficulty: c.difficulty,
            language: c.language,
            teacher_id: c.teacher_id.0,
            teacher_name: c.teacher_name,
            teacher_slug: c.teacher_slug,
            category_slug: c.category_slug,
            tags: c.tags,
            rating_avg: c.rating_avg,
            rating_count: c.rating_count,
            enrollment_count: c.enrollment_count,
            published_at: c.published_at.map(to_datetime),
            status: c.status.as_str(),
            updated_at: to_datetime(c.updated_at),
            review_comment: c.review_comment,
        }
    }
}

page_response!(CoursePage of CourseSummaryResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseListQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    /// Category slug (its direct subcategories included).
    pub category: Option<String>,
    /// Tag slug.
    pub tag: Option<String>,
    /// Teacher's user id.
    pub teacher: Option<i64>,
    /// Lowest price, in major units.
    pub price_min: Option<f64>,
    /// Highest price, in major units.
    pub price_max: Option<f64>,
    /// `true`: free courses only; `false`: paid only.
    pub free: Option<bool>,
    /// Words to find in titles and descriptions (all of them, stemmed).
    pub search: Option<String>,
    /// `newest` (default), `rating` or `popularity`.
    pub sort: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudioQuery {
    /// `draft`, `review`, `published` or `archived`.
    pub status: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PopularQuery {
    /// How many (1..=50, default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ModuleTranslationRequest {
    pub module_id: i64,
    pub title: String,
    /// The module's description in this language; omitted, the earlier translation (or
    /// the original) stays.
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LessonTranslationRequest {
    pub lesson_id: i64,
    pub title: String,
    /// Translated blocks (same format as the lesson's); omitted, the original is shown.
    #[schema(value_type = Option<Vec<std::collections::HashMap<String, Value>>>)]
    pub content: Option<Value>,
}

/// The texts of a course in one language; modules and lessons not listed keep their
/// earlier translation (or the original).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TranslationRequest {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The course's requirements in this language; omitted, the earlier translation (or
    /// the original list) stays.
    pub requirements: Option<Vec<String>>,
    /// What learners will be able to do, in this language; omitted like `requirements`.
    pub what_you_will_learn: Option<Vec<String>>,
    #[serde(default)]
    pub modules: Vec<ModuleTranslationRequest>,
    #[serde(default)]
    pub lessons: Vec<LessonTranslationRequest>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationResponse {
    pub course_slug: String,
    pub language: String,
}

/// A course of `GET /courses/top-rated` with its dense rank.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedCourseResponse {
    /// Dense rank by average rating: equal averages share it, the next average is +1.
    pub rank: i64,
    #[serde(flatten)]
    pub course: CourseSummaryResponse,
}

/// One page of top-rated courses.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopRatedPage {
    pub items: Vec<RankedCourseResponse>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// The threshold applied: visible reviews a course needs to be listed.
    pub min_reviews: i64,
}

/// What reading one course answers besides the course (`GET /courses/{slug}` of v1 and v2),
/// for `responses(...)` of `utoipa::path`.
#[derive(IntoResponses)]
pub enum CourseReadRefusals {
    #[response(status = 401, description = "An invalid token was sent")]
    InvalidToken(ErrorBody),
    #[response(
        status = 404,
        description = "No such course, or not visible to the caller"
    )]
    NotVisible(ErrorBody),
}
