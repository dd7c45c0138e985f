//! Tracks, stages, modules, the question bank and articles.

use practicum_domain::{
    adaptive::{ContentKind, Rank, StageKey},
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct TrackRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    pub created_at: Timestamp,
}

const TRACK_COLUMNS: &str = "id, slug, title, description, is_published, created_at";

fn track_from_row(r: &AnyRow) -> Result<TrackRecord, StoreError> {
    Ok(TrackRecord {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        description: get(r, "description")?,
        is_published: flag(r, "is_published")?,
        created_at: get(r, "created_at")?,
    })
}

/// Inserts a track; a taken slug is `tracks_slug_key`.
pub async fn insert_track(
    s: &mut dyn Session,
    slug: &str,
    title: &str,
    description: &str,
    is_published: bool,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO tracks (slug, title, description, is_published, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(slug)
    .bind(title)
    .bind(description)
    .bind(is_published)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    get(&row, "id")
}

/// Changes a track's texts or publication; `None` keeps a field. False when no such track.
pub async fn update_track(
    s: &mut dyn Session,
    id: i64,
    title: Option<&str>,
    description: Option<&str>,
    is_published: Option<bool>,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE tracks SET title = COALESCE($1, title), description = COALESCE($2, description), \
         is_published = CASE WHEN $3 = 1 THEN $4 ELSE is_published END, updated_at = $5 \
         WHERE id = $6",
    )
    .bind(title)
    .bind(description)
    .bind(i64::from(is_published.is_some()))
    .bind(is_published.unwrap_or(false))
    .bind(now)
    .bind(id)
    .execute(s.conn())
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn find_track_by_slug(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE slug = $1");
    sqlx::query(&sql)
        .bind(slug)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(track_from_row)
        .transpose()
}

pub async fn find_track(s: &mut dyn Session, id: i64) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(track_from_row)
        .transpose()
}

/// One page of tracks in creation order (only published ones unless `all`) and the total.
pub async fn list_tracks(
    s: &mut dyn Session,
    all: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TrackRecord>, i64), StoreError> {
    let filter = "($1 = 1 OR is_published = $2)";
    let total: i64 = get(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM tracks WHERE {filter}"))
            .bind(i64::from(all))
            .bind(true)
            .fetch_one(s.conn())
            .await?,
        "n",
    )?;
    let sql =
        format!("SELECT {TRACK_COLUMNS} FROM tracks WHERE {filter} ORDER BY id LIMIT $3 OFFSET $4");
    let rows = sqlx::query(&sql)
        .bind(i64::from(all))
        .bind(true)
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(track_from_row)
        .collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// The stages of several tracks in one query, each track's in path order.
pub async fn stages_of_tracks(
    s: &mut dyn Session,
    track_ids: &[i64],
) -> Result<Vec<StageRecord>, StoreError> {
    if track_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, track_id, rank, level FROM stages WHERE track_id IN ({})",
        id_list(track_ids)
    );
    let mut out: Vec<StageRecord> = sqlx::query(&sql)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(stage_from_row)
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|st| (st.track_id, st.key));
    Ok(out)
}

/// The modules of several tracks in one query, each track's in order.
pub async fn modules_of_tracks(
    s: &mut dyn Session,
    track_ids: &[i64],
) -> Result<Vec<ModuleRecord>, StoreError> {
    if track_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, track_id, name, position FROM modules WHERE track_id IN ({}) \
         ORDER BY track_id, position, id",
        id_list(track_ids)
    );
    sqlx::query(&sql)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(module_from_row)
        .collect()
}

/// The platform's default track for a new learner: the oldest published track that has
/// stages (with `trainee_0`) and a current settings version.
pub async fn default_track(s: &mut dyn Session) -> Result<Option<TrackRecord>, StoreError> {
    let sql = format!(
        "SELECT {TRACK_COLUMNS} FROM tracks t WHERE t.is_published = $1 \
         AND EXISTS (SELECT 1 FROM stages st WHERE st.track_id = t.id AND st.rank = 'trainee') \
         AND EXISTS (SELECT 1 FROM settings_versions v WHERE v.track_id = t.id AND v.is_current = $1) \
         ORDER BY t.id LIMIT 1"
    );
    sqlx::query(&sql)
        .bind(true)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(track_from_row)
        .transpose()
}

#[derive(Debug, Clone, Copy)]
pub struct StageRecord {
    pub id: i64,
    pub track_id: i64,
    pub key: StageKey,
}

fn stage_from_row(r: &AnyRow) -> Result<StageRecord, StoreError> {
    let rank: String = get(r, "rank")?;
    let level: i64 = get(r, "level")?;
    let rank: Rank = rank
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("rank {rank}")))?;
    let key = StageKey::new(rank, u8::try_from(level).unwrap_or(u8::MAX))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(StageRecord {
        id: get(r, "id")?,
        track_id: get(r, "track_id")?,
        key,
    })
}

/// Inserts a stage; a repeated (rank, level) is `stages_track_rank_level_key`.
pub async fn insert_stage(
    s: &mut dyn Session,
    track_id: i64,
    key: StageKey,
) -> Result<i64, StoreError> {
    let row =
        sqlx::query("INSERT INTO stages (track_id, rank, level) VALUES ($1, $2, $3) RETURNING id")
            .bind(track_id)
            .bind(key.rank().as_str())
            .bind(i64::from(key.level()))
            .fetch_one(s.conn())
            .await?;
    get(&row, "id")
}

/// A track's stages in path order.
pub async fn stages(s: &mut dyn Session, track_id: i64) -> Result<Vec<StageRecord>, StoreError> {
    let mut out: Vec<StageRecord> =
        sqlx::query("SELECT id, track_id, rank, level FROM stages WHERE track_id = $1")
            .bind(track_id)
            .fetch_all(s.conn())
            .await?
            .iter()
            .map(stage_from_row)
            .collect::<Result<_, _>>()?;
    out.sort_by_key(|st| st.key);
    Ok(out)
}

pub async fn find_stage(s: &mut dyn Session, id: i64) -> Result<Option<StageRecord>, StoreError> {
    sqlx::query("SELECT id, track_id, rank, level FROM stages WHERE id = $1")
        .bind(id)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(stage_from_row)
        .transpose()
}

#[derive(Debug, Clone)]
pub struct ModuleRecord {
    pub id: i64,
    pub track_id: i64,
    pub name: String,
    pub position: i32,
}

/// Inserts a module; a repeated name is `modules_track_name_key`.
pub async fn insert_module(
    s: &mut dyn Session,
    track_id: i64,
    name: &str,
    position: i32,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO modules (track_id, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(track_id)
    .bind(name)
    .bind(i64::from(position))
    .fetch_one(s.conn())
    .await?;
    get(&row, "id")
}

/// A track's modules in order (position, then id).
pub async fn modules(s: &mut dyn Session, track_id: i64) -> Result<Vec<ModuleRecord>, StoreError> {
    sqlx::query(
        "SELECT id, track_id, name, position FROM modules WHERE track_id = $1 \
         ORDER BY position, id",
    )
    .bind(track_id)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(module_from_row)
    .collect()
}

fn module_from_row(r: &AnyRow) -> Result<ModuleRecord, StoreError> {
    let position: i64 = get(r, "position")?;
    Ok(ModuleRecord {
        id: get(r, "id")?,
        track_id: get(r, "track_id")?,
        name: get(r, "name")?,
        position: i32::try_from(position).unwrap_or(i32::MAX),
    })
}

/// A new question with its options, in their order.
pub struct NewQuestion<'a> {
    pub module_id: i64,
    pub stage_id: i64,
    pub text: &'a str,
    pub difficulty: u8,
    pub options: Vec<(&'a str, bool)>,
}

/// Inserts a question and its options; returns the question id.
pub async fn insert_question(
    s: &mut dyn Session,
    q: &NewQuestion<'_>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO questions (module_id, stage_id, text, difficulty, is_active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(q.module_id)
    .bind(q.stage_id)
    .bind(q.text)
    .bind(i64::from(q.difficulty))
    .bind(true)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    let id: i64 = get(&row, "id")?;
    for (position, (text, correct)) in q.options.iter().enumerate() {
        sqlx::query(
            "INSERT INTO question_options (question_id, text, position, is_correct) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(*text)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(*correct)
        .execute(s.conn())
        .await?;
    }
    Ok(id)
}

/// Retires or reactivates a question of `track_id`. False when no such question.
pub async fn set_question_active(
    s: &mut dyn Session,
    track_id: i64,
    question_id: i64,
    active: bool,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE questions SET is_active = $1 WHERE id = $2 \
         AND module_id IN (SELECT id FROM modules WHERE track_id = $3)",
    )
    .bind(active)
    .bind(question_id)
    .bind(track_id)
    .execute(s.conn())
    .await?;
    Ok(r.rows_affected() > 0)
}

/// A question of the bank as the engine and grading need it.
#[derive(Debug, Clone)]
pub struct BankRow {
    pub id: i64,
    pub module_id: i64,
    pub stage_id: i64,
    pub difficulty: u8,
}

/// Active questions of the given stages (one query).
pub async fn active_bank(
    s: &mut dyn Session,
    stage_ids: &[i64],
) -> Result<Vec<BankRow>, StoreError> {
    if stage_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(stage_ids);
    let sql = format!(
        "SELECT id, module_id, stage_id, difficulty FROM questions \
         WHERE is_active = $1 AND stage_id IN ({list}) ORDER BY id"
    );
    sqlx::query(&sql)
        .bind(true)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(|r| {
            let d: i64 = get(r, "difficulty")?;
            Ok(BankRow {
                id: get(r, "id")?,
                module_id: get(r, "module_id")?,
                stage_id: get(r, "stage_id")?,
                difficulty: u8::try_from(d).unwrap_or(3),
            })
        })
        .collect()
}

/// A question with its options, as shown to a learner or graded.
#[derive(Debug, Clone)]
pub struct QuestionWithOptions {
    pub id: i64,
    pub module_id: i64,
    pub text: String,
    pub options: Vec<OptionRow>,
}

#[derive(Debug, Clone)]
pub struct OptionRow {
    pub id: i64,
    pub text: String,
    pub is_correct: bool,
}

/// Loads the questions `ids` with their options in two queries, in the order of `ids`.
pub async fn questions_with_options(
    s: &mut dyn Session,
    ids: &[i64],
) -> Result<Vec<QuestionWithOptions>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(ids);
    let mut questions: Vec<QuestionWithOptions> = sqlx::query(&format!(
        "SELECT id, module_id, text FROM questions WHERE id IN ({list})"
    ))
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        Ok(QuestionWithOptions {
            id: get(r, "id")?,
            module_id: get(r, "module_id")?,
            text: get(r, "text")?,
            options: Vec::new(),
        })
    })
    .collect::<Result<_, StoreError>>()?;
    let options = sqlx::query(&format!(
        "SELECT id, question_id, text, is_correct FROM question_options \
         WHERE question_id IN ({list}) ORDER BY question_id, position, id"
    ))
    .fetch_all(s.conn())
    .await?;
    for r in &options {
        let qid: i64 = get(r, "question_id")?;
        if let Some(q) = questions.iter_mut().find(|q| q.id == qid) {
            q.options.push(OptionRow {
                id: get(r, "id")?,
                text: get(r, "text")?,
                is_correct: flag(r, "is_correct")?,
            });
        }
    }
    questions.sort_by_key(|q| ids.iter().position(|i| *i == q.id));
    Ok(questions)
}

/// Ids are integers we hold, so inlining them is safe and keeps one query per list.
fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

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
    let row = sqlx::query(
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
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    get(&row, "id")
}

pub async fn link_article_question(
    s: &mut dyn Session,
    article_id: i64,
    question_id: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO article_questions (article_id, question_id) VALUES ($1, $2)")
        .bind(article_id)
        .bind(question_id)
        .execute(s.conn())
        .await?;
    Ok(())
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
    sqlx::query(&sql)
        .bind(stage_id)
        .bind(true)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(article_from_row)
        .collect()
}

pub async fn find_article(
    s: &mut dyn Session,
    id: i64,
) -> Result<Option<ArticleRecord>, StoreError> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(article_from_row)
        .transpose()
}

/// The active mini-test questions of an article.
pub async fn article_question_ids(
    s: &mut dyn Session,
    article_id: i64,
) -> Result<Vec<BankRow>, StoreError> {
    sqlx::query(
        "SELECT q.id, q.module_id, q.stage_id, q.difficulty FROM article_questions aq \
         JOIN questions q ON q.id = aq.question_id \
         WHERE aq.article_id = $1 AND q.is_active = $2 ORDER BY q.id",
    )
    .bind(article_id)
    .bind(true)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        let d: i64 = get(r, "difficulty")?;
        Ok(BankRow {
            id: get(r, "id")?,
            module_id: get(r, "module_id")?,
            stage_id: get(r, "stage_id")?,
            difficulty: u8::try_from(d).unwrap_or(3),
        })
    })
    .collect()
}

/// Counts of a track's catalog, for admin views: (active questions, articles).
pub async fn counts(s: &mut dyn Session, track_id: i64) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM questions q JOIN modules m ON m.id = q.module_id \
         WHERE m.track_id = $1 AND q.is_active = $2) AS questions, \
         (SELECT COUNT(*) FROM articles a JOIN modules m ON m.id = a.module_id \
         WHERE m.track_id = $1) AS articles",
    )
    .bind(track_id)
    .bind(true)
    .fetch_one(s.conn())
    .await?;
    Ok((get(&row, "questions")?, get(&row, "articles")?))
}

/// A bank question as admins see it.
#[derive(Debug, Clone)]
pub struct QuestionAdminRow {
    pub id: i64,
    pub module_id: i64,
    pub stage_id: i64,
    pub difficulty: u8,
    pub is_active: bool,
}

/// One page of a track's questions (optionally of one stage), by id, and the total.
pub async fn list_questions(
    s: &mut dyn Session,
    track_id: i64,
    stage_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<QuestionAdminRow>, i64), StoreError> {
    let filter = "q.module_id IN (SELECT id FROM modules WHERE track_id = $1) \
                  AND ($2 IS NULL OR q.stage_id = $2)";
    let total: i64 = get(
        &sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM questions q WHERE {filter}"
        ))
        .bind(track_id)
        .bind(stage_id)
        .fetch_one(s.conn())
        .await?,
        "n",
    )?;
    let sql = format!(
        "SELECT q.id, q.module_id, q.stage_id, q.difficulty, q.is_active FROM questions q \
         WHERE {filter} ORDER BY q.id LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query(&sql)
        .bind(track_id)
        .bind(stage_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(|r| {
            let d: i64 = get(r, "difficulty")?;
            Ok(QuestionAdminRow {
                id: get(r, "id")?,
                module_id: get(r, "module_id")?,
                stage_id: get(r, "stage_id")?,
                difficulty: u8::try_from(d).unwrap_or(3),
                is_active: flag(r, "is_active")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok((rows, total))
}

/// A track's articles (optionally of one stage), in stage, module and article order.
pub async fn list_articles(
    s: &mut dyn Session,
    track_id: i64,
    stage_id: Option<i64>,
) -> Result<Vec<(ArticleRecord, bool, i64)>, StoreError> {
    let sql = "SELECT a.id, a.stage_id, a.module_id, a.title, a.kind, a.markdown, a.position, \
         a.is_active, (SELECT COUNT(*) FROM article_questions aq WHERE aq.article_id = a.id) AS minitest \
         FROM articles a JOIN modules m ON m.id = a.module_id \
         WHERE m.track_id = $1 AND ($2 IS NULL OR a.stage_id = $2) \
         ORDER BY a.stage_id, m.position, a.module_id, a.position, a.id";
    sqlx::query(sql)
        .bind(track_id)
        .bind(stage_id)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(|r| {
            Ok((
                article_from_row(r)?,
                flag(r, "is_active")?,
                get(r, "minitest")?,
            ))
        })
        .collect()
}

/// Retires or reactivates an article of `track_id`. False when no such article.
pub async fn set_article_active(
    s: &mut dyn Session,
    track_id: i64,
    article_id: i64,
    active: bool,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE articles SET is_active = $1 WHERE id = $2 \
         AND module_id IN (SELECT id FROM modules WHERE track_id = $3)",
    )
    .bind(active)
    .bind(article_id)
    .bind(track_id)
    .execute(s.conn())
    .await?;
    Ok(r.rows_affected() > 0)
}
