//! Catalog routes: `/courses`, `/courses/{slug}` with status, modules and lessons,
//! `/courses/categories`, `/courses/tags`.

pub mod cards;
pub(crate) mod courses;
mod cover;
pub mod dto;
mod favorites;
mod studio;
mod syllabus;
mod taxonomy;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(courses::list_courses, courses::create_course))
        .routes(routes!(courses::popular_courses))
        .routes(routes!(favorites::list_favorite_courses))
        .routes(routes!(courses::trending_courses))
        .routes(routes!(courses::top_rated_courses))
        .routes(routes!(studio::list_my_courses))
        .routes(routes!(studio::list_course_queue))
        .routes(routes!(
            taxonomy::list_categories,
            taxonomy::create_category
        ))
        .routes(routes!(
            taxonomy::update_category,
            taxonomy::delete_category
        ))
        .routes(routes!(taxonomy::list_tags, taxonomy::create_tag))
        .routes(routes!(taxonomy::update_tag, taxonomy::delete_tag))
        .routes(routes!(
            courses::get_course,
            courses::update_course,
            courses::delete_course
        ))
        .routes(routes!(courses::change_course_status))
        .routes(routes!(courses::put_translation))
        .routes(routes!(cover::upload_cover, cover::get_cover))
        .routes(routes!(syllabus::list_modules, syllabus::create_module))
        .routes(routes!(syllabus::reorder_modules))
        .routes(routes!(syllabus::update_module, syllabus::delete_module))
        .routes(routes!(syllabus::reorder_lessons))
        .routes(routes!(syllabus::update_lesson, syllabus::delete_lesson))
        .routes(routes!(syllabus::list_lessons, syllabus::create_lesson))
}
