//! The course's teacher or staff translate its texts into another language.

use practicum_domain::{
    catalog::{CourseTitle, Description, ItemList, Language},
    FieldErrors,
};
use practicum_store::catalog::{
    syllabus,
    translations::{self, TranslatedLists},
};
use serde_json::Value;

use super::{editable_course, lessons::parse_content};
use crate::{identity::Actor, validated, App, AppError};

#[derive(Debug, Clone)]
pub struct ModuleTranslation {
    pub module_id: i64,
    pub title: String,
    /// Omitted: an earlier translated description (or the original) stays.
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LessonTranslation {
    pub lesson_id: i64,
    pub title: String,
    /// Translated blocks; `None` keeps showing the original content.
    pub content: Option<Value>,
}

/// `PUT /courses/{slug}/translations/{lang}`: replaces the texts given, keeps the rest.
#[derive(Debug, Clone, Default)]
pub struct TranslationInput {
    pub title: String,
    pub description: String,
    /// `None` keeps the earlier translation of the list (or shows the original).
    pub requirements: Option<Vec<String>>,
    pub what_you_will_learn: Option<Vec<String>>,
    pub modules: Vec<ModuleTranslation>,
    pub lessons: Vec<LessonTranslation>,
}

impl App {
    /// Returns the language tag as stored.
    pub async fn translate_course(
        &self,
        actor: &Actor,
        slug: &str,
        language: &str,
        input: TranslationInput,
    ) -> Result<String, AppError> {
        let mut errors = FieldErrors::new();
        let language = errors.check("language", Language::parse(language));
        let title = errors.check("title", CourseTitle::parse(&input.title));
        let description = errors.check("description", Description::parse(&input.description));
        let mut list = |field: &'static str, given: &Option<Vec<String>>| match given {
            None => Some(None),
            Some(items) => errors
                .check(field, ItemList::parse(items))
                .map(|l| Some(l.into_items())),
        };
        let requirements = list("requirements", &input.requirements);
        let what_you_will_learn = list("what_you_will_learn", &input.what_you_will_learn);
        let mut module_titles = Vec::new();
        for m in &input.modules {
            let title = errors.check("modules", CourseTitle::parse(&m.title));
            let description = match &m.description {
                None => Some(None),
                Some(d) => errors
                    .check("modules", Description::parse(d))
                    .map(|d| Some(d.as_str().to_owned())),
            };
            if let (Some(t), Some(d)) = (title, description) {
                module_titles.push((m.module_id, t, d));
            }
        }
        let mut lessons = Vec::new();
        for l in &input.lessons {
            let title = errors.check("lessons", CourseTitle::parse(&l.title));
            let content = match &l.content {
                None => Some(None),
                Some(v) => match parse_content(v.clone()) {
                    Ok(c) => Some(Some(
                        serde_json::to_string(c.blocks())
                            .map_err(|e| AppError::internal(e.to_string()))?,
                    )),
                    Err(e) => {
                        errors.0.extend(e.0);
                        None
                    }
                },
            };
            if let (Some(t), Some(c)) = (title, content) {
                lessons.push((l.lesson_id, t, c));
            }
        }
        errors.into_result()?;
        let language = validated(language)?;
        let title = validated(title)?;
        let description = validated(description)?;
        let requirements = validated(requirements)?;
        let what_you_will_learn = validated(what_you_will_learn)?;
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        if language.as_str() == course.language {
            return Err(FieldErrors::single(
                "language",
                "is the course's own language: edit the course instead",
            )
            .into());
        }
        let module_ids: Vec<i64> = syllabus::modules(&mut tx, course.id)
            .await?
            .iter()
            .map(|m| m.id)
            .collect();
        let lesson_ids: Vec<i64> = syllabus::lessons(&mut tx, course.id)
            .await?
            .iter()
            .map(|l| l.id)
            .collect();
        if module_titles
            .iter()
            .any(|(id, _, _)| !module_ids.contains(id))
        {
            return Err(FieldErrors::single(
                "modules",
                "a module_id is not a module of this course",
            )
            .into());
        }
        if lessons.iter().any(|(id, _, _)| !lesson_ids.contains(id)) {
            return Err(FieldErrors::single(
                "lessons",
                "a lesson_id is not a lesson of this course",
            )
            .into());
        }
        let lang = language.as_str();
        translations::put_course(
            &mut tx,
            course.id,
            lang,
            title.as_str(),
            description.as_str(),
            TranslatedLists {
                requirements: requirements.as_deref(),
                what_you_will_learn: what_you_will_learn.as_deref(),
            },
            self.now_ms(),
        )
        .await?;
        for (id, t, d) in &module_titles {
            translations::put_module(&mut tx, *id, lang, t.as_str(), d.as_deref()).await?;
        }
        for (id, t, c) in &lessons {
            translations::put_lesson(&mut tx, *id, lang, t.as_str(), c.as_deref()).await?;
        }
        self.commit_catalog_change(tx).await?;
        Ok(lang.to_owned())
    }
}
