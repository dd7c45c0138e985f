//! The adaptive diagnostic: one question at a time, chosen for information, until the
//! weak modules are known with enough confidence.
//!
//! The diagnostic's job is a classification — which K modules are the weakest — so the
//! next question goes where the classification is least certain, a computerized
//! classification test (Spray & Reckase 1996; Thompson 2009, "Item selection in
//! computerized classification testing"):
//!
//! 1. every module is asked `min_per_module` questions first (stage order);
//! 2. each module's estimate is the Rasch model's belief from the diagnostic's answers
//!    so far ([`Ability::update`] from the prior); the K lowest means are the weak set,
//!    and the boundary is halfway between the K-th and the (K+1)-th mean;
//! 3. a module's confidence is the posterior probability that it is ordered rightly
//!    against its nearest rival on the other side of the boundary: for a weak module,
//!    min over the strong ones of P(θ_weak < θ_strong) = Φ((μ_s − μ_w) / √(σ_w² + σ_s²)),
//!    and symmetrically for a strong one. The question is whether the K-weakest *set* is
//!    separated from the rest, not where each module lies against a point: a module far
//!    from every rival is settled however wide its own interval (the earlier rule, each
//!    module against the midpoint, Φ(|μ − c| / σ), kept asking about modules whose place
//!    was already certain, and rarely stopped before the maximum);
//! 4. stop when every module's confidence reaches the target — every weak/strong pair is
//!    ordered with at least that probability, so the set is confidently separated — or
//!    at the maximum number of questions, or when the bank has nothing left to ask;
//! 5. otherwise ask the least confident module: the two least confident are the closest
//!    weak/strong pair (the K-th boundary), and the one of them whose estimate is less
//!    certain goes first (then stage order), since its answer moves the pair's
//!    separation most. It gets its unasked question of most Fisher information at the
//!    boundary (the difficulty nearest the cut, where the call is made; Spray & Reckase
//!    1994), ties broken by a draw from the attempt's seed.
//!
//! The step is a pure function of the stage, the bank, the answers so far (with the
//! difficulties they were graded with) and the seed.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::draw::RatedQuestion;
use super::{information, Ability, ItemDifficulty};
use crate::adaptive::engine::StageModule;
use crate::adaptive::ids::{ModuleId, QuestionId};

/// How an adaptive diagnostic runs (from the pinned settings).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CatPlan {
    /// Stop after this many questions whatever the confidence.
    pub max_questions: u32,
    /// Questions every module gets before the adaptive phase.
    pub min_per_module: u32,
    /// K: the size of the weak set being classified.
    pub weak_modules: u32,
    /// Target confidence per module, in (0, 1).
    pub confidence: f64,
}

/// One answered question of the diagnostic, with the difficulty it was graded with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CatAnswer {
    pub question_id: QuestionId,
    pub module_id: ModuleId,
    pub difficulty: ItemDifficulty,
    pub correct: bool,
}

/// A module's standing in the diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CatModule {
    pub module_id: ModuleId,
    pub ability: Ability,
    pub asked: u32,
    /// Among the K weakest by the current estimates.
    pub weak: bool,
    /// The probability that `weak` is right for this module: that it is ordered rightly
    /// against its nearest rival across the weak/strong boundary (1 when there is none).
    pub confidence: f64,
}

/// What the diagnostic does next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CatStep {
    Ask(RatedQuestion),
    Done(CatStop),
}

/// Why the diagnostic ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatStop {
    /// Every module reached the target confidence.
    Confident,
    /// The configured maximum of questions was asked.
    MaxQuestions,
    /// The bank had no unasked question left where one was needed.
    BankExhausted,
}

/// The standard normal distribution function (Abramowitz & Stegun 7.1.26, |error| <
/// 1.5·10⁻⁷).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Modules in stage order (sorted by `(order, id)`, distinct).
fn ordered(modules: &[StageModule]) -> Vec<ModuleId> {
    let mut m: Vec<&StageModule> = modules.iter().collect();
    m.sort_by_key(|m| (m.order, m.id));
    m.dedup_by_key(|m| m.id);
    m.into_iter().map(|m| m.id).collect()
}

/// Each module's estimate from the diagnostic's answers, its weak-set membership and
/// confidence; in stage order. Answers of modules outside the stage are ignored.
pub fn standings(
    modules: &[StageModule],
    answers: &[CatAnswer],
    weak_modules: u32,
) -> Vec<CatModule> {
    let order = ordered(modules);
    // The learner's overall level from every answer centres each module's prior, so
    // that a module asked less is not pulled toward the population mean relative to the
    // others (the comparison is within the learner).
    let mut pooled = Ability::prior();
    for a in answers.iter().filter(|a| order.contains(&a.module_id)) {
        pooled = pooled.update(a.difficulty, a.correct);
    }
    let mut out: Vec<CatModule> = order
        .iter()
        .map(|&module_id| {
            let mut ability = Ability {
                mean: pooled.mean,
                variance: super::PRIOR_VARIANCE,
            };
            let mut asked = 0u32;
            for a in answers.iter().filter(|a| a.module_id == module_id) {
                ability = ability.update(a.difficulty, a.correct);
                asked += 1;
            }
            CatModule {
                module_id,
                ability,
                asked,
                weak: false,
                confidence: 1.0,
            }
        })
        .collect();
    let k = (weak_modules as usize).min(out.len());
    if k == 0 || k == out.len() {
        out.iter_mut().for_each(|m| m.weak = k > 0);
        return out;
    }
    let mut by_weakness: Vec<usize> = (0..out.len()).collect();
    // Lowest mean first; the less certain first among equals; then stage order.
    by_weakness.sort_by(|&a, &b| {
        out[a]
            .ability
            .mean
            .total_cmp(&out[b].ability.mean)
            .then(out[b].ability.variance.total_cmp(&out[a].ability.variance))
            .then(a.cmp(&b))
    });
    for (rank, &i) in by_weakness.iter().enumerate() {
        out[i].weak = rank < k;
    }
    let all = out.clone();
    for m in &mut out {
        m.confidence = all
            .iter()
            .filter(|rival| rival.weak != m.weak)
            .map(|rival| {
                let (weak, strong) = if m.weak { (*m, *rival) } else { (*rival, *m) };
                ordered_rightly(weak.ability, strong.ability)
            })
            .fold(1.0, f64::min);
    }
    out
}

/// P(θ_weak < θ_strong) for independent normal beliefs.
fn ordered_rightly(weak: Ability, strong: Ability) -> f64 {
    let spread = (weak.variance + strong.variance).sqrt();
    normal_cdf((strong.mean - weak.mean) / spread)
}

/// The next step of an adaptive diagnostic (see the module documentation).
pub fn next_step(
    modules: &[StageModule],
    bank: &[RatedQuestion],
    answers: &[CatAnswer],
    plan: &CatPlan,
    seed: u64,
) -> CatStep {
    let asked: BTreeSet<QuestionId> = answers.iter().map(|a| a.question_id).collect();
    let standings = standings(modules, answers, plan.weak_modules);
    let total = u32::try_from(answers.len()).unwrap_or(u32::MAX);
    if total >= plan.max_questions {
        return CatStep::Done(CatStop::MaxQuestions);
    }
    let cut = boundary(&standings, plan.weak_modules);
    let best_in = |m: &CatModule| best_question(m, cut, bank, &asked, seed);
    // 1. The minimum per module, in stage order.
    for m in standings.iter().filter(|m| m.asked < plan.min_per_module) {
        if let Some(q) = best_in(m) {
            return CatStep::Ask(q);
        }
    }
    // 2. Stop when confident.
    if standings.iter().all(|m| m.confidence >= plan.confidence) {
        return CatStep::Done(CatStop::Confident);
    }
    // 3. The least confident module that still has a question.
    let mut candidates: Vec<(usize, &CatModule)> = standings.iter().enumerate().collect();
    candidates.sort_by(|(ia, a), (ib, b)| {
        a.confidence
            .total_cmp(&b.confidence)
            .then(b.ability.variance.total_cmp(&a.ability.variance))
            .then(ia.cmp(ib))
    });
    candidates
        .into_iter()
        .filter(|(_, m)| m.confidence < plan.confidence)
        .find_map(|(_, m)| best_in(m))
        .map_or(CatStep::Done(CatStop::BankExhausted), CatStep::Ask)
}

/// Halfway between the K-th and (K+1)-th lowest means: where the weak/strong call is
/// made. `None` when every module (or none) is in the weak set.
fn boundary(standings: &[CatModule], weak_modules: u32) -> Option<f64> {
    let k = weak_modules as usize;
    if k == 0 || k >= standings.len() {
        return None;
    }
    let mut means: Vec<f64> = standings.iter().map(|m| m.ability.mean).collect();
    means.sort_by(f64::total_cmp);
    Some((means[k - 1] + means[k]) / 2.0)
}

/// The module's unasked question of most information where it matters: at the
/// weak/strong boundary once there is one (the classification is decided there: Spray &
/// Reckase 1994 found items at the cut score classify in fewer items than items at the
/// ability), else at the module's estimate; ties (equal difficulties) by the seeded
/// draw, then by id.
fn best_question(
    m: &CatModule,
    cut: Option<f64>,
    bank: &[RatedQuestion],
    asked: &BTreeSet<QuestionId>,
    seed: u64,
) -> Option<RatedQuestion> {
    bank.iter()
        .filter(|q| q.module_id == m.module_id && !asked.contains(&q.id))
        .map(|q| {
            let info = information(cut.unwrap_or(m.ability.mean), q.difficulty.mean);
            (info, tie_key(seed, q.id), *q)
        })
        .max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(b.2.id.cmp(&a.2.id))
        })
        .map(|(_, _, q)| q)
}

fn tie_key(seed: u64, question: QuestionId) -> u64 {
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..11].copy_from_slice(b"cat");
    let mut rng = rand_chacha::ChaCha8Rng::from_seed(key);
    // Same bits, reinterpreted: any distinct id gives a distinct stream.
    rng.set_stream(question.0 as u64);
    rng.next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::engine::Difficulty;
    use crate::adaptive::mastery::tests::stage as modules;

    fn bank(modules: i64, per: i64) -> Vec<RatedQuestion> {
        let mut out = Vec::new();
        for m in 1..=modules {
            for i in 0..per {
                let d = Difficulty::new((i % 5 + 1) as u8).unwrap();
                out.push(RatedQuestion {
                    id: QuestionId(m * 100 + i),
                    module_id: ModuleId(m),
                    author: d,
                    difficulty: ItemDifficulty::from_author(d),
                });
            }
        }
        out
    }

    fn plan() -> CatPlan {
        CatPlan {
            max_questions: 30,
            min_per_module: 1,
            weak_modules: 1,
            confidence: 0.9,
        }
    }

    /// Answers as a learner who knows everything but module 2.
    fn run(seed: u64) -> (Vec<CatAnswer>, CatStop) {
        let (m, b) = (modules(3), bank(3, 15));
        let mut answers = Vec::new();
        loop {
            match next_step(&m, &b, &answers, &plan(), seed) {
                CatStep::Ask(q) => answers.push(CatAnswer {
                    question_id: q.id,
                    module_id: q.module_id,
                    difficulty: q.difficulty,
                    correct: q.module_id != ModuleId(2),
                }),
                CatStep::Done(stop) => return (answers, stop),
            }
        }
    }

    #[test]
    fn a_clear_weakness_is_found_confidently_before_the_maximum() {
        let (answers, stop) = run(7);
        assert_eq!(stop, CatStop::Confident);
        assert!(answers.len() < 30, "{}", answers.len());
        let s = standings(&modules(3), &answers, 1);
        assert!(s[1].weak && !s[0].weak && !s[2].weak, "{s:?}");
        assert!(s.iter().all(|m| m.confidence >= 0.9));
        // Every module was asked; no question twice.
        assert!(s.iter().all(|m| m.asked >= 1));
        let distinct: BTreeSet<QuestionId> = answers.iter().map(|a| a.question_id).collect();
        assert_eq!(distinct.len(), answers.len());
        assert_eq!(run(7), (answers, stop), "reproducible");
    }

    #[test]
    fn the_maximum_and_the_bank_stop_it() {
        let (m, b) = (modules(3), bank(3, 2));
        let mut answers = Vec::new();
        let mut right = true;
        let stop = loop {
            match next_step(&m, &b, &answers, &plan(), 1) {
                CatStep::Ask(q) => {
                    // Alternate right and wrong: never confident.
                    right = !right;
                    answers.push(CatAnswer {
                        question_id: q.id,
                        module_id: q.module_id,
                        difficulty: q.difficulty,
                        correct: right,
                    });
                }
                CatStep::Done(stop) => break stop,
            }
        };
        assert_eq!(stop, CatStop::BankExhausted);
        assert_eq!(answers.len(), 6);
        let short = CatPlan {
            max_questions: 2,
            ..plan()
        };
        assert!(matches!(
            next_step(&m, &b, &answers[..2], &short, 1),
            CatStep::Done(CatStop::MaxQuestions)
        ));
    }

    #[test]
    fn the_first_question_matches_the_prior_ability() {
        let (m, b) = (modules(2), bank(2, 5));
        let CatStep::Ask(q) = next_step(&m, &b, &[], &plan(), 3) else {
            panic!("asks");
        };
        assert_eq!(q.module_id, ModuleId(1));
        assert_eq!(q.author.get(), 3, "difficulty 3 is b = 0, the prior mean");
    }

    #[test]
    fn confidence_is_the_separation_of_the_weak_set_from_the_rest() {
        let m = modules(3);
        let answer = |q: i64, module: i64, author: u8, correct: bool| CatAnswer {
            question_id: QuestionId(q),
            module_id: ModuleId(module),
            difficulty: ItemDifficulty::from_author(Difficulty::new(author).unwrap()),
            correct,
        };
        // Module 1: one right answer (wide interval, high); module 2: many wrong (low);
        // module 3: many right (high). K = 1: module 2 is weak.
        let mut answers = vec![answer(1, 1, 1, true)];
        for i in 0..6 {
            answers.push(answer(200 + i, 2, 1, false));
            answers.push(answer(300 + i, 3, 5, true));
        }
        let s = standings(&m, &answers, 1);
        assert!(s[1].weak && !s[0].weak && !s[2].weak, "{s:?}");
        let p = |w: Ability, st: Ability| {
            normal_cdf((st.mean - w.mean) / (w.variance + st.variance).sqrt())
        };
        // Each module's confidence: the chance it is ordered rightly against its nearest
        // rival across the boundary; the weak one's is the worst of its pairs.
        assert!((s[0].confidence - p(s[1].ability, s[0].ability)).abs() < 1e-12);
        assert!((s[2].confidence - p(s[1].ability, s[2].ability)).abs() < 1e-12);
        assert!((s[1].confidence - s[0].confidence.min(s[2].confidence)).abs() < 1e-12);
        // Module 1, known from one answer, is less confident than module 3, known well.
        assert!(s[0].ability.variance > s[2].ability.variance);
        assert!(s[0].confidence < s[2].confidence, "{s:?}");
        // With K = 0 or K = every module there is nothing to separate: all confident.
        assert!(standings(&m, &answers, 0)
            .iter()
            .all(|x| x.confidence == 1.0 && !x.weak));
        assert!(standings(&m, &answers, 3)
            .iter()
            .all(|x| x.confidence == 1.0 && x.weak));
    }

    #[test]
    fn a_confident_stop_means_every_weak_strong_pair_is_ordered_confidently() {
        let (answers, stop) = run(11);
        assert_eq!(stop, CatStop::Confident);
        let s = standings(&modules(3), &answers, 1);
        for w in s.iter().filter(|m| m.weak) {
            for st in s.iter().filter(|m| !m.weak) {
                let z = (st.ability.mean - w.ability.mean)
                    / (w.ability.variance + st.ability.variance).sqrt();
                assert!(normal_cdf(z) >= plan().confidence, "{s:?}");
            }
        }
    }

    #[test]
    fn normal_cdf_is_accurate() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.281_551_6) - 0.9).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }
}
