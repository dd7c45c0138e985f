//! Admin edits and deletions of the catalog: modules, bank questions (with their
//! options) and articles.
//!
//! Learner history is never rewritten: a question asked in an attempt, an option chosen
//! in one, or an article assigned to a learner is held by foreign keys (RESTRICT / NO
//! ACTION), so deleting it — directly or through its module — is a 409 that points to
//! retiring it instead. Unreferenced rows delete with their dependants.

use practicum_domain::{adaptive::StageKey, identity::Role, FieldErrors};
use practicum_store::{
    adaptive::{articles, bank, catalog},
    StoreError,
};

use super::{
    catalog::track_by_slug,
    catalog_input::{text_field, validate_body},
    OptionInput, QuestionBody,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

/// `PATCH /admin/tracks/{slug}/modules/{module_id}`.
#[derive(Debug, Clone, Default)]
pub struct ModuleChanges {
    pub name: Option<String>,
    pub position: Option<i32>,
}

/// `PATCH /admin/tracks/{slug}/questions/{question_id}`: `options` replaces them all
/// (exactly one correct).
#[derive(Debug, Clone, Default)]
pub struct QuestionChanges {
    pub text: Option<String>,
    pub difficulty: Option<i64>,
    pub options: Option<Vec<OptionInput>>,
    pub is_active: Option<bool>,
}

/// `PATCH /admin/tracks/{slug}/articles/{article_id}`.
#[derive(Debug, Clone, Default)]
pub struct ArticleChanges {
    pub title: Option<String>,
    pub markdown: Option<String>,
    pub position: Option<i32>,
    pub is_active: Option<bool>,
}

/// A delete or change refused because learner history refers to the row.
fn in_history(what: &str, instead: &str) -> AppError {
    AppError::conflict(
        ErrorCode::ReferencedByHistory,
        format!("this {what} is part of learners' history and cannot be removed; {instead}"),
    )
}

fn held(e: StoreError, what: &str, instead: &str) -> AppError {
    match e {
        StoreError::ForeignKey { .. } => in_history(what, instead),
        other => other.into(),
    }
}

const RETIRE_QUESTION: &str =
    "retire it instead (POST …/questions/{id}/deactivate or PATCH is_active=false) and add a new one";
const RETIRE_ARTICLE: &str =
    "retire it instead (POST …/articles/{id}/deactivate or PATCH is_active=false)";
const RETIRE_MODULE: &str = "retire its questions and articles instead";
const UNPUBLISH: &str = "unpublish the track instead (PATCH is_published=false)";

impl App {
    /// Deletes a track with its stages, modules, bank and settings; 409 once any learner
    /// has reached one of its stages (unpublish it instead).
    pub async fn delete_track(&self, actor: &Actor, slug: &str) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let found = catalog::delete_track(&mut tx, track.id)
            .await
            .map_err(|e| held(e, "track", UNPUBLISH))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::TrackNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, "track deleted");
        Ok(())
    }

    /// Deletes a stage (`junior_2`) with its questions and articles; 409 once a learner
    /// reached it. A stage has nothing else to edit: its key is its identity.
    pub async fn delete_stage(&self, actor: &Actor, slug: &str, key: &str) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let key: StageKey =
            key.parse()
                .map_err(|e: practicum_domain::adaptive::ParseStageKeyError| {
                    FieldErrors::single("stage", e.to_string())
                })?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let stage = catalog::stages(&mut tx, track.id)
            .await?
            .into_iter()
            .find(|s| s.key == key)
            .ok_or(AppError::NotFound(ErrorCode::StageNotFound))?;
        let found = catalog::delete_stage(&mut tx, track.id, stage.id)
            .await
            .map_err(|e| held(e, "stage", UNPUBLISH))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::StageNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, stage = %key, "stage deleted");
        Ok(())
    }

    /// Renames or moves a module (404 unknown, 409 name taken, 422 empty name).
    pub async fn update_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
        changes: ModuleChanges,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if let Some(name) = &changes.name {
            text_field(&mut errors, "name", name, 200);
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let name = changes.name.as_deref().map(str::trim);
        let found = catalog::update_module(&mut tx, track.id, module_id, name, changes.position)
            .await
            .map_err(|e| {
                if e.is_unique("track_modules_track_name_key") {
                    AppError::conflict(
                        ErrorCode::ModuleExists,
                        "the track already has a module with this name",
                    )
                } else {
                    e.into()
                }
            })?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ModuleNotFound));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a module with its questions and articles; 409 when any of them is in a
    /// learner's history.
    pub async fn delete_module(
        &self,
        actor: &Actor,
        slug: &str,
        module_id: i64,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let found = catalog::delete_module(&mut tx, track.id, module_id)
            .await
            .map_err(|e| held(e, "module", RETIRE_MODULE))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ModuleNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, module_id, "module deleted");
        Ok(())
    }

    /// Changes a question's text, difficulty, activity or options (replaced as a whole,
    /// exactly one correct: 422 otherwise). Options chosen in an attempt cannot be
    /// replaced (409: retire the question and add a new one).
    pub async fn update_question(
        &self,
        actor: &Actor,
        slug: &str,
        question_id: i64,
        changes: QuestionChanges,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let current = bank::questions_with_options(&mut tx, &[question_id])
            .await?
            .into_iter()
            .next();
        let Some(current) = current else {
            return Err(AppError::NotFound(ErrorCode::QuestionNotFound));
        };
        // The whole question after the change is validated as on creation.
        let merged = QuestionBody {
            text: changes.text.clone().unwrap_or(current.text),
            difficulty: changes.difficulty.or(Some(3)),
            options: changes.options.clone().unwrap_or_else(|| {
                current
                    .options
                    .iter()
                    .map(|o| OptionInput {
                        text: o.text.clone(),
                        is_correct: o.is_correct,
                    })
                    .collect()
            }),
        };
        let mut errors = FieldErrors::new();
        let valid = validate_body(&mut errors, "", &merged);
        errors.into_result()?;
        let valid = valid.ok_or_else(|| AppError::internal("validated question missing"))?;
        let found = bank::update_question(
            &mut tx,
            track.id,
            question_id,
            changes.text.is_some().then_some(valid.text.as_str()),
            changes.difficulty.is_some().then_some(valid.difficulty),
            changes.is_active,
        )
        .await?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::QuestionNotFound));
        }
        if changes.options.is_some() {
            let options: Vec<(&str, bool)> = valid
                .options
                .iter()
                .map(|(t, c)| (t.as_str(), *c))
                .collect();
            bank::replace_options(&mut tx, question_id, &options)
                .await
                .map_err(|e| held(e, "question's options", RETIRE_QUESTION))?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a question with its options; 409 once it was asked in an attempt.
    pub async fn delete_question(
        &self,
        actor: &Actor,
        slug: &str,
        question_id: i64,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let found = bank::delete_question(&mut tx, track.id, question_id)
            .await
            .map_err(|e| held(e, "question", RETIRE_QUESTION))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::QuestionNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, question_id, "question deleted");
        Ok(())
    }

    /// Changes an article's title, markdown, position or activity (422 on an empty or
    /// over-long title or markdown). Its mini-test questions are bank questions, edited
    /// through the question routes.
    pub async fn update_article(
        &self,
        actor: &Actor,
        slug: &str,
        article_id: i64,
        changes: ArticleChanges,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if let Some(title) = &changes.title {
            text_field(&mut errors, "title", title, 200);
        }
        if let Some(markdown) = &changes.markdown {
            if markdown.chars().count() > 200_000 {
                errors.push("markdown", "must be at most 200000 characters");
            }
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let found = articles::update_article(
            &mut tx,
            track.id,
            article_id,
            changes.title.as_deref().map(str::trim),
            changes.markdown.as_deref(),
            changes.position,
            changes.is_active,
        )
        .await?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ArticleNotFound));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an article (its mini-test links; the questions stay in the bank); 409
    /// once it was assigned to a learner.
    pub async fn delete_article(
        &self,
        actor: &Actor,
        slug: &str,
        article_id: i64,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let found = articles::delete_article(&mut tx, track.id, article_id)
            .await
            .map_err(|e| held(e, "article", RETIRE_ARTICLE))?;
        if !found {
            return Err(AppError::NotFound(ErrorCode::ArticleNotFound));
        }
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, article_id, "article deleted");
        Ok(())
    }
}
