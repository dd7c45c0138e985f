//! Admin edits of the question bank: add, retire, change (options included), delete.

use practicum_domain::FieldErrors;
use practicum_store::{
    adaptive::{
        bank::{self, NewQuestion},
        catalog,
    },
    Session,
};

use super::{
    catalog_input::{validate_body, validate_question},
    history_guard::{held, RETIRE_QUESTION},
    OptionInput, QuestionBody, QuestionInput,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

pub(crate) async fn insert_question(
    s: &mut dyn Session,
    module_id: i64,
    stage_id: i64,
    q: &super::catalog_input::ValidQuestion,
    now: i64,
) -> Result<i64, AppError> {
    Ok(bank::insert_question(
        s,
        &NewQuestion {
            module_id,
            stage_id,
            text: &q.text,
            difficulty: q.difficulty,
            options: q.options.iter().map(|(t, c)| (t.as_str(), *c)).collect(),
        },
        now,
    )
    .await?)
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

impl App {
    /// Adds a question with its options to the bank; returns its id.
    pub async fn create_question(
        &self,
        actor: &Actor,
        slug: &str,
        input: QuestionInput,
    ) -> Result<i64, AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        let modules = catalog::modules(&mut tx, track.id).await?;
        let stages = catalog::stages(&mut tx, track.id).await?;
        let mut errors = FieldErrors::new();
        let resolved = validate_question(&mut errors, "", &input, &modules, &stages);
        errors.into_result()?;
        let q = resolved.ok_or_else(|| AppError::internal("validated question missing"))?;
        let id =
            insert_question(&mut tx, q.module_id, q.stage_id, &q.question, self.now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Retires (or reactivates) a question: retired questions are never drawn again, and
    /// attempts that asked them keep them.
    pub async fn set_question_active(
        &self,
        actor: &Actor,
        slug: &str,
        question_id: i64,
        active: bool,
    ) -> Result<(), AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        if !bank::set_question_active(&mut tx, track.id, question_id, active).await? {
            return Err(AppError::NotFound(ErrorCode::QuestionNotFound));
        }
        tx.commit().await?;
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
        let (mut tx, track) = self.admin_track(actor, slug).await?;
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
        let (mut tx, track) = self.admin_track(actor, slug).await?;
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
}
