//! Attempts (diagnostic, level exam, rank final), their questions and answers.

use practicum_domain::{adaptive::ModuleResult, identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{all, changed, optional, run, value_rows};
use crate::{
    row::{flag, get},
    Session, StoreError,
};

/// What an attempt is for. Stored as `level`, `rank_final`, `diagnostic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    Diagnostic,
    Level,
    RankFinal,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptKind::Diagnostic => "diagnostic",
            AttemptKind::Level => "level",
            AttemptKind::RankFinal => "rank_final",
        }
    }

    fn parse(raw: &str) -> Result<Self, StoreError> {
        match raw {
            "diagnostic" => Ok(AttemptKind::Diagnostic),
            "level" => Ok(AttemptKind::Level),
            "rank_final" => Ok(AttemptKind::RankFinal),
            other => Err(StoreError::Corrupt(format!("attempt kind {other}"))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub id: i64,
    pub user_id: UserId,
    pub stage_id: i64,
    pub kind: AttemptKind,
    pub attempt_no: i64,
    pub seed: i64,
    pub settings_version_id: i64,
    pub submitted: bool,
    pub questions_total: i64,
    pub correct: Option<i64>,
    pub pct: Option<i64>,
    pub passed: bool,
    pub module_stats: Option<Vec<ModuleResult>>,
    pub started_at: Timestamp,
    pub submitted_at: Option<Timestamp>,
    /// Why the draw gave each module its share (JSON written by the exam start); `None`
    /// for the diagnostic and attempts from before reasons were stored.
    pub draw_reasons: Option<String>,
}

const COLUMNS: &str = "id, user_id, stage_id, kind, attempt_no, seed, settings_version_id, \
     status, questions_total, correct, pct, passed, module_stats, started_at, submitted_at, \
     draw_reasons";

fn from_row(r: &AnyRow) -> Result<AttemptRecord, StoreError> {
    let kind: String = get(r, "kind")?;
    let status: String = get(r, "status")?;
    let stats: Option<String> = get(r, "module_stats")?;
    Ok(AttemptRecord {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        stage_id: get(r, "stage_id")?,
        kind: AttemptKind::parse(&kind)?,
        attempt_no: get(r, "attempt_no")?,
        seed: get(r, "seed")?,
        settings_version_id: get(r, "settings_version_id")?,
        submitted: status == "submitted",
        questions_total: get(r, "questions_total")?,
        correct: get(r, "correct")?,
        pct: get(r, "pct")?,
        passed: flag(r, "passed")?,
        module_stats: stats
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("module stats: {e}")))?,
        started_at: get(r, "started_at")?,
        submitted_at: get(r, "submitted_at")?,
        draw_reasons: get(r, "draw_reasons")?,
    })
}

pub struct NewAttempt {
    pub user_id: UserId,
    pub stage_id: i64,
    pub kind: AttemptKind,
    pub seed: i64,
    pub settings_version_id: i64,
    /// (question id, module id) in the attempt's order.
    pub questions: Vec<(i64, i64)>,
    /// Why the draw gave each module its share (JSON), for exams.
    pub draw_reasons: Option<String>,
}

/// Inserts an attempt numbered after the learner's last one of this kind at this stage,
/// with its questions. Races collide on `attempts_no_key` or `attempts_one_open_key`.
/// Two statements: the attempt (its number read in the same `INSERT`), then its
/// questions in one multi-row `INSERT` (integers only, written as literals).
pub async fn insert(
    s: &mut dyn Session,
    a: &NewAttempt,
    now: Timestamp,
) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "INSERT INTO attempts (user_id, stage_id, kind, attempt_no, seed, settings_version_id, \
         status, questions_total, passed, started_at, draw_reasons) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(attempt_no), 0) + 1 FROM attempts \
         WHERE user_id = $1 AND stage_id = $2 AND kind = $3), $4, $5, 'started', $6, $7, $8, $9) \
         RETURNING id, attempt_no",
    )
    .bind(a.user_id.0)
    .bind(a.stage_id)
    .bind(a.kind.as_str())
    .bind(a.seed)
    .bind(a.settings_version_id)
    .bind(i64::try_from(a.questions.len()).unwrap_or(i64::MAX))
    .bind(false)
    .bind(now)
    .bind(a.draw_reasons.as_deref())
    .fetch_one(s.conn())
    .await?;
    let id: i64 = get(&row, "id")?;
    let attempt_no: i64 = get(&row, "attempt_no")?;
    if !a.questions.is_empty() {
        let values = a
            .questions
            .iter()
            .enumerate()
            .map(|(position, (question_id, module_id))| {
                format!("({id}, {question_id}, {module_id}, {position})")
            })
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(&format!(
            "INSERT INTO attempt_questions (attempt_id, question_id, module_id, position) \
             VALUES {values}"
        ))
        .execute(s.conn())
        .await?;
    }
    Ok((id, attempt_no))
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<AttemptRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM attempts WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(s.conn())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The learner's attempts of `kind` at a stage, oldest first.
pub async fn for_stage(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
    kind: AttemptKind,
) -> Result<Vec<AttemptRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM attempts WHERE user_id = $1 AND stage_id = $2 AND kind = $3 \
         ORDER BY attempt_no"
    );
    all(
        sqlx::query(&sql)
            .bind(user_id.0)
            .bind(stage_id)
            .bind(kind.as_str()),
        s.conn(),
        from_row,
    )
    .await
}

/// Where the learner stands with an exam kind at a stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExamSummary {
    /// One of the attempts passed.
    pub passed: bool,
    /// The attempt not submitted yet (`attempts_one_open_key`: at most one).
    pub open_attempt: Option<i64>,
}

/// The learner's diagnostic, as the path reads it.
#[derive(Debug, Clone)]
pub struct DiagnosticSummary {
    pub submitted: bool,
    pub module_stats: Option<Vec<ModuleResult>>,
}

/// What the path's decisions read of the learner's attempts.
#[derive(Debug, Clone, Default)]
pub struct PathAttempts {
    /// `None` when no diagnostic was started.
    pub diagnostic: Option<DiagnosticSummary>,
    pub level: ExamSummary,
    pub rank_final: ExamSummary,
}

/// The learner's diagnostic and, per exam kind at `stage_id`, whether an attempt passed
/// and the open one, in one statement (the diagnostic by its key, the exams aggregated
/// over `attempts_no_key`'s prefix; never the attempts' rows one by one).
pub async fn path_attempts(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<PathAttempts, StoreError> {
    let rows = sqlx::query(
        "SELECT 'diagnostic' AS kind, \
         CAST(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END AS BIGINT) AS passed, \
         NULL AS open_id, module_stats FROM attempts \
         WHERE id = (SELECT attempt_id FROM diagnostics WHERE user_id = $1) \
         UNION ALL \
         SELECT kind, CAST(MAX(CASE WHEN passed = $3 THEN 1 ELSE 0 END) AS BIGINT), \
         MIN(CASE WHEN status = 'started' THEN id END), NULL FROM attempts \
         WHERE user_id = $1 AND stage_id = $2 AND kind IN ('level', 'rank_final') \
         GROUP BY kind",
    )
    .bind(user_id.0)
    .bind(stage_id)
    .bind(true)
    .fetch_all(s.conn())
    .await?;
    let mut out = PathAttempts::default();
    for r in &rows {
        let kind: String = get(r, "kind")?;
        let flag = get::<i64>(r, "passed")? != 0;
        if kind == "diagnostic" {
            let stats: Option<String> = get(r, "module_stats")?;
            out.diagnostic = Some(DiagnosticSummary {
                submitted: flag,
                module_stats: stats
                    .map(|s| serde_json::from_str(&s))
                    .transpose()
                    .map_err(|e| StoreError::Corrupt(format!("module stats: {e}")))?,
            });
            continue;
        }
        let summary = ExamSummary {
            passed: flag,
            open_attempt: get(r, "open_id")?,
        };
        match AttemptKind::parse(&kind)? {
            AttemptKind::Level => out.level = summary,
            AttemptKind::RankFinal => out.rank_final = summary,
            AttemptKind::Diagnostic => {}
        }
    }
    Ok(out)
}

/// The learner's latest passed exam (level or rank final) at a stage.
pub async fn last_passed_exam(
    s: &mut dyn Session,
    user_id: UserId,
    stage_id: i64,
) -> Result<Option<AttemptRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM attempts WHERE user_id = $1 AND stage_id = $2 \
         AND kind IN ('level', 'rank_final') AND passed = $3 \
         ORDER BY submitted_at DESC, id DESC LIMIT 1"
    );
    optional(
        sqlx::query(&sql).bind(user_id.0).bind(stage_id).bind(true),
        s.conn(),
        from_row,
    )
    .await
}

/// (question id, module id) of an attempt in order.
pub async fn questions(
    s: &mut dyn Session,
    attempt_id: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    all(
        sqlx::query(
            "SELECT question_id, module_id FROM attempt_questions WHERE attempt_id = $1 \
             ORDER BY position",
        )
        .bind(attempt_id),
        s.conn(),
        |r| Ok((get(r, "question_id")?, get(r, "module_id")?)),
    )
    .await
}

/// Every question the learner has been asked in any attempt.
pub async fn seen_questions(s: &mut dyn Session, user_id: UserId) -> Result<Vec<i64>, StoreError> {
    all(
        sqlx::query(
            "SELECT DISTINCT aq.question_id FROM attempt_questions aq \
             JOIN attempts a ON a.id = aq.attempt_id WHERE a.user_id = $1",
        )
        .bind(user_id.0),
        s.conn(),
        |r| get(r, "question_id"),
    )
    .await
}

/// The grade of a submission.
pub struct Graded<'a> {
    pub correct: i64,
    pub pct: i64,
    pub passed: bool,
    pub module_stats: &'a [ModuleResult],
    /// (question id, option id, correct).
    pub answers: Vec<(i64, i64, bool)>,
}

/// Records a submission. Claims the attempt first (`status = 'started'`), so of two
/// racing submissions exactly one returns true; the loser writes nothing. A second pass
/// at the stage breaks `attempts_one_pass_key`.
pub async fn submit(
    s: &mut dyn Session,
    attempt_id: i64,
    g: &Graded<'_>,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let stats = serde_json::to_string(g.module_stats)
        .map_err(|e| StoreError::Corrupt(format!("module stats: {e}")))?;
    let r = sqlx::query(
        "UPDATE attempts SET status = 'submitted', correct = $1, pct = $2, passed = $3, \
         module_stats = $4, submitted_at = $5 WHERE id = $6 AND status = 'started'",
    )
    .bind(g.correct)
    .bind(g.pct)
    .bind(g.passed)
    .bind(stats)
    .bind(now)
    .bind(attempt_id)
    .execute(s.conn())
    .await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    if !g.answers.is_empty() {
        // One multi-row INSERT (an exam's answers are a few dozen rows).
        let sql = format!(
            "INSERT INTO attempt_answers (attempt_id, question_id, option_id, is_correct) \
             VALUES {}",
            value_rows(g.answers.len(), 4)
        );
        let mut q = sqlx::query(&sql);
        for (question_id, option_id, correct) in &g.answers {
            q = q
                .bind(attempt_id)
                .bind(*question_id)
                .bind(*option_id)
                .bind(*correct);
        }
        run(q, s.conn()).await?;
    }
    Ok(true)
}

/// The learner's diagnostic attempt, if one was started.
pub async fn diagnostic_of(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Option<AttemptRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM attempts WHERE id = \
         (SELECT attempt_id FROM diagnostics WHERE user_id = $1)"
    );
    optional(sqlx::query(&sql).bind(user_id.0), s.conn(), from_row).await
}

/// Records that the learner's one diagnostic is `attempt_id`; a second one is
/// `diagnostics_user_key`.
pub async fn insert_diagnostic(
    s: &mut dyn Session,
    user_id: UserId,
    attempt_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO diagnostics (user_id, attempt_id, started_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id.0)
        .bind(attempt_id)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Rows counted for tests and admin views: attempts of a learner of one kind.
pub async fn count(
    s: &mut dyn Session,
    user_id: UserId,
    kind: AttemptKind,
) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM attempts WHERE user_id = $1 AND kind = $2")
        .bind(user_id.0)
        .bind(kind.as_str())
        .fetch_one(s.conn())
        .await?;
    get(&row, "n")
}

/// Adds a question to an open attempt (the adaptive diagnostic asks one at a time) at
/// the next position, and counts it in `questions_total`. A question already in the
/// attempt breaks the primary key.
pub async fn append_question(
    s: &mut dyn Session,
    attempt_id: i64,
    question_id: i64,
    module_id: i64,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO attempt_questions (attempt_id, question_id, module_id, position) \
             SELECT $1, $2, $3, COUNT(*) FROM attempt_questions WHERE attempt_id = $4",
        )
        .bind(attempt_id)
        .bind(question_id)
        .bind(module_id)
        .bind(attempt_id),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query(
            "UPDATE attempts SET questions_total = (SELECT COUNT(*) FROM attempt_questions \
             WHERE attempt_id = $1) WHERE id = $2",
        )
        .bind(attempt_id)
        .bind(attempt_id),
        s.conn(),
    )
    .await
}

/// Records one answer of an open attempt. Two racing answers to the same question
/// break the primary key `(attempt_id, question_id)`.
pub async fn insert_answer(
    s: &mut dyn Session,
    attempt_id: i64,
    question_id: i64,
    option_id: i64,
    correct: bool,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO attempt_answers (attempt_id, question_id, option_id, is_correct) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(attempt_id)
        .bind(question_id)
        .bind(option_id)
        .bind(correct),
        s.conn(),
    )
    .await
}

/// Questions of the attempt not answered yet, in order.
pub async fn unanswered(
    s: &mut dyn Session,
    attempt_id: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let query = sqlx::query(
        "SELECT q.question_id, q.module_id FROM attempt_questions q \
         LEFT JOIN attempt_answers a ON a.attempt_id = q.attempt_id AND a.question_id = q.question_id \
         WHERE q.attempt_id = $1 AND a.question_id IS NULL ORDER BY q.position",
    )
    .bind(attempt_id);
    all(query, s.conn(), |r| {
        Ok((get(r, "question_id")?, get(r, "module_id")?))
    })
    .await
}

/// Closes an attempt whose answers were recorded one by one (the adaptive diagnostic):
/// status, score and per-module stats. False when it was not open.
pub async fn close_answered(
    s: &mut dyn Session,
    attempt_id: i64,
    correct: i64,
    pct: i64,
    module_stats: &[ModuleResult],
    now: Timestamp,
) -> Result<bool, StoreError> {
    let stats = serde_json::to_string(module_stats)
        .map_err(|e| StoreError::Corrupt(format!("module stats: {e}")))?;
    changed(
        sqlx::query(
            "UPDATE attempts SET status = 'submitted', correct = $1, pct = $2, module_stats = $3, \
             submitted_at = $4 WHERE id = $5 AND status = 'started'",
        )
        .bind(correct)
        .bind(pct)
        .bind(stats)
        .bind(now)
        .bind(attempt_id),
        s.conn(),
    )
    .await
}
