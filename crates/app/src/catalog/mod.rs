//! Catalog use-cases: courses and their workflow, taxonomy, modules and lessons.

mod browse_courses;
mod change_course_status;
mod course_cards;
mod course_cover;
mod course_details;
mod course_overview;
mod create_course;
mod delete_course;
mod edit_lesson;
mod edit_module;
mod edit_taxonomy;
mod favorite_courses;
mod input;
mod lessons;
mod modules;
mod public_pages;
mod read_models;
mod studio_lists;
mod taxonomy;
mod translate_course;
mod update_course;

pub(crate) use browse_courses::localize;
pub use browse_courses::{CatalogListing, CourseListing, CourseQuery};
pub use course_cards::{BuiltCourseCard, ListedCourse, StaleCourseCard, StoredCourseCard};
pub use course_cover::CoverImage;
pub use course_overview::{CourseOverview, OVERVIEW_REVIEWS};
pub use edit_lesson::LessonPatch;
pub use edit_module::ModulePatch;
pub use edit_taxonomy::{CategoryPatch, TagPatch};
pub use input::CourseInput;
pub use read_models::{CategoryEntry, CourseEntry, LessonEntry, ModuleEntry, TagEntry};
pub use taxonomy::CategoryInput;
pub use translate_course::{LessonTranslation, ModuleTranslation, TranslationInput};

pub(crate) use course_details::course_language;
use std::collections::HashSet;

use practicum_domain::{
    catalog::{CourseStatus, Mover},
    identity::{Role, UserId},
    FieldErrors,
};
use practicum_store::{
    catalog::{
        courses::{self, CourseRecord},
        syllabus::{self, LessonSummary, ModuleRecord},
    },
    Session,
};

use crate::ErrorCode;
use crate::{identity::Actor, AppError};

/// A course with its outline: modules in order, each with its lessons in order.
#[derive(Debug, Clone)]
pub struct CourseView {
    pub course: CourseEntry,
    pub modules: Vec<ModuleView>,
    /// The language the texts are in (for `Content-Language`).
    pub language: String,
}

#[derive(Debug, Clone)]
pub struct ModuleView {
    pub module: ModuleEntry,
    pub lessons: Vec<LessonEntry>,
}

/// Groups `lessons` (ordered) under `modules` (ordered) without further queries.
pub(crate) fn outline(modules: Vec<ModuleRecord>, lessons: Vec<LessonSummary>) -> Vec<ModuleView> {
    let mut views: Vec<ModuleView> = modules
        .into_iter()
        .map(|module| ModuleView {
            module: module.into(),
            lessons: Vec::new(),
        })
        .collect();
    for lesson in lessons {
        if let Some(v) = views.iter_mut().find(|v| v.module.id == lesson.module_id) {
            v.lessons.push(lesson.into());
        }
    }
    views
}

/// The course `slug` with its outline as `s` sees it (404 when there is none): what a
/// write of the course answers, read before its commit.
pub(crate) async fn course_view(s: &mut dyn Session, slug: &str) -> Result<CourseView, AppError> {
    let course = courses::find_by_slug(s, slug)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
    let modules = syllabus::modules(s, course.id).await?;
    let lessons = syllabus::lessons(s, course.id).await?;
    Ok(CourseView {
        language: course.language.clone(),
        course: course.into(),
        modules: outline(modules, lessons),
    })
}

/// A new order (`ids`) lists every `current` id exactly once; 422 on `field` with
/// `message` otherwise.
pub(crate) fn check_new_order(
    field: &str,
    ids: &[i64],
    current: impl Iterator<Item = i64>,
    message: &str,
) -> Result<(), FieldErrors> {
    let current: HashSet<i64> = current.collect();
    let given: HashSet<i64> = ids.iter().copied().collect();
    if given.len() != ids.len() || given != current {
        return Err(FieldErrors::single(field, message));
    }
    Ok(())
}

/// Whether deleting content that `learners` completed drops their completions first: only
/// a course whose status allows it (a draft) does; any other refuses with
/// `refusal(learners, status)`.
pub(crate) fn completions_to_drop(
    status: CourseStatus,
    learners: i64,
    refusal: fn(i64, &str) -> AppError,
) -> Result<bool, AppError> {
    if learners <= 0 {
        Ok(false)
    } else if status.may_delete_completed_content() {
        Ok(true)
    } else {
        Err(refusal(learners, status.as_str()))
    }
}

/// In what capacity `actor` may change `course`: its teacher or staff; `None` otherwise.
pub(crate) fn mover(actor: &Actor, course: &CourseRecord) -> Option<Mover> {
    mover_of(actor, course.teacher_id)
}

/// [`mover`] for the course taught by `teacher_id`.
pub(crate) fn mover_of(actor: &Actor, teacher_id: UserId) -> Option<Mover> {
    if actor.role.is_staff() {
        Some(Mover::Staff)
    } else if actor.id == teacher_id {
        Some(Mover::Owner)
    } else {
        None
    }
}

/// Whether `viewer` may know the course exists: published courses are public; anything
/// else only for its teacher and staff (to everyone else it is 404, not 403).
pub(crate) fn can_see(viewer: Option<&Actor>, course: &CourseRecord) -> bool {
    may_see(viewer, course.status, course.teacher_id)
}

/// [`can_see`] on the two columns it needs, for a statement that read only those.
pub(crate) fn may_see(viewer: Option<&Actor>, status: CourseStatus, teacher_id: UserId) -> bool {
    status == CourseStatus::Published || viewer.is_some_and(|a| mover_of(a, teacher_id).is_some())
}

/// The course `slug` as `viewer` may see it, or 404.
pub(crate) async fn visible_course(
    s: &mut dyn Session,
    viewer: Option<&Actor>,
    slug: &str,
) -> Result<CourseRecord, AppError> {
    courses::find_by_slug(s, slug)
        .await?
        .filter(|c| can_see(viewer, c))
        .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))
}

/// The course `slug` when `actor` may edit it: 404 when they may not even see it, 403
/// when they see it but it is not theirs.
pub(crate) async fn editable_course(
    s: &mut dyn Session,
    actor: &Actor,
    slug: &str,
) -> Result<(CourseRecord, Mover), AppError> {
    let course = visible_course(s, Some(actor), slug).await?;
    let mover = mover(actor, &course).ok_or_else(|| {
        AppError::forbidden(
            ErrorCode::NotCourseEditor,
            "only the course's teacher, a producer or an admin may change it",
        )
    })?;
    Ok((course, mover))
}

/// Words under `/courses/` that name routes, so no course may take them as its slug.
pub(crate) const RESERVED_SLUGS: &[&str] =
    &["popular", "trending", "categories", "tags", "mine", "queue"];

/// Roles that may author courses.
pub(crate) const AUTHORS: &[Role] = &[Role::Teacher, Role::Producer, Role::Admin];
