//! The `mastery` weakness rule of a settings version.
//!
//! - **Which modules are weakest**: the K with the lowest estimated ability. The
//!   distribution of an exam is the engine's ([`crate::adaptive::distribute`]) with each
//!   module's expected error rate on an average question, in ten-thousandths, standing
//!   in for its error count ([`mastery_stats`]): min/max per module, the K weakest first
//!   and the remainder in proportion to weakness all hold as under `errors`, and ties
//!   break by the pinned version's rule.
//! - **Which questions**: within a module, a seeded weighted draw without replacement
//!   (Efraimidis & Spirakis 2006, "Weighted random sampling with a reservoir") whose
//!   weights grow with the question's Fisher information at the learner's ability
//!   (squared, so a question matching the ability is about 30 times as likely as one
//!   three logits away). Unseen questions first, no duplicates, reproducible from the
//!   seed stored on the attempt.

use std::collections::{BTreeMap, BTreeSet};

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{information, sigmoid, Ability, ItemDifficulty};
use crate::adaptive::engine::{
    distribute, BankQuestion, Difficulty, DrawError, DrawPlan, DrawnQuestion, ModuleQuota,
    StageModule,
};
use crate::adaptive::grading::{ModuleResult, ModuleStats};
use crate::adaptive::ids::{ModuleId, QuestionId};

/// The scale of [`mastery_stats`]: expected errors per this many average questions.
pub const WEAKNESS_SCALE: u32 = 10_000;

/// A question with its difficulty on the ability scale (calibrated, or the author's).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatedQuestion {
    pub id: QuestionId,
    pub module_id: ModuleId,
    /// The author's 1..5, kept for ordering an attempt easiest first.
    pub author: Difficulty,
    pub difficulty: ItemDifficulty,
}

impl RatedQuestion {
    fn bank(&self) -> BankQuestion {
        BankQuestion {
            id: self.id,
            module_id: self.module_id,
            difficulty: self.author,
        }
    }
}

/// The estimate of `module` in `estimates`, the prior when it has none.
pub fn ability_of(estimates: &[(ModuleId, Ability)], module: ModuleId) -> Ability {
    estimates
        .iter()
        .find(|(m, _)| *m == module)
        .map_or(Ability::prior(), |(_, a)| *a)
}

/// Each module's weakness as the engine's evidence: `WEAKNESS_SCALE` questions asked,
/// correct as many as the estimate expects on an average question (σ(μ)). Lower mastery
/// is strictly more "errors" up to rounding; every module counts the same questions, so
/// ties fall to the version's tie rule.
pub fn mastery_stats(
    modules: &[StageModule],
    estimates: &[(ModuleId, Ability)],
) -> Vec<ModuleResult> {
    modules
        .iter()
        .map(|m| {
            let p = sigmoid(ability_of(estimates, m.id).mean);
            let correct = (p * f64::from(WEAKNESS_SCALE)).round();
            ModuleResult {
                module_id: m.id,
                stats: ModuleStats {
                    total: WEAKNESS_SCALE,
                    // 0 <= p <= 1: the rounded value fits.
                    correct: (correct as u32).min(WEAKNESS_SCALE),
                },
            }
        })
        .collect()
}

/// A question's place in one attempt's draw: a uniform number in (0, 1) from ChaCha8
/// keyed by the seed (tagged, so it shares no stream with other draws) on the
/// question's stream. Independent of the pool's order and size.
fn uniform_for(seed: u64, question: QuestionId) -> f64 {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..15].copy_from_slice(b"mastery");
    let mut rng = ChaCha8Rng::from_seed(key);
    // Same bits, reinterpreted: any distinct id gives a distinct stream.
    rng.set_stream(question.0 as u64);
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// The weight of a question for a learner of ability `theta`: (4·I)², 1 at a perfect
/// match, falling off with the distance.
pub fn near_ability_weight(theta: f64, item: ItemDifficulty) -> f64 {
    (4.0 * information(theta, item.mean))
        .powi(2)
        .max(f64::MIN_POSITIVE)
}

/// `quota.questions` questions of the module from `pool` (others' questions and repeated
/// ids ignored): unseen first, each group in order of the weighted key ln(u)/w (largest
/// first, ties by id), then easiest first. `BankShort` when the pool is too small.
pub fn near_ability_pick(
    quota: ModuleQuota,
    ability: Ability,
    pool: &[RatedQuestion],
    seen: &BTreeSet<QuestionId>,
    seed: u64,
) -> Result<Vec<RatedQuestion>, DrawError> {
    let mut distinct: BTreeMap<QuestionId, RatedQuestion> = BTreeMap::new();
    for q in pool.iter().filter(|q| q.module_id == quota.module_id) {
        distinct.entry(q.id).or_insert(*q);
    }
    let mut keyed: Vec<(bool, f64, RatedQuestion)> = distinct
        .into_values()
        .map(|q| {
            let key =
                uniform_for(seed, q.id).ln() / near_ability_weight(ability.mean, q.difficulty);
            (seen.contains(&q.id), key, q)
        })
        .collect();
    let wanted = quota.wanted_of(keyed.len())?;
    // Unseen (false) first; then the largest key; then the id.
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.id.cmp(&b.2.id))
    });
    let mut chosen: Vec<RatedQuestion> = keyed.into_iter().take(wanted).map(|k| k.2).collect();
    chosen.sort_by(|a, b| {
        a.author
            .cmp(&b.author)
            .then(a.difficulty.mean.total_cmp(&b.difficulty.mean))
            .then(a.id.cmp(&b.id))
    });
    Ok(chosen)
}

/// A level exam or rank final under the `mastery` rule: the engine's distribution over
/// [`mastery_stats`], then [`near_ability_pick`] per module. Same guarantees as the
/// `errors` draw: exactly `plan.total` distinct questions of the given modules, min/max
/// per module, unseen first, a pure function of its inputs and the seed.
pub fn mastery_exam_draw(
    modules: &[StageModule],
    bank: &[RatedQuestion],
    estimates: &[(ModuleId, Ability)],
    seen: &BTreeSet<QuestionId>,
    plan: &DrawPlan,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, DrawError> {
    let stats = mastery_stats(modules, estimates);
    let engine_bank: Vec<BankQuestion> = bank.iter().map(RatedQuestion::bank).collect();
    let quotas = distribute(modules, &engine_bank, &stats, plan)?;
    // The engine's ownership rule (a question listed under two modules belongs to the
    // first in stage order) is applied by handing each module only what it owns.
    let owned = owned_questions(modules, bank);
    let mut out = Vec::with_capacity(plan.total as usize);
    for quota in quotas.iter().filter(|q| q.questions > 0) {
        let pool: Vec<RatedQuestion> = owned
            .iter()
            .filter(|q| q.module_id == quota.module_id)
            .copied()
            .collect();
        let picked = near_ability_pick(
            *quota,
            ability_of(estimates, quota.module_id),
            &pool,
            seen,
            seed,
        )?;
        out.extend(picked.into_iter().map(|q| DrawnQuestion {
            question_id: q.id,
            module_id: q.module_id,
        }));
    }
    Ok(out)
}

/// Each question once, under the first of its modules in stage order.
fn owned_questions(modules: &[StageModule], bank: &[RatedQuestion]) -> Vec<RatedQuestion> {
    let mut ordered: Vec<&StageModule> = modules.iter().collect();
    ordered.sort_by_key(|m| (m.order, m.id));
    let rank: BTreeMap<ModuleId, usize> = ordered
        .iter()
        .enumerate()
        .rev()
        .map(|(i, m)| (m.id, i))
        .collect();
    let mut owner: BTreeMap<QuestionId, RatedQuestion> = BTreeMap::new();
    for q in bank {
        let Some(&r) = rank.get(&q.module_id) else {
            continue;
        };
        let keep = owner.get(&q.id).is_some_and(|e| rank[&e.module_id] <= r);
        if !keep {
            owner.insert(q.id, *q);
        }
    }
    owner.into_values().collect()
}
