//! The catalog's read models: what use-cases hand to `api`, converted from store rows
//! so that no row type leaves the store through `app` (ADR 0037).

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};
use practicum_store::catalog::{
    courses::CourseRecord,
    syllabus::{LessonSummary, ModuleRecord},
    taxonomy::{CategoryRecord, TagRecord},
};

/// A course as stored, with its teacher's name, category slug and tag slugs.
#[derive(Debug, Clone)]
pub struct CourseEntry {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub price_cents: i64,
    pub currency: String,
    pub cover_image_url: Option<String>,
    pub difficulty: String,
    pub language: String,
    pub teacher_id: UserId,
    pub teacher_name: String,
    /// The teacher's public profile (`/api/v1/accounts/profiles/{slug}`); `None` without a profile.
    pub teacher_slug: Option<String>,
    pub category_id: Option<i64>,
    pub category_slug: Option<String>,
    pub status: CourseStatus,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub enrollment_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    /// What learners should know beforehand, in order.
    pub requirements: Vec<String>,
    /// What learners will be able to do after the course, in order.
    pub what_you_will_learn: Vec<String>,
    /// Why staff last sent the course back to draft; `None` once published.
    pub review_comment: Option<String>,
    pub tags: Vec<String>,
}

impl From<CourseRecord> for CourseEntry {
    fn from(r: CourseRecord) -> Self {
        Self {
            id: r.id,
            slug: r.slug,
            title: r.title,
            description: r.description,
            price_cents: r.price_cents,
            currency: r.currency,
            cover_image_url: r.cover_image_url,
            difficulty: r.difficulty,
            language: r.language,
            teacher_id: r.teacher_id,
            teacher_name: r.teacher_name,
            teacher_slug: r.teacher_slug,
            category_id: r.category_id,
            category_slug: r.category_slug,
            status: r.status,
            rating_avg: r.rating_avg,
            rating_count: r.rating_count,
            enrollment_count: r.enrollment_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
            requirements: r.requirements,
            what_you_will_learn: r.what_you_will_learn,
            review_comment: r.review_comment,
            tags: r.tags,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModuleEntry {
    pub id: i64,
    pub course_id: i64,
    pub title: String,
    pub description: String,
    pub position: i64,
}

impl From<ModuleRecord> for ModuleEntry {
    fn from(r: ModuleRecord) -> Self {
        Self {
            id: r.id,
            course_id: r.course_id,
            title: r.title,
            description: r.description,
            position: r.position,
        }
    }
}

/// A lesson without its content (for outlines).
#[derive(Debug, Clone)]
pub struct LessonEntry {
    pub id: i64,
    pub module_id: i64,
    pub title: String,
    pub position: i64,
}

impl From<LessonSummary> for LessonEntry {
    fn from(r: LessonSummary) -> Self {
        Self {
            id: r.id,
            module_id: r.module_id,
            title: r.title,
            position: r.position,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CategoryEntry {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

impl From<CategoryRecord> for CategoryEntry {
    fn from(r: CategoryRecord) -> Self {
        Self {
            id: r.id,
            slug: r.slug,
            name: r.name,
            parent_id: r.parent_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TagEntry {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl From<TagRecord> for TagEntry {
    fn from(r: TagRecord) -> Self {
        Self {
            id: r.id,
            slug: r.slug,
            name: r.name,
        }
    }
}
