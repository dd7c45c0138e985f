//! The exam draw in a form the database can serve without loading the bank.
//!
//! A level exam or rank final needs a handful of questions per module out of a bank
//! that may hold a hundred thousand. Loading the bank to shuffle it costs far more than
//! the draw, so the exam draw is defined on an order the database can index:
//!
//! - every question has a fixed **draw key**, a hash of its id ([`draw_key`]) that the
//!   store indexes as an expression per `(stage, module, active)`;
//! - the attempt's seed gives every module a **window start** ([`window_start`]);
//! - a module's questions are taken in **window order**: keys from the start upwards,
//!   then wrapping around to the smallest keys (ties by id) — unseen questions first,
//!   seen ones only when the unseen run out ([`pick_window`]);
//! - how many per module comes from per-module counts alone ([`exam_quotas`]); counts
//!   capped at `max_per_module` give the same distribution, so the store never counts
//!   more than that.
//!
//! The draw is still a pure function of the bank, the seen set and the seed stored on the
//! attempt: re-running [`super::level_exam_draw`] over the bank reproduces it. Which
//! questions a window takes is pseudo-random rather than a uniform sample: a question's
//! chance grows with the gap before its key, which the unseen-first rule evens out over
//! retakes.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use super::selection::{below, module_rng};
use super::{
    quotas_for, BankQuestion, DrawError, DrawPlan, DrawnQuestion, ModuleQuota, ModuleResult,
    StageModule,
};
use crate::adaptive::ids::{ModuleId, QuestionId};

/// The prime 2³¹ − 1: draw keys live in `0..DRAW_KEY_MODULUS`.
pub const DRAW_KEY_MODULUS: i64 = 2_147_483_647;
/// The linear coefficient of the key polynomial (about 2³¹ / φ, so consecutive ids
/// spread far apart).
pub const DRAW_KEY_MULTIPLIER: i64 = 1_327_217_885;

/// A question's draw key: `(x² + A·x) mod P` with `x = id mod P`.
///
/// Quadratic, so that a window of consecutive keys is not an arithmetic progression of
/// ids (which a linear hash would give, picking e.g. every tenth question of an import
/// made round-robin). Every product stays below 2⁶² and fits a signed 64-bit integer,
/// so SQLite and PostgreSQL compute the same value; the store's index expression must
/// stay in step with this function (a test in the HTTP suite replays a stored attempt).
pub fn draw_key(id: QuestionId) -> i64 {
    let p = DRAW_KEY_MODULUS;
    let x = id.0.rem_euclid(p);
    (x * x % p + x * DRAW_KEY_MULTIPLIER % p) % p
}

/// Where `module`'s window opens in an attempt drawn with `seed`.
pub fn window_start(seed: u64, module: ModuleId) -> i64 {
    let mut rng = module_rng(seed, module);
    // below(P) < P < 2^31: the conversion cannot fail.
    i64::try_from(below(&mut rng, DRAW_KEY_MODULUS as u64)).unwrap_or(0)
}

/// How many active questions a module can supply (it may be capped at the plan's
/// `max_per_module`: the distribution is the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleAvailability {
    pub module_id: ModuleId,
    pub available: u32,
}

/// The distribution of an exam over the stage's modules from per-module counts: the
/// same as [`super::distribute`] over a bank with those counts. A module missing from
/// `available` has no questions.
pub fn exam_quotas(
    modules: &[StageModule],
    available: &[ModuleAvailability],
    stats: &[ModuleResult],
    plan: &DrawPlan,
) -> Result<Vec<ModuleQuota>, DrawError> {
    let mut ordered: Vec<&StageModule> = modules.iter().collect();
    ordered.sort_by_key(|m| (m.order, m.id));
    ordered.dedup_by_key(|m| m.id);
    let count = |id: ModuleId| {
        available
            .iter()
            .filter(|a| a.module_id == id)
            .map(|a| a.available)
            .fold(0u32, u32::saturating_add)
    };
    quotas_for(&ordered, count, stats, plan)
}

/// Window order from `start`: keys at or above it first, ascending, then the rest.
fn window_cmp(start: i64, a: &BankQuestion, b: &BankQuestion) -> Ordering {
    let rank = |q: &BankQuestion| {
        let key = draw_key(q.id);
        (key < start, key, q.id)
    };
    rank(a).cmp(&rank(b))
}

/// The `quota.questions` questions of one module in window order from `start`: from
/// `unseen` first, then from `seen`; then easiest first (stable, so window order stays
/// among equal difficulties).
///
/// The candidates may come in any order and may hold more than needed (the store returns
/// the first ones of each stage); questions of other modules and repeated ids are
/// ignored, and a question in both lists counts as seen. Fewer candidates than the quota
/// is `BankShort`.
pub fn pick_window(
    quota: ModuleQuota,
    start: i64,
    unseen: &[BankQuestion],
    seen: &[BankQuestion],
) -> Result<Vec<DrawnQuestion>, DrawError> {
    let seen_ids: BTreeSet<QuestionId> = seen
        .iter()
        .filter(|q| q.module_id == quota.module_id)
        .map(|q| q.id)
        .collect();
    let ordered = |list: &[BankQuestion], keep: &dyn Fn(&BankQuestion) -> bool| {
        let mut v: Vec<BankQuestion> = list
            .iter()
            .filter(|q| q.module_id == quota.module_id && keep(q))
            .copied()
            .collect();
        v.sort_by(|a, b| window_cmp(start, a, b));
        v.dedup_by_key(|q| q.id);
        v
    };
    let mut chosen = ordered(unseen, &|q| !seen_ids.contains(&q.id));
    chosen.extend(ordered(seen, &|_| true));
    let wanted = quota.wanted_of(chosen.len())?;
    chosen.truncate(wanted);
    chosen.sort_by_key(|q| q.difficulty);
    Ok(chosen
        .into_iter()
        .map(|q| DrawnQuestion {
            question_id: q.id,
            module_id: q.module_id,
        })
        .collect())
}
