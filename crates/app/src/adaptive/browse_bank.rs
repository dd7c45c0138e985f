//! Admin views of a track's bank and articles.

use practicum_domain::{adaptive::StageKey, identity::Role};
use practicum_store::adaptive::{articles, bank, catalog};

use super::{catalog_input::stage_key, track_lookup::track_by_slug};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// A bank question with its answer (admins only).
#[derive(Debug, Clone)]
pub struct AdminQuestionView {
    pub question_id: i64,
    pub module_id: i64,
    pub stage: StageKey,
    pub text: String,
    pub difficulty: u8,
    pub is_active: bool,
    /// (option id, text, correct).
    pub options: Vec<(i64, String, bool)>,
}

/// Which part of the bank an admin looks at: a stage (`junior_1`), a module, or both.
#[derive(Debug, Clone, Copy, Default)]
pub struct BankFilter<'a> {
    pub stage: Option<&'a str>,
    pub module_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct AdminArticleView {
    pub article_id: i64,
    pub module_id: i64,
    pub stage: StageKey,
    pub title: String,
    pub kind: practicum_domain::adaptive::ContentKind,
    pub is_active: bool,
    pub minitest_questions: i64,
}

fn stage_filter(
    stages: &[catalog::StageRecord],
    stage: Option<&str>,
) -> Result<Option<i64>, AppError> {
    let Some(raw) = stage else { return Ok(None) };
    let key = stage_key(raw)?;
    Ok(Some(
        stages.iter().find(|s| s.key == key).map_or(-1, |s| s.id),
    ))
}

fn key_of(stages: &[catalog::StageRecord], id: i64) -> Result<StageKey, AppError> {
    stages
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.key)
        .ok_or_else(|| AppError::internal("question of an unknown stage"))
}

impl App {
    /// One page of the track's questions with their options and answers (three queries).
    pub async fn admin_list_questions(
        &self,
        actor: &Actor,
        slug: &str,
        filter: BankFilter<'_>,
        page: PageRequest,
    ) -> Result<Page<AdminQuestionView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let track = track_by_slug(&mut conn, slug).await?;
        let stages = catalog::stages(&mut conn, track.id).await?;
        let stage_id = stage_filter(&stages, filter.stage)?;
        let (rows, total) = bank::list_questions(
            &mut conn,
            track.id,
            stage_id,
            filter.module_id,
            page.limit(),
            page.offset(),
        )
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let full = bank::questions_with_options(&mut conn, &ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for (row, q) in rows.into_iter().zip(full) {
            items.push(AdminQuestionView {
                question_id: row.id,
                module_id: row.module_id,
                stage: key_of(&stages, row.stage_id)?,
                text: q.text,
                difficulty: row.difficulty,
                is_active: row.is_active,
                options: q
                    .options
                    .into_iter()
                    .map(|o| (o.id, o.text, o.is_correct))
                    .collect(),
            });
        }
        Ok(Page::new(items, total, page))
    }

    /// The track's articles, optionally of one stage.
    pub async fn admin_list_articles(
        &self,
        actor: &Actor,
        slug: &str,
        filter: BankFilter<'_>,
    ) -> Result<Vec<AdminArticleView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let track = track_by_slug(&mut conn, slug).await?;
        let stages = catalog::stages(&mut conn, track.id).await?;
        let stage_id = stage_filter(&stages, filter.stage)?;
        articles::list_articles(&mut conn, track.id, stage_id)
            .await?
            .into_iter()
            .filter(|(a, _, _)| filter.module_id.is_none_or(|m| a.module_id == m))
            .map(|(a, is_active, minitest)| {
                Ok(AdminArticleView {
                    article_id: a.id,
                    module_id: a.module_id,
                    stage: key_of(&stages, a.stage_id)?,
                    title: a.title,
                    kind: a.kind,
                    is_active,
                    minitest_questions: minitest,
                })
            })
            .collect()
    }

    /// Retires an article: it is no longer assigned; learners who have it keep it.
    pub async fn deactivate_article(
        &self,
        actor: &Actor,
        slug: &str,
        article_id: i64,
    ) -> Result<(), AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        if !articles::set_article_active(&mut tx, track.id, article_id, false).await? {
            return Err(AppError::NotFound(ErrorCode::ArticleNotFound));
        }
        tx.commit().await?;
        Ok(())
    }
}
