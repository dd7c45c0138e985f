//! Articles (reading material of a stage and module) and their mini-test questions.

use practicum_domain::{adaptive::ContentKind, Timestamp};
use sqlx::any::AnyRow;

use super::{
    bank::{bank_row, BankRow},
    delete_in_track, set_active_in_track,
};
use crate::query::{all, changed, new_id, optional, run};
use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub id: i64,
    pub stage_id: i64,
    pub module_id: i64,
    pub title: String,
    pub kind: ContentKind,
    pub markdown: String,
    pub position: i32,
}

pub(crate) fn kind_str(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Optional => "optional",
        ContentKind::Required => "required",
    }
}

pub(crate) fn parse_kind(raw: &str) -> Result<ContentKind, StoreError> {
    match raw {
        "optional" => Ok(ContentKind::Optional),
        "required" => Ok(ContentKind::Required),
        other => Err(StoreError::Corrupt(format!("content kind {other}"))),
    }
}

fn article_from_row(r: &AnyRow) -> Result<ArticleRecord, StoreError> {
    let kind: String = get(r, "kind")?;
    let position: i64 = get(r, "position")?;
    Ok(ArticleRecord {
        id: get(r, "id")?,
        stage_id: get(r, "stage_id")?,
        module_id: get(r, "module_id")?,
        title: get(r, "title")?,
        kind: parse_kind(&kind)?,
        markdown: get(r, "markdown")?,
        position: i32::try_from(position).unwrap_or(i32::MAX),
    })
}

pub struct NewArticle<'a> {
    pub stage_id: i64,
    pub module_id: i64,
    pub title: &'a str,
    pub kind: ContentKind,
    pub markdown: &'a str,
    pub position: i32,
}

pub async fn insert_article(
    s: &mut dyn Session,
    a: &NewArticle<'_>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let query = sqlx::query(
        "INSERT INTO articles (stage_id, module_id, title, kind, markdown, position, is_active, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.stage_id)
    .bind(a.module_id)
    .bind(a.title)
    .bind(kind_str(a.kind))
    .bind(a.markdown)
    .bind(i64::from(a.position))
    .bind(true)
    .bind(now);
    new_id(query, s.conn()).await
}

pub async fn link_article_question(
    s: &mut dyn Session,
    article_id: i64,
    question_id: i64,
) -> Result<(), StoreError> {
    run(
        sqlx::query("INSERT INTO article_questions (article_id, question_id) VALUES ($1, $2)")
            .bind(article_id)
            .bind(question_id),
        s.conn(),
    )
    .await
}

const ARTICLE_COLUMNS: &str = "id, stage_id, module_id, title, kind, markdown, position";

/// Active articles of a stage in module and article order.
pub async fn stage_articles(
    s: &mut dyn Session,
    stage_id: i64,
) -> Result<Vec<ArticleRecord>, StoreError> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles WHERE stage_id = $1 AND is_active = $2 \
         ORDER BY module_id, position, id"
    );
    all(
        sqlx::query(&sql).bind(stage_id).bind(true),
        s.conn(),
        article_from_row,
    )
    .await
}

pub async fn find_article(
    s: &mut dyn Session,
    id: i64,
) -> Result<Option<ArticleRecord>, StoreError> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = $1");
    optional(sqlx::query(&sql).bind(id), s.conn(), article_from_row).await
}

/// The active mini-test questions of an article.
pub async fn article_question_ids(
    s: &mut dyn Session,
    article_id: i64,
) -> Result<Vec<BankRow>, StoreError> {
    all(
        sqlx::query(
            "SELECT q.id, q.module_id, q.stage_id, q.difficulty FROM article_questions aq \
             JOIN questions q ON q.id = aq.question_id \
             WHERE aq.article_id = $1 AND q.is_active = $2 ORDER BY q.id",
        )
        .bind(article_id)
        .bind(true),
        s.conn(),
        bank_row,
    )
    .await
}

/// A track's articles (optionally of one stage), in stage, module and article order.
pub async fn list_articles(
    s: &mut dyn Session,
    track_id: i64,
    stage_id: Option<i64>,
) -> Result<Vec<(ArticleRecord, bool, i64)>, StoreError> {
    let sql = "SELECT a.id, a.stage_id, a.module_id, a.title, a.kind, a.markdown, a.position, \
         a.is_active, (SELECT COUNT(*) FROM article_questions aq WHERE aq.article_id = a.id) AS minitest \
         FROM articles a JOIN track_modules m ON m.id = a.module_id \
         WHERE m.track_id = $1 AND ($2 IS NULL OR a.stage_id = $2) \
         ORDER BY a.stage_id, m.position, a.module_id, a.position, a.id";
    all(
        sqlx::query(sql).bind(track_id).bind(stage_id),
        s.conn(),
        |r| {
            Ok((
                article_from_row(r)?,
                flag(r, "is_active")?,
                get(r, "minitest")?,
            ))
        },
    )
    .await
}

/// Retires or reactivates an article of `track_id`. False when no such article.
pub async fn set_article_active(
    s: &mut dyn Session,
    track_id: i64,
    article_id: i64,
    active: bool,
) -> Result<bool, StoreError> {
    set_active_in_track(s.conn(), "articles", track_id, article_id, active).await
}

/// Changes an article's fields (each when given). False when `track_id` has no such
/// article.
pub async fn update_article(
    s: &mut dyn Session,
    track_id: i64,
    article_id: i64,
    title: Option<&str>,
    markdown: Option<&str>,
    position: Option<i32>,
    is_active: Option<bool>,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE articles SET title = COALESCE($3, title), markdown = COALESCE($4, markdown), \
             position = COALESCE($5, position), is_active = COALESCE($6, is_active) \
             WHERE id = $1 AND module_id IN (SELECT id FROM track_modules WHERE track_id = $2)",
        )
        .bind(article_id)
        .bind(track_id)
        .bind(title)
        .bind(markdown)
        .bind(position.map(i64::from))
        .bind(is_active),
        s.conn(),
    )
    .await
}

/// Deletes an article of `track_id` (its mini-test links go with it; the questions stay
/// in the bank). An article assigned to a learner is kept by
/// `content_assignments_article_id_fkey` (RESTRICT): [`StoreError::ForeignKey`].
/// False when no such article.
pub async fn delete_article(
    s: &mut dyn Session,
    track_id: i64,
    article_id: i64,
) -> Result<bool, StoreError> {
    delete_in_track(s.conn(), "articles", track_id, article_id).await
}
