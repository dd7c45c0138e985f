//! Bulk import of a track's modules, questions and articles from one document.

use practicum_domain::{identity::Role, FieldErrors};
use practicum_store::{adaptive::catalog, Session};
use serde_json::json;

use super::{
    catalog_input::{text_field, validate_article, validate_question},
    edit_article::insert_article,
    edit_module::insert_module,
    edit_question::insert_question,
    track_lookup::track_by_slug,
    ImportInput,
};
use crate::{identity::Actor, App, AppError};

/// What an import wrote.
#[derive(Debug, Clone, Copy)]
pub struct ImportSummary {
    pub modules_created: usize,
    pub questions_created: usize,
    pub articles_created: usize,
}

impl App {
    /// Validates the whole document first — every bad row is reported as
    /// `questions[3].options` etc. in one 422 — and writes it in one transaction, so a
    /// bad row writes nothing.
    pub async fn import_track(
        &self,
        actor: &Actor,
        slug: &str,
        input: ImportInput,
    ) -> Result<ImportSummary, AppError> {
        actor.require(&[Role::Admin])?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let summary = import_into(&mut tx, track.id, &input, now).await?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, summary = %json!({
            "modules": summary.modules_created,
            "questions": summary.questions_created,
            "articles": summary.articles_created,
        }), "track content imported");
        Ok(summary)
    }
}

/// Validates the whole document, then writes it into the caller's transaction. On a
/// validation error the caller drops the transaction, so nothing stays written.
pub(crate) async fn import_into(
    tx: &mut dyn Session,
    track_id: i64,
    input: &ImportInput,
    now: i64,
) -> Result<ImportSummary, AppError> {
    let mut errors = FieldErrors::new();
    let existing = catalog::modules(tx, track_id).await?;
    let mut seen = Vec::new();
    for (i, name) in input.modules.iter().enumerate() {
        text_field(&mut errors, &format!("modules[{i}]"), name, 200);
        if seen.contains(&name.trim()) {
            errors.push(&format!("modules[{i}]"), "is listed twice");
        }
        seen.push(name.trim());
    }
    errors.clone().into_result()?;
    let mut modules_created = 0;
    let mut next_position = i32::try_from(existing.len()).unwrap_or(0);
    for name in &input.modules {
        if !existing.iter().any(|m| m.name == name.trim()) {
            insert_module(tx, track_id, name.trim(), next_position).await?;
            next_position += 1;
            modules_created += 1;
        }
    }
    let modules = catalog::modules(tx, track_id).await?;
    let stages = catalog::stages(tx, track_id).await?;
    let questions: Vec<_> = input
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            validate_question(
                &mut errors,
                &format!("questions[{i}]."),
                q,
                &modules,
                &stages,
            )
        })
        .collect();
    let articles: Vec<_> = input
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            validate_article(
                &mut errors,
                &format!("articles[{i}]."),
                a,
                &modules,
                &stages,
            )
        })
        .collect();
    // Dropping `tx` rolls back the modules created above.
    errors.into_result()?;
    for q in questions.iter().flatten() {
        insert_question(tx, q.module_id, q.stage_id, &q.question, now).await?;
    }
    for a in articles.iter().flatten() {
        insert_article(tx, a, now).await?;
    }
    Ok(ImportSummary {
        modules_created,
        questions_created: questions.len(),
        articles_created: articles.len(),
    })
}
