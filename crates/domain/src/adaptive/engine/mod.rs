//! The adaptivity engine: which questions an attempt asks.
//!
//! Inputs are plain values loaded by the use-case: the stage's modules in order, the
//! active questions of their bank, the learner's per-module stats (the latest evidence),
//! the questions the learner has already seen, the pinned settings as a [`DrawPlan`]
//! and the seed stored on the attempt. The output is a function of those alone, so an
//! attempt can be re-drawn from its seed to audit it.
//!
//! Guarantees of every successful draw: exactly the requested number of questions, no
//! question twice, only questions of the given modules, unseen questions of a module
//! before its seen ones. The distribution over modules is described in
//! [`distribute`].

mod distribution;
mod selection;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_props;
#[cfg(test)]
mod tests_window;
mod window;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::grading::ModuleResult;
use super::ids::{ModuleId, QuestionId};
use super::weakness::WeaknessTies;
use distribution::Capacity;
pub use window::{
    draw_key, exam_quotas, pick_window, window_start, ModuleAvailability, DRAW_KEY_MODULUS,
    DRAW_KEY_MULTIPLIER,
};

/// A module of the stage (or of the whole rank, for a rank final).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageModule {
    pub id: ModuleId,
    pub name: String,
    /// Position in the track; lower comes first (and, under the `module_order` tie
    /// rule, wins ties between equally weak modules).
    pub order: i32,
}

/// A question's difficulty, 1 (easiest) to 5 — the database's CHECK, as a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Difficulty(u8);

/// A difficulty outside 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("difficulty must be from 1 to 5, got {0}")]
pub struct DifficultyOutOfRange(pub u8);

impl Difficulty {
    /// The middle of the scale, an author's default.
    pub const MEDIUM: Difficulty = Difficulty(3);

    pub fn new(value: u8) -> Result<Self, DifficultyOutOfRange> {
        if (1..=5).contains(&value) {
            Ok(Difficulty(value))
        } else {
            Err(DifficultyOutOfRange(value))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Difficulty {
    type Error = DifficultyOutOfRange;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Difficulty::new(value)
    }
}

impl From<Difficulty> for u8 {
    fn from(value: Difficulty) -> Self {
        value.0
    }
}

/// An active question of the bank. Retired questions must not be passed in: the engine
/// draws from whatever it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankQuestion {
    pub id: QuestionId,
    pub module_id: ModuleId,
    pub difficulty: Difficulty,
}

/// The sizes that shape an exam, taken from the pinned settings
/// ([`TrackSettings::level_exam_plan`](crate::adaptive::TrackSettings::level_exam_plan)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawPlan {
    /// N: questions in the attempt.
    pub total: u32,
    pub min_per_module: u32,
    pub max_per_module: u32,
    /// K: how many of the weakest modules get the remainder first.
    pub weak_modules: u32,
    /// How equally weak modules are ranked: the pinned version's rule with the learner's
    /// stored tie seed for the stage, so the exam favours the same K modules as the
    /// stage's required reading.
    pub ties: WeaknessTies,
}

/// A module's share of an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModuleQuota {
    pub module_id: ModuleId,
    pub questions: u32,
}

impl ModuleQuota {
    /// How many of `available` distinct candidates of the module to keep (the quota), or
    /// `BankShort` when there are fewer candidates than that.
    pub fn wanted_of(self, available: usize) -> Result<usize, DrawError> {
        let wanted = self.questions as usize;
        if available < wanted {
            return Err(DrawError::BankShort {
                module_id: self.module_id,
                needed: self.questions,
                available: u32::try_from(available).unwrap_or(u32::MAX),
            });
        }
        Ok(wanted)
    }
}

/// A question of an attempt, with its module (kept for per-module grading).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DrawnQuestion {
    pub question_id: QuestionId,
    pub module_id: ModuleId,
}

/// Why no attempt can be drawn. `BankShort` is the learner-facing "the bank cannot
/// supply this exam" (412 naming the module); the others mean the settings do not fit
/// the stage's modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("module {module_id} has {available} active questions; {needed} are needed")]
    BankShort {
        module_id: ModuleId,
        needed: u32,
        available: u32,
    },
    #[error("the stage has no modules to draw questions from")]
    NoModules,
    #[error(
        "{modules} modules with at least {min_per_module} questions each do not fit \
         into {total} questions"
    )]
    MinimumsExceedTotal {
        total: u32,
        modules: usize,
        min_per_module: u32,
    },
    #[error(
        "{modules} modules with at most {max_per_module} questions each cannot make \
         {total} questions"
    )]
    MaximumsBelowTotal {
        total: u32,
        modules: usize,
        max_per_module: u32,
    },
    #[error("minimum per module ({min}) is above the maximum ({max})")]
    InvalidBounds { min: u32, max: u32 },
}

/// The modules in stage order with their distinct questions.
///
/// Modules are sorted by `(order, id)` and a repeated module id is ignored. A question id
/// listed twice counts once; a question listed under a module outside the stage is
/// ignored; one listed under two modules belongs to the first in stage order — so no
/// input can make the engine draw a question twice.
struct Prepared<'a> {
    modules: Vec<&'a StageModule>,
    pools: BTreeMap<ModuleId, Vec<BankQuestion>>,
}

impl<'a> Prepared<'a> {
    fn new(modules: &'a [StageModule], bank: &[BankQuestion]) -> Self {
        let mut ordered: Vec<&StageModule> = modules.iter().collect();
        ordered.sort_by_key(|m| (m.order, m.id));
        ordered.dedup_by_key(|m| m.id);
        let rank: BTreeMap<ModuleId, usize> =
            ordered.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mut owner: BTreeMap<QuestionId, BankQuestion> = BTreeMap::new();
        for q in bank {
            let Some(&r) = rank.get(&q.module_id) else {
                continue;
            };
            // `owner` only holds questions of ranked modules, so the lookup cannot miss.
            let keep_existing = owner.get(&q.id).is_some_and(|e| rank[&e.module_id] <= r);
            if !keep_existing {
                owner.insert(q.id, *q);
            }
        }
        let mut pools: BTreeMap<ModuleId, Vec<BankQuestion>> =
            ordered.iter().map(|m| (m.id, Vec::new())).collect();
        for q in owner.into_values() {
            pools.entry(q.module_id).or_default().push(q);
        }
        Prepared {
            modules: ordered,
            pools,
        }
    }

    fn pool(&self, module: ModuleId) -> &[BankQuestion] {
        self.pools.get(&module).map_or(&[], Vec::as_slice)
    }

    fn available(&self, module: ModuleId) -> u32 {
        u32::try_from(self.pool(module).len()).unwrap_or(u32::MAX)
    }

    /// Draws `count` questions per module, in stage order.
    fn draw(
        &self,
        quotas: &[ModuleQuota],
        seen: &BTreeSet<QuestionId>,
        seed: u64,
    ) -> Vec<DrawnQuestion> {
        let mut out = Vec::with_capacity(quotas.iter().map(|q| q.questions as usize).sum());
        for quota in quotas {
            let mut rng = selection::module_rng(seed, quota.module_id);
            let picked = selection::pick(
                &mut rng,
                self.pool(quota.module_id),
                seen,
                quota.questions as usize,
            );
            out.extend(picked.into_iter().map(|q| DrawnQuestion {
                question_id: q.id,
                module_id: q.module_id,
            }));
        }
        out
    }
}

/// How many questions each module (in stage order) contributes to an exam.
///
/// Every module gets at least `min_per_module` and at most `max_per_module`, never more
/// than its bank holds. The remainder `N − M × min` goes to the K weakest modules
/// (most errors, i.e. total − correct in `stats`; ties as `plan.ties` says, see
/// [`crate::adaptive::weakness`]; a module without stats counts 0 errors and 0 questions
/// asked) in proportion to their errors, rounded by largest remainder;
/// what they cannot take (bounds, bank) goes to the other modules in proportion to
/// their errors, and equally among modules without errors (so a learner with no errors
/// gets an even spread, while content assignment still names K modules).
/// Hence a module with strictly more errors than another never gets fewer questions
/// unless it is full. Errors: see [`DrawError`].
pub fn distribute(
    modules: &[StageModule],
    bank: &[BankQuestion],
    stats: &[ModuleResult],
    plan: &DrawPlan,
) -> Result<Vec<ModuleQuota>, DrawError> {
    let prepared = Prepared::new(modules, bank);
    quotas(&prepared, stats, plan)
}

fn quotas(
    prepared: &Prepared<'_>,
    stats: &[ModuleResult],
    plan: &DrawPlan,
) -> Result<Vec<ModuleQuota>, DrawError> {
    quotas_for(&prepared.modules, |m| prepared.available(m), stats, plan)
}

/// The distribution over `ordered` modules (stage order, distinct) given how many
/// active questions each can supply.
fn quotas_for(
    ordered: &[&StageModule],
    available: impl Fn(ModuleId) -> u32,
    stats: &[ModuleResult],
    plan: &DrawPlan,
) -> Result<Vec<ModuleQuota>, DrawError> {
    let mut evidence: BTreeMap<ModuleId, (u64, u64)> = BTreeMap::new();
    for s in stats {
        evidence
            .entry(s.module_id)
            .or_insert((u64::from(s.stats.errors()), u64::from(s.stats.total)));
    }
    let capacities: Vec<Capacity> = ordered
        .iter()
        .map(|m| {
            let (errors, asked) = evidence.get(&m.id).copied().unwrap_or((0, 0));
            Capacity {
                module_id: m.id,
                errors,
                asked,
                available: available(m.id),
            }
        })
        .collect();
    let counts = distribution::distribute_counts(&capacities, plan)?;
    Ok(capacities
        .iter()
        .zip(counts)
        .map(|(c, questions)| ModuleQuota {
            module_id: c.module_id,
            questions,
        })
        .collect())
}

/// The questions of a level exam or rank final attempt: [`distribute`], then per module
/// the seeded window of [`pick_window`], questions not in `seen` first.
///
/// This is the reference form over a whole bank. The exam start does the same draw
/// without loading the bank: [`exam_quotas`] from per-module counts, then
/// [`pick_window`] on the few candidates the database returns in window order (a
/// property test checks that both give the same attempt).
///
/// Output order: modules in stage order; within a module, easiest first. The same
/// inputs and seed always give the same attempt.
pub fn level_exam_draw(
    modules: &[StageModule],
    bank: &[BankQuestion],
    stats: &[ModuleResult],
    seen: &BTreeSet<QuestionId>,
    plan: &DrawPlan,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, DrawError> {
    let prepared = Prepared::new(modules, bank);
    let quotas = quotas(&prepared, stats, plan)?;
    let mut out = Vec::with_capacity(plan.total as usize);
    for quota in quotas.iter().filter(|q| q.questions > 0) {
        let (seen_pool, unseen): (Vec<BankQuestion>, Vec<BankQuestion>) = prepared
            .pool(quota.module_id)
            .iter()
            .partition(|q| seen.contains(&q.id));
        let start = window_start(seed, quota.module_id);
        out.extend(pick_window(*quota, start, &unseen, &seen_pool)?);
    }
    Ok(out)
}

/// The one-time diagnostic: exactly `per_module` questions from every module, so the
/// per-module stats it produces are comparable. A module with fewer questions refuses
/// the whole diagnostic (`BankShort`, first such module in stage order).
pub fn diagnostic_draw(
    modules: &[StageModule],
    bank: &[BankQuestion],
    per_module: u32,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, DrawError> {
    let prepared = Prepared::new(modules, bank);
    if prepared.modules.is_empty() {
        return Err(DrawError::NoModules);
    }
    let quotas: Vec<ModuleQuota> = prepared
        .modules
        .iter()
        .map(|m| {
            let available = prepared.available(m.id);
            if available < per_module {
                Err(DrawError::BankShort {
                    module_id: m.id,
                    needed: per_module,
                    available,
                })
            } else {
                Ok(ModuleQuota {
                    module_id: m.id,
                    questions: per_module,
                })
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(prepared.draw(&quotas, &BTreeSet::new(), seed))
}

/// A mini-test of `count` questions for a required article of `module_id`, from `pool`
/// (the caller's choice, e.g. the module's active questions at the stage; entries of
/// other modules are ignored). Questions in `seen` (earlier tries) come last, so a
/// retake asks fresh questions while the bank has them.
pub fn minitest_draw(
    module_id: ModuleId,
    pool: &[BankQuestion],
    seen: &BTreeSet<QuestionId>,
    count: u32,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, DrawError> {
    let module = [StageModule {
        id: module_id,
        name: String::new(),
        order: 0,
    }];
    let prepared = Prepared::new(&module, pool);
    let available = prepared.available(module_id);
    if available < count {
        return Err(DrawError::BankShort {
            module_id,
            needed: count,
            available,
        });
    }
    let quota = [ModuleQuota {
        module_id,
        questions: count,
    }];
    Ok(prepared.draw(&quota, seen, seed))
}
