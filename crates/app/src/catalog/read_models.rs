//! The catalog's read models: what use-cases hand to `api`, converted from store rows
//! so that no row type leaves the store through `app` (ADR 0037).

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};
use practicum_store::catalog::{
    courses::CourseRecord,
    syllabus::{LessonSummary, ModuleRecord},
    taxonomy::{CategoryRecord, TagRecord},
};

read_model! {
    /// A course as stored, with its teacher's name, category slug and tag slugs.
    #[derive(Debug, Clone)]
    pub struct CourseEntry from CourseRecord {
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
}

read_model! {
    #[derive(Debug, Clone)]
    pub struct ModuleEntry from ModuleRecord {
        pub id: i64,
        pub course_id: i64,
        pub title: String,
        pub description: String,
        pub position: i64,
    }
}

read_model! {
    /// A lesson without its content (for outlines).
    #[derive(Debug, Clone)]
    pub struct LessonEntry from LessonSummary {
        pub id: i64,
        pub module_id: i64,
        pub title: String,
        pub position: i64,
    }
}

read_model! {
    #[derive(Debug, Clone)]
    pub struct CategoryEntry from CategoryRecord {
        pub id: i64,
        pub slug: String,
        pub name: String,
        pub parent_id: Option<i64>,
    }
}

read_model! {
    #[derive(Debug, Clone)]
    pub struct TagEntry from TagRecord {
        pub id: i64,
        pub slug: String,
        pub name: String,
    }
}
