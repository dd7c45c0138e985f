//! The question bank: questions with their options, as the engine, grading and admins
//! need them.

use practicum_domain::Timestamp;

use super::{delete_in_track, id_list, set_active_in_track};
use crate::query::{all, changed, count, new_id, run, AnyQuery};
use crate::{
    row::{flag, get},
    Backend, Session, StoreError,
};

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
    let id: i64 = new_id(
        sqlx::query(
            "INSERT INTO questions (module_id, stage_id, text, difficulty, is_active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(q.module_id)
        .bind(q.stage_id)
        .bind(q.text)
        .bind(i64::from(q.difficulty))
        .bind(true)
        .bind(now),
        s.conn(),
    )
    .await?;
    for (position, &(text, correct)) in q.options.iter().enumerate() {
        run(option_insert(id, position, text, correct), s.conn()).await?;
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
    set_active_in_track(s.conn(), "questions", track_id, question_id, active).await
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
    all(sqlx::query(&sql).bind(true), s.conn(), bank_row).await
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

/// Loads the questions `ids` with their options in one query (the options joined, in
/// their order), in the order of `ids`.
pub async fn questions_with_options(
    s: &mut dyn Session,
    ids: &[i64],
) -> Result<Vec<QuestionWithOptions>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(&format!(
        "SELECT q.id, q.module_id, q.text, o.id AS option_id, o.text AS option_text, \
         o.is_correct FROM questions q LEFT JOIN question_options o ON o.question_id = q.id \
         WHERE q.id IN ({}) ORDER BY q.id, o.position, o.id",
        id_list(ids)
    ))
    .fetch_all(s.conn())
    .await?;
    let mut questions: Vec<QuestionWithOptions> = Vec::new();
    for r in &rows {
        let id: i64 = get(r, "id")?;
        if questions.last().is_none_or(|q| q.id != id) {
            questions.push(QuestionWithOptions {
                id,
                module_id: get(r, "module_id")?,
                text: get(r, "text")?,
                options: Vec::new(),
            });
        }
        let option_id: Option<i64> = get(r, "option_id")?;
        if let (Some(option_id), Some(q)) = (option_id, questions.last_mut()) {
            q.options.push(OptionRow {
                id: option_id,
                text: get(r, "option_text")?,
                is_correct: flag(r, "is_correct")?,
            });
        }
    }
    questions.sort_by_key(|q| ids.iter().position(|i| *i == q.id));
    Ok(questions)
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
    module_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<QuestionAdminRow>, i64), StoreError> {
    let filter = "q.module_id IN (SELECT id FROM track_modules WHERE track_id = $1) \
                  AND ($2 IS NULL OR q.stage_id = $2) AND ($3 IS NULL OR q.module_id = $3)";
    let total: i64 = count(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM questions q WHERE {filter}"
        ))
        .bind(track_id)
        .bind(stage_id)
        .bind(module_id),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "SELECT q.id, q.module_id, q.stage_id, q.difficulty, q.is_active FROM questions q \
         WHERE {filter} ORDER BY q.id LIMIT $4 OFFSET $5"
    );
    let rows = all(
        sqlx::query(&sql)
            .bind(track_id)
            .bind(stage_id)
            .bind(module_id)
            .bind(limit)
            .bind(offset),
        s.conn(),
        |r| {
            let q = bank_row(r)?;
            Ok(QuestionAdminRow {
                id: q.id,
                module_id: q.module_id,
                stage_id: q.stage_id,
                difficulty: q.difficulty,
                is_active: flag(r, "is_active")?,
            })
        },
    )
    .await?;
    Ok((rows, total))
}

/// The draw key of `questions.id` in SQL: the same polynomial as
/// `practicum_domain::adaptive::draw_key` and, token for token, the expression of the
/// index `questions_draw_window_idx` (migration 0027), so both backends serve the window
/// queries from that index.
const DRAW_KEY_SQL: &str = "(((id % 2147483647) * (id % 2147483647) % 2147483647 \
     + (id % 2147483647) * 1327217885 % 2147483647) % 2147483647)";

/// How many active questions each of `module_ids` has over `stage_ids`, counting at most
/// `cap` per stage (the exam draw needs no more than its per-module maximum), as
/// `(module_id, count)` in the order of `module_ids`, each count at most `cap`.
///
/// One statement: a `UNION ALL` of one capped count per (stage, module), each reading at
/// most `cap` entries of `questions_stage_module_idx` (in its order: `ORDER BY id`, so
/// no planner takes a table scan that a short module would read to the end). Only the
/// number of (stage, module) pairs shapes the text; the values are parameters, so a
/// track's starts share one prepared statement (and, on PostgreSQL, its plan).
pub async fn active_counts_capped(
    s: &mut dyn Session,
    stage_ids: &[i64],
    module_ids: &[i64],
    cap: u32,
) -> Result<Vec<(i64, u32)>, StoreError> {
    if stage_ids.is_empty() || module_ids.is_empty() {
        return Ok(module_ids.iter().map(|&m| (m, 0)).collect());
    }
    let mut parts = Vec::with_capacity(stage_ids.len() * module_ids.len());
    let mut values = Vec::with_capacity(3 * parts.capacity());
    for &module_id in module_ids {
        for &stage_id in stage_ids {
            let p = 2 + values.len();
            parts.push(format!(
                "SELECT ${m} AS module_id, COUNT(*) AS n FROM (SELECT id FROM questions \
                 WHERE stage_id = ${st} AND module_id = ${m} AND is_active = $1 \
                 ORDER BY id LIMIT ${cap}) capped",
                st = p,
                m = p + 1,
                cap = p + 2,
            ));
            values.extend([stage_id, module_id, i64::from(cap)]);
        }
    }
    let sql = parts.join(" UNION ALL ");
    let mut q = sqlx::query(&sql).bind(true);
    for v in values {
        q = q.bind(v);
    }
    let rows = q.fetch_all(s.conn()).await?;
    let mut out: Vec<(i64, u32)> = module_ids.iter().map(|&m| (m, 0)).collect();
    for r in &rows {
        let module_id: i64 = get(r, "module_id")?;
        let n: i64 = get(r, "n")?;
        if let Some(slot) = out.iter_mut().find(|(m, _)| *m == module_id) {
            slot.1 = slot.1.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
    for slot in &mut out {
        slot.1 = slot.1.min(cap);
    }
    Ok(out)
}

/// One module's window for [`window_candidates`]: its first `limit` active questions in
/// window order from `start` that the learner was never asked.
#[derive(Debug, Clone)]
pub struct Window {
    pub module_id: i64,
    pub start: i64,
    pub limit: u32,
}

/// Whether the question of the enclosing row (`questions.id`) was asked in an attempt of
/// the user bound as `$2`: a probe of `attempt_questions_question_idx` (the attempts that
/// asked this question), each attempt by primary key. The `OFFSET` keeps it a per-row
/// probe on PostgreSQL (a sublink with an offset is not turned into an anti-join, which
/// may hash the learner's whole history first); SQLite runs a correlated `EXISTS` per
/// row anyway, and wants a `LIMIT` before an `OFFSET`.
const SEEN_BY_USER_SQL: &str = "EXISTS (SELECT 1 FROM attempt_questions aq \
     JOIN attempts a ON a.id = aq.attempt_id \
     WHERE aq.question_id = questions.id AND a.user_id = $2 LIMIT 1 OFFSET 0)";

/// For every window, the first `limit` active questions of its module in each of
/// `stage_ids`, in window order from `start` (draw keys from `start` up, then from the
/// smallest), leaving out the questions `user_id` was asked in any attempt (what
/// [`seen_active`] returns): per window, the stages in order, each stage's candidates in
/// window order. The caller merges the stages and keeps the first `limit` overall; a
/// window with fewer than `limit` candidates in all is short of unseen questions (the
/// caller then falls back on [`seen_active`]).
///
/// One statement: a `UNION ALL` of two index range scans of `questions_draw_window_idx`
/// per (window, stage), each leaving out the seen questions as it goes (one index probe
/// per row read, [`SEEN_BY_USER_SQL`]) and stopping at `LIMIT limit`; the second range's
/// rows beyond the first `limit` of the pair are dropped here (as a second query would
/// not have read them). A start reads about `limit` entries per range plus the seen ones
/// that lie among them, whatever the size of the learner's history. Only the number of
/// parts shapes the text; stage, module, window start and limit are parameters, so a
/// track's starts share one prepared statement. On PostgreSQL the parts are a `VALUES`
/// list read by one `LATERAL` range scan instead ([`window_lateral`]: the `UNION ALL` was
/// planned again on every run, which took far longer than running it).
pub async fn window_candidates(
    s: &mut dyn Session,
    stage_ids: &[i64],
    user_id: i64,
    windows: &[Window],
) -> Result<Vec<Vec<BankRow>>, StoreError> {
    // Part p = (window, stage, range) in order; each row carries its part and draw key.
    let (sql, values, count) = match s.backend() {
        Backend::Sqlite => window_union(stage_ids, windows),
        Backend::Postgres => window_lateral(stage_ids, windows),
    };
    let mut by_part: Vec<Vec<(i64, BankRow)>> = vec![Vec::new(); count];
    if count > 0 {
        let mut q = sqlx::query(&sql).bind(true).bind(user_id);
        for v in values {
            q = q.bind(v);
        }
        for r in &q.fetch_all(s.conn()).await? {
            let part: i64 = get(r, "part")?;
            let key: i64 = get(r, "draw_key")?;
            if let Some(list) = usize::try_from(part).ok().and_then(|p| by_part.get_mut(p)) {
                list.push((key, bank_row(r)?));
            }
        }
    }
    // Each range in window order (a UNION ALL keeps no order).
    for range in &mut by_part {
        range.sort_by_key(|(key, r)| (*key, r.id));
    }
    let mut parts = by_part.into_iter();
    let mut out = Vec::with_capacity(windows.len());
    for w in windows {
        let mut rows = Vec::new();
        if w.limit > 0 {
            for _ in stage_ids {
                // The two ranges of one stage: in window order, the first `limit`.
                let mut pair = Vec::new();
                for _ in 0..2 {
                    let range = parts.next().unwrap_or_default();
                    pair.extend(range.into_iter().map(|(_, r)| r));
                }
                pair.truncate(w.limit as usize);
                rows.extend(pair);
            }
        }
        out.push(rows);
    }
    Ok(out)
}

/// SQLite's form of the window statement: a `UNION ALL` of one `LIMIT`ed index range
/// scan per part (parameters from `$3`, four a part). The text depends only on the number
/// of parts, and SQLite prepares it once per connection.
fn window_union(stage_ids: &[i64], windows: &[Window]) -> (String, Vec<i64>, usize) {
    let mut parts = Vec::new();
    let mut values: Vec<i64> = Vec::new();
    for w in windows.iter().filter(|w| w.limit > 0) {
        for &stage_id in stage_ids {
            for range in [">=", "<"] {
                let part = parts.len();
                let p = 3 + values.len();
                parts.push(format!(
                    "SELECT * FROM (SELECT id, module_id, stage_id, difficulty, \
                     {part} AS part, {DRAW_KEY_SQL} AS draw_key FROM questions \
                     WHERE stage_id = ${st} AND module_id = ${m} AND is_active = $1 \
                     AND {DRAW_KEY_SQL} {range} ${start} AND NOT {SEEN_BY_USER_SQL} \
                     ORDER BY {DRAW_KEY_SQL}, id LIMIT ${limit}) w{part}",
                    st = p,
                    m = p + 1,
                    start = p + 2,
                    limit = p + 3,
                ));
                values.extend([stage_id, w.module_id, w.start, i64::from(w.limit)]);
            }
        }
    }
    let count = parts.len();
    (parts.join(" UNION ALL "), values, count)
}

/// PostgreSQL's form: the parts as a `VALUES` list, each read by the same `LATERAL`
/// index range scan. PostgreSQL plans a `UNION ALL` of 20 parts again on every run
/// (its generic plan came out slower, so it keeps custom plans: 3–4 ms of planning a
/// start against 0.5–0.8 ms of execution); the lateral form is one small plan, the
/// same whatever the parameters (0.4 ms planned and run).
fn window_lateral(stage_ids: &[i64], windows: &[Window]) -> (String, Vec<i64>, usize) {
    // The same parts in the same order as the `UNION ALL`: per window with a limit and
    // per stage, the keys from the window's start up, then those below it, as
    // (stage, module, lowest key, key bound, limit).
    let mut parts: Vec<[i64; 5]> = Vec::new();
    for w in windows.iter().filter(|w| w.limit > 0) {
        for &stage_id in stage_ids {
            let limit = i64::from(w.limit);
            parts.push([stage_id, w.module_id, w.start, i64::MAX, limit]);
            parts.push([stage_id, w.module_id, i64::MIN, w.start, limit]);
        }
    }
    let rows = (0..parts.len())
        .map(|part| {
            let p = 3 + 5 * part;
            format!(
                "(CAST(${} AS BIGINT), CAST(${} AS BIGINT), CAST(${} AS BIGINT), \
                 CAST(${} AS BIGINT), CAST(${} AS BIGINT), {part})",
                p,
                p + 1,
                p + 2,
                p + 3,
                p + 4
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT w.* FROM (VALUES {rows}) AS p (stage_id, module_id, lo, hi, lim, part) \
         CROSS JOIN LATERAL (SELECT id, module_id, stage_id, difficulty, p.part AS part, \
           {DRAW_KEY_SQL} AS draw_key FROM questions \
           WHERE stage_id = p.stage_id AND module_id = p.module_id AND is_active = $1 \
           AND {DRAW_KEY_SQL} >= p.lo AND {DRAW_KEY_SQL} < p.hi \
           AND NOT {SEEN_BY_USER_SQL} \
           ORDER BY {DRAW_KEY_SQL}, id LIMIT p.lim) w"
    );
    let count = parts.len();
    (sql, parts.into_iter().flatten().collect(), count)
}

/// The questions among `ids` that are active in `stage_ids` (e.g. the seen ones an exam
/// may fall back on). Looked up by primary key only and filtered here: with a stage
/// filter in SQL, planners may scan the stage's whole bank instead.
pub async fn active_among(
    s: &mut dyn Session,
    stage_ids: &[i64],
    ids: &[i64],
) -> Result<Vec<BankRow>, StoreError> {
    if stage_ids.is_empty() || ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, module_id, stage_id, difficulty, is_active FROM questions \
         WHERE id IN ({}) ORDER BY id",
        id_list(ids)
    );
    active_in(&sqlx::query(&sql).fetch_all(s.conn()).await?, stage_ids)
}

/// The rows (`id, module_id, stage_id, difficulty, is_active`) active in `stage_ids`.
fn active_in(rows: &[sqlx::any::AnyRow], stage_ids: &[i64]) -> Result<Vec<BankRow>, StoreError> {
    let mut out = Vec::new();
    for r in rows {
        let row = bank_row(r)?;
        if flag(r, "is_active")? && stage_ids.contains(&row.stage_id) {
            out.push(row);
        }
    }
    Ok(out)
}

/// The questions `user_id` was asked in any attempt that are active in `stage_ids`, by
/// id: [`active_among`] of `attempts::seen_questions` in one statement. The seen ids
/// drive the read (the learner's attempts, their questions, then each question by
/// primary key); the stage and activity are filtered here, as in [`active_among`].
pub async fn seen_active(
    s: &mut dyn Session,
    stage_ids: &[i64],
    user_id: i64,
) -> Result<Vec<BankRow>, StoreError> {
    if stage_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT id, module_id, stage_id, difficulty, is_active FROM questions WHERE id IN \
         (SELECT aq.question_id FROM attempt_questions aq \
         JOIN attempts a ON a.id = aq.attempt_id WHERE a.user_id = $1) ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(s.conn())
    .await?;
    active_in(&rows, stage_ids)
}

/// Reads a [`BankRow`] (`id, module_id, stage_id, difficulty`).
pub(crate) fn bank_row(r: &sqlx::any::AnyRow) -> Result<BankRow, StoreError> {
    let d: i64 = get(r, "difficulty")?;
    Ok(BankRow {
        id: get(r, "id")?,
        module_id: get(r, "module_id")?,
        stage_id: get(r, "stage_id")?,
        difficulty: u8::try_from(d).unwrap_or(3),
    })
}

/// The filter that keeps a question id inside `track_id` (bound as `$2`).
const IN_TRACK: &str = "module_id IN (SELECT id FROM track_modules WHERE track_id = $2)";

/// Changes a question's own fields (each when given). False when `track_id` has no such
/// question.
pub async fn update_question(
    s: &mut dyn Session,
    track_id: i64,
    question_id: i64,
    text: Option<&str>,
    difficulty: Option<u8>,
    is_active: Option<bool>,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(&format!(
            "UPDATE questions SET text = COALESCE($3, text), \
             difficulty = COALESCE($4, difficulty), is_active = COALESCE($5, is_active) \
             WHERE id = $1 AND {IN_TRACK}"
        ))
        .bind(question_id)
        .bind(track_id)
        .bind(text)
        .bind(difficulty.map(i64::from))
        .bind(is_active),
        s.conn(),
    )
    .await
}

/// Replaces a question's options. Options a learner has chosen in an attempt are kept
/// by their foreign key (`attempt_answers_option_fkey`): the delete then fails with
/// [`StoreError::ForeignKey`].
pub async fn replace_options(
    s: &mut dyn Session,
    question_id: i64,
    options: &[(&str, bool)],
) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM question_options WHERE question_id = $1").bind(question_id),
        s.conn(),
    )
    .await?;
    for (position, &(text, correct)) in options.iter().enumerate() {
        run(
            option_insert(question_id, position, text, correct),
            s.conn(),
        )
        .await?;
    }
    Ok(())
}

/// The `INSERT` of a question's option at `position` (from 0).
fn option_insert(question_id: i64, position: usize, text: &str, correct: bool) -> AnyQuery<'_> {
    sqlx::query(
        "INSERT INTO question_options (question_id, text, position, is_correct) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(question_id)
    .bind(text)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(correct)
}

/// Deletes a question of `track_id` with its options. A question asked in an attempt is
/// kept by `attempt_questions`' foreign key ([`StoreError::ForeignKey`]). False when no
/// such question.
pub async fn delete_question(
    s: &mut dyn Session,
    track_id: i64,
    question_id: i64,
) -> Result<bool, StoreError> {
    delete_in_track(s.conn(), "questions", track_id, question_id).await
}
