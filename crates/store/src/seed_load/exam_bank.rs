//! The level exam's part of `practicum seed-load --questions N`: a large active bank at
//! the `trainee_0` stage of an installed track, and generated learners placed on that
//! track in the state the level exam start requires (stage active with the settings
//! pinned, the diagnostic taken and graded, the content assigned).
//!
//! The track itself (its stages, modules and first settings version) is installed by the
//! application beforehand, so only bulk rows are written here, in the manner of the rest
//! of `seed_load`: explicit ids after each table's maximum and multi-row `INSERT`s of
//! literals built from numbers.

use practicum_domain::{
    adaptive::{ModuleId, ModuleResult, ModuleStats, StageKey},
    Timestamp,
};

use super::{fix_sequences, insert_rows, lit, max_id};
use crate::{
    adaptive::{catalog, settings},
    Db, Session, StoreError,
};

/// Options per generated question.
const OPTIONS: usize = 3;

/// The correct option's position of question `n`: never the first, so that a client that
/// always answers the first option fails every attempt (the load script's retakes).
fn correct_position(n: usize) -> usize {
    1 + n % (OPTIONS - 1)
}

/// What to generate on the installed track `track_slug`.
#[derive(Debug, Clone)]
pub struct ExamBankPlan {
    pub track_slug: String,
    /// Active questions at `trainee_0`, spread round-robin over the track's modules, with
    /// difficulties 1..5 in turn.
    pub questions: usize,
    /// The learners (user ids) to place on the track, ready to start its level exam.
    pub learners: Vec<i64>,
    pub now: Timestamp,
}

/// What was made.
#[derive(Debug, Clone, Default)]
pub struct ExamBankReport {
    pub modules: usize,
    pub questions: usize,
    pub options: usize,
    /// Learners placed with a graded diagnostic and their content assigned.
    pub learners: usize,
}

/// A 64-bit mix (splitmix64's finaliser): deterministic "random" values from numbers.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Writes the bank and the learners' state in one transaction.
///
/// Each learner gets: an `active` `trainee_0` stage pinning the track's current settings;
/// a submitted diagnostic of `diagnostic_questions_per_module` questions from every
/// module, its answers (about two in three correct) and per-module stats, as
/// `submit_diagnostic` stores them; an assigned content batch with its tie seed (the
/// track has no articles, so nothing is left to read and the level exam is open). The
/// learner model's per-answer rows are not generated: they matter only under the
/// `mastery` weakness rule, and the track keeps the default `errors` rule.
pub async fn load(db: &Db, plan: &ExamBankPlan) -> Result<ExamBankReport, StoreError> {
    let now = plan.now;
    let mut tx = db.write().await?;
    let s: &mut dyn Session = &mut tx;
    let corrupt = |what: &str| StoreError::Corrupt(format!("seed-load exam bank: {what}"));
    let track = catalog::find_track_by_slug(s, &plan.track_slug)
        .await?
        .ok_or_else(|| corrupt("the track is not installed"))?;
    let stage = catalog::stages(s, track.id)
        .await?
        .into_iter()
        .find(|st| st.key == StageKey::TRAINEE_0)
        .ok_or_else(|| corrupt("the track has no trainee_0 stage"))?;
    // In the track's order (position, id).
    let modules = catalog::modules(s, track.id).await?;
    if modules.is_empty() {
        return Err(corrupt("the track has no modules"));
    }
    let version = settings::current(s, track.id)
        .await?
        .ok_or_else(|| corrupt("the track has no current settings"))?;
    let truth = s_true(s);
    let falsity = s_false(s);
    let m_count = modules.len();
    let module_ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
    let module_ids = &module_ids;
    let per_module = plan.questions / m_count;
    let diag = (version.settings.diagnostic_questions_per_module as usize).min(per_module);

    let question0 = max_id(s, "questions").await?;
    let option0 = max_id(s, "question_options").await?;
    let attempt0 = max_id(s, "attempts").await?;
    let progress0 = max_id(s, "stage_progress").await?;
    let question_id = |n: usize| question0 + 1 + n as i64;
    let option_id = |n: usize, p: usize| option0 + 1 + (n * OPTIONS + p) as i64;

    // The bank: question n belongs to module n % M.
    let questions = insert_rows(
        s,
        "questions (id, module_id, stage_id, text, difficulty, is_active, created_at)",
        (0..plan.questions).map(|n| {
            let m = &modules[n % m_count];
            format!(
                "({}, {}, {}, {}, {}, {}, {now})",
                question_id(n),
                m.id,
                stage.id,
                lit(&format!("{}: question {}", m.name, n / m_count + 1)),
                (n / m_count) % 5 + 1,
                truth,
            )
        }),
    )
    .await?;
    let options = insert_rows(
        s,
        "question_options (id, question_id, text, position, is_correct)",
        (0..plan.questions).flat_map(|n| {
            (0..OPTIONS).map(move |p| {
                format!(
                    "({}, {}, 'Option {}', {p}, {})",
                    option_id(n, p),
                    question_id(n),
                    p + 1,
                    if p == correct_position(n) {
                        truth
                    } else {
                        falsity
                    }
                )
            })
        }),
    )
    .await?;

    // The learners: stage, diagnostic (attempt, questions, answers, stats), content batch.
    insert_rows(
        s,
        "stage_progress (id, user_id, track_id, stage_id, settings_version_id, status, \
         started_at)",
        plan.learners.iter().enumerate().map(|(i, u)| {
            format!(
                "({}, {u}, {}, {}, {}, 'active', {})",
                progress0 + 1 + i as i64,
                track.id,
                stage.id,
                version.id,
                now - 7_200_000
            )
        }),
    )
    .await?;
    // Which questions learner i saw in module j, and whether each answer was right.
    let seen = |i: usize, j: usize| {
        let base = (mix(((i as u64) << 16) | j as u64) % per_module.max(1) as u64) as usize;
        (0..diag).map(move |k| {
            let n = ((base + k) % per_module) * m_count + j;
            let right = !mix(((i as u64) << 32) | ((j as u64) << 16) | k as u64).is_multiple_of(3);
            (n, right)
        })
    };
    let mut attempts_rows = Vec::with_capacity(plan.learners.len());
    for (i, u) in plan.learners.iter().enumerate() {
        let stats: Vec<ModuleResult> = modules
            .iter()
            .enumerate()
            .map(|(j, m)| ModuleResult {
                module_id: ModuleId(m.id),
                stats: ModuleStats {
                    total: diag as u32,
                    correct: seen(i, j).filter(|(_, right)| *right).count() as u32,
                },
            })
            .collect();
        let total: u32 = stats.iter().map(|r| r.stats.total).sum();
        let correct: u32 = stats.iter().map(|r| r.stats.correct).sum();
        let pct = if total == 0 {
            0
        } else {
            u64::from(correct) * 100 / u64::from(total)
        };
        let json = serde_json::to_string(&stats).map_err(|e| corrupt(&e.to_string()))?;
        attempts_rows.push(format!(
            "({}, {u}, {}, 'diagnostic', 1, {}, {}, 'submitted', {total}, {correct}, {pct}, \
             {falsity}, {}, {}, {})",
            attempt0 + 1 + i as i64,
            stage.id,
            (mix(*u as u64) >> 1) as i64,
            version.id,
            lit(&json),
            now - 7_000_000,
            now - 6_400_000
        ));
    }
    insert_rows(
        s,
        "attempts (id, user_id, stage_id, kind, attempt_no, seed, settings_version_id, status, \
         questions_total, correct, pct, passed, module_stats, started_at, submitted_at)",
        attempts_rows.into_iter(),
    )
    .await?;
    let attempt_id = |i: usize| attempt0 + 1 + i as i64;
    insert_rows(
        s,
        "diagnostics (user_id, attempt_id, started_at)",
        plan.learners
            .iter()
            .enumerate()
            .map(|(i, u)| format!("({u}, {}, {})", attempt_id(i), now - 7_000_000)),
    )
    .await?;
    let drawn =
        |i: usize| (0..m_count).flat_map(move |j| seen(i, j).map(move |(n, right)| (j, n, right)));
    insert_rows(
        s,
        "attempt_questions (attempt_id, question_id, module_id, position)",
        (0..plan.learners.len()).flat_map(|i| {
            drawn(i).enumerate().map(move |(position, (j, n, _))| {
                format!(
                    "({}, {}, {}, {position})",
                    attempt_id(i),
                    question_id(n),
                    module_ids[j]
                )
            })
        }),
    )
    .await?;
    insert_rows(
        s,
        "attempt_answers (attempt_id, question_id, option_id, is_correct)",
        (0..plan.learners.len()).flat_map(|i| {
            drawn(i).map(move |(_, n, right)| {
                let chosen = if right { correct_position(n) } else { 0 };
                format!(
                    "({}, {}, {}, {})",
                    attempt_id(i),
                    question_id(n),
                    option_id(n, chosen),
                    if right { truth } else { falsity }
                )
            })
        }),
    )
    .await?;
    insert_rows(
        s,
        "content_batches (user_id, stage_id, assigned_at, tie_seed)",
        plan.learners.iter().map(|u| {
            format!(
                "({u}, {}, {}, {})",
                stage.id,
                now - 6_000_000,
                mix(!(*u as u64)) as i64
            )
        }),
    )
    .await?;
    fix_sequences(
        s,
        &[
            "questions",
            "question_options",
            "attempts",
            "stage_progress",
        ],
    )
    .await?;
    // Fresh planner statistics for the new bank (see `seed_load::load`).
    sqlx::query("ANALYZE").execute(s.conn()).await?;
    tx.commit().await?;
    Ok(ExamBankReport {
        modules: m_count,
        questions,
        options,
        learners: plan.learners.len(),
    })
}

/// Boolean literals: PostgreSQL's columns are `BOOLEAN`, SQLite's `INTEGER` 0/1.
fn s_true(s: &dyn Session) -> &'static str {
    match s.backend() {
        crate::Backend::Postgres => "TRUE",
        crate::Backend::Sqlite => "1",
    }
}

fn s_false(s: &dyn Session) -> &'static str {
    match s.backend() {
        crate::Backend::Postgres => "FALSE",
        crate::Backend::Sqlite => "0",
    }
}
