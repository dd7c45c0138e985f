//! A course page: the course, its tags and its outline, in the caller's language when
//! the course is translated into it; a fixed number of queries whatever its size.

use std::collections::HashMap;

use practicum_domain::catalog::negotiate_language;
use practicum_store::{
    catalog::{syllabus, translations},
    Session,
};

use super::{outline, visible_course, CourseView};
use crate::{identity::Actor, App, AppError};

/// The language to answer in for a course in `default` language with translations.
pub(crate) async fn course_language(
    s: &mut dyn Session,
    course_id: i64,
    default: &str,
    accept_language: Option<&str>,
) -> Result<String, AppError> {
    if accept_language.is_none() {
        return Ok(default.to_owned());
    }
    let mut available = translations::languages(s, course_id).await?;
    available.push(default.to_owned());
    let available: Vec<&str> = available.iter().map(String::as_str).collect();
    Ok(negotiate_language(accept_language, &available, default))
}

impl App {
    pub async fn course_details(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
        accept_language: Option<&str>,
    ) -> Result<CourseView, AppError> {
        let mut conn = self.db.read_lagging().await?;
        let mut course = visible_course(&mut conn, viewer, slug).await?;
        let modules = syllabus::modules(&mut conn, course.id).await?;
        let lessons = syllabus::lessons(&mut conn, course.id).await?;
        let language =
            course_language(&mut conn, course.id, &course.language, accept_language).await?;
        let mut modules = outline(modules, lessons);
        if language != course.language {
            if let Some(text) = translations::course_text(&mut conn, course.id, &language).await? {
                course.title = text.title;
                course.description = text.description;
                if let Some(items) = text.requirements {
                    course.requirements = items;
                }
                if let Some(items) = text.what_you_will_learn {
                    course.what_you_will_learn = items;
                }
            }
            let module_texts: HashMap<i64, translations::ModuleText> =
                translations::module_texts(&mut conn, course.id, &language)
                    .await?
                    .into_iter()
                    .map(|t| (t.module_id, t))
                    .collect();
            let mut lesson_titles: HashMap<i64, String> =
                translations::lesson_titles(&mut conn, course.id, &language)
                    .await?
                    .into_iter()
                    .collect();
            for m in &mut modules {
                if let Some(t) = module_texts.get(&m.module.id) {
                    m.module.title = t.title.clone();
                    if let Some(d) = &t.description {
                        m.module.description = d.clone();
                    }
                }
                for l in &mut m.lessons {
                    if let Some(t) = lesson_titles.remove(&l.id) {
                        l.title = t;
                    }
                }
            }
        }
        Ok(CourseView {
            course: course.into(),
            modules,
            language,
        })
    }
}
