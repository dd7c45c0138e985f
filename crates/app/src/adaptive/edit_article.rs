//! Admin edits of articles: add, change, delete.

use practicum_domain::{identity::Role, FieldErrors};
use practicum_store::{
    adaptive::{
        articles::{self, NewArticle},
        catalog,
    },
    Session,
};

use super::{
    catalog_input::{text_field, validate_article, ResolvedArticle},
    edit_question::insert_question,
    history_guard::{held, RETIRE_ARTICLE},
    track_lookup::track_by_slug,
    ArticleInput,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

pub(crate) async fn insert_article(
    s: &mut dyn Session,
    a: &ResolvedArticle,
    now: i64,
) -> Result<i64, AppError> {
    let id = articles::insert_article(
        s,
        &NewArticle {
            stage_id: a.stage_id,
            module_id: a.module_id,
            title: &a.title,
            kind: a.kind,
            markdown: &a.markdown,
            position: a.position,
        },
        now,
    )
    .await?;
    for q in &a.minitest {
        let qid = insert_question(s, a.module_id, a.stage_id, q, now).await?;
        articles::link_article_question(s, id, qid).await?;
    }
    Ok(id)
}

/// `PATCH /admin/tracks/{slug}/articles/{article_id}`.
#[derive(Debug, Clone, Default)]
pub struct ArticleChanges {
    pub title: Option<String>,
    pub markdown: Option<String>,
    pub position: Option<i32>,
    pub is_active: Option<bool>,
}

impl App {
    /// Adds an article (with its mini-test questions, for a required one); returns its id.
    pub async fn create_article(
        &self,
        actor: &Actor,
        slug: &str,
        input: ArticleInput,
    ) -> Result<i64, AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        let modules = catalog::modules(&mut tx, track.id).await?;
        let stages = catalog::stages(&mut tx, track.id).await?;
        let mut errors = FieldErrors::new();
        let resolved = validate_article(&mut errors, "", &input, &modules, &stages);
        errors.into_result()?;
        let a = resolved.ok_or_else(|| AppError::internal("validated article missing"))?;
        let id = insert_article(&mut tx, &a, self.now_ms()).await?;
        tx.commit().await?;
        Ok(id)
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
        let (mut tx, track) = self.admin_track(actor, slug).await?;
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
