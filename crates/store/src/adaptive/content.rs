//! Content assigned to a learner at a stage. The batch row
//! (`content_batches_user_stage_key`) makes a second assignment a conflict under races.

use practicum_domain::{adaptive::ContentKind, identity::UserId, Timestamp};

use super::articles::{kind_str, parse_kind};
use crate::query::{all, changed, new_id, run};
use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct AssignmentRecord {
    pub article_id: i64,
    pub module_id: i64,
    pub title: String,
    pub kind: ContentKind,
    pub markdown: String,
    pub read_at: Option<Timestamp>,
    pub minitest_tries: i64,
    pub minitest_passed_at: Option<Timestamp>,
    /// Why it was assigned ("your estimated mastery of … is the lowest (0.31 ± 0.08)");
    /// `None` for assignments made before reasons were stored.
    pub reason: Option<String>,
}

impl AssignmentRecord {
    /// An optional article closes when read, a required one when its mini-test passes.
    pub fn closed(&self) -> bool {
        match self.kind {
            ContentKind::Optional => self.read_at.is_some(),
            ContentKind::Required => self.minitest_passed_at.is_some(),
        }
    }
}

/// Creates the batch, with the seed of the weakness tie draw it used, and its items. A
/// second batch is `content_batches_user_stage_key`.
pub async fn assign(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
    tie_seed: u64,
    items: &[(i64, ContentKind, String)],
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO content_batches (user_id, stage_id, tie_seed, assigned_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id.0)
    .bind(stage_id)
    // Stored as the same 64 bits, read back with `as u64`.
    .bind(tie_seed as i64)
    .bind(now)
    .execute(s.conn())
    .await?;
    for (position, (article_id, kind, reason)) in items.iter().enumerate() {
        run(
            sqlx::query(
                "INSERT INTO content_assignments (user_id, stage_id, article_id, kind, position, \
                 reason) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id.0)
            .bind(stage_id)
            .bind(*article_id)
            .bind(kind_str(*kind))
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(reason.as_str()),
            s.conn(),
        )
        .await?;
    }
    Ok(())
}

/// The weakness tie seed stored when the learner's content at the stage was assigned:
/// `None` when nothing is assigned, or it was assigned before seeds were stored.
pub async fn tie_seed(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<Option<u64>, StoreError> {
    Ok(batch(s, user_id, stage_id).await?.flatten())
}

/// The learner's content batch at a stage: `None` when nothing is assigned, else the
/// weakness tie seed stored with it (`None` inside when assigned before seeds were
/// stored). One read for both questions ([`is_assigned`], [`tie_seed`]).
pub async fn batch(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<Option<Option<u64>>, StoreError> {
    let row =
        sqlx::query("SELECT tie_seed FROM content_batches WHERE user_id = $1 AND stage_id = $2")
            .bind(user_id.0)
            .bind(stage_id)
            .fetch_optional(s.conn())
            .await?;
    row.map(|r| Ok(get::<Option<i64>>(&r, "tie_seed")?.map(|v| v as u64)))
        .transpose()
}

pub async fn is_assigned(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<bool, StoreError> {
    Ok(batch(s, user_id, stage_id).await?.is_some())
}

/// The learner's assigned articles at a stage, in assignment order (one query).
pub async fn list(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<Vec<AssignmentRecord>, StoreError> {
    all(
        sqlx::query(
            "SELECT c.article_id, a.module_id, a.title, c.kind, a.markdown, c.read_at, \
             c.minitest_tries, c.minitest_passed_at, c.reason FROM content_assignments c \
             JOIN articles a ON a.id = c.article_id \
             WHERE c.user_id = $1 AND c.stage_id = $2 ORDER BY c.position",
        )
        .bind(user_id.0)
        .bind(stage_id),
        s.conn(),
        |r| {
            let kind: String = get(r, "kind")?;
            Ok(AssignmentRecord {
                article_id: get(r, "article_id")?,
                module_id: get(r, "module_id")?,
                title: get(r, "title")?,
                kind: parse_kind(&kind)?,
                markdown: get(r, "markdown")?,
                read_at: get(r, "read_at")?,
                minitest_tries: get(r, "minitest_tries")?,
                minitest_passed_at: get(r, "minitest_passed_at")?,
                reason: get(r, "reason")?,
            })
        },
    )
    .await
}

/// Marks an assigned article read (the first time counts). False when not assigned.
pub async fn mark_read(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
    article_id: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE content_assignments SET read_at = COALESCE(read_at, $1) \
             WHERE user_id = $2 AND stage_id = $3 AND article_id = $4",
        )
        .bind(now)
        .bind(user_id.0)
        .bind(stage_id)
        .bind(article_id),
        s.conn(),
    )
    .await
}

/// Counts a mini-test try; a pass is recorded once and stays (sticky).
pub async fn record_minitest(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
    article_id: i64,
    passed: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE content_assignments SET minitest_tries = minitest_tries + 1, \
             minitest_passed_at = CASE WHEN $1 = 1 THEN COALESCE(minitest_passed_at, $2) \
             ELSE minitest_passed_at END \
             WHERE user_id = $3 AND stage_id = $4 AND article_id = $5",
        )
        .bind(i64::from(passed))
        .bind(now)
        .bind(user_id.0)
        .bind(stage_id)
        .bind(article_id),
        s.conn(),
    )
    .await
}

/// One stored mini-test try.
#[derive(Debug, Clone)]
pub struct MinitestAttemptRecord {
    pub id: i64,
    pub article_id: i64,
    pub stage_id: i64,
    /// JSON `[{question_id, option_id, is_correct}]`, as submitted and graded.
    pub answers: String,
    pub correct: i64,
    pub total: i64,
    pub passed: bool,
    pub submitted_at: Timestamp,
}

/// A try to store: who, which assigned article, the graded answers.
pub struct NewMinitestAttempt<'a> {
    pub user_id: UserId,
    pub stage_id: i64,
    pub article_id: i64,
    pub answers: &'a str,
    pub correct: i64,
    pub total: i64,
    pub passed: bool,
}

/// Stores a mini-test try (the assignment must exist: composite foreign key).
pub async fn insert_minitest_attempt(
    s: &mut dyn Session,
    a: &NewMinitestAttempt<'_>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO minitest_attempts \
             (user_id, stage_id, article_id, answers, correct, total, passed, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(a.user_id.0)
        .bind(a.stage_id)
        .bind(a.article_id)
        .bind(a.answers)
        .bind(a.correct)
        .bind(a.total)
        .bind(a.passed)
        .bind(now),
        s.conn(),
    )
    .await
}

/// The learner's tries at an article's mini-test, oldest first (one query).
pub async fn minitest_attempts(
    s: &mut dyn Session,
    user_id: UserId,
    article_id: i64,
) -> Result<Vec<MinitestAttemptRecord>, StoreError> {
    all(
        sqlx::query(
            "SELECT id, article_id, stage_id, answers, correct, total, passed, submitted_at \
             FROM minitest_attempts WHERE user_id = $1 AND article_id = $2 ORDER BY id",
        )
        .bind(user_id.0)
        .bind(article_id),
        s.conn(),
        |r| {
            Ok(MinitestAttemptRecord {
                id: get(r, "id")?,
                article_id: get(r, "article_id")?,
                stage_id: get(r, "stage_id")?,
                answers: get(r, "answers")?,
                correct: get(r, "correct")?,
                total: get(r, "total")?,
                passed: flag(r, "passed")?,
                submitted_at: get(r, "submitted_at")?,
            })
        },
    )
    .await
}
