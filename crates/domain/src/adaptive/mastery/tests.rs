//! Property tests of the learner model and of the `mastery` draw.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::draw::{mastery_exam_draw, mastery_stats, near_ability_pick, RatedQuestion};
use super::*;
use crate::adaptive::engine::{DrawError, DrawPlan, ModuleQuota, StageModule};
use crate::adaptive::ids::{ModuleId, QuestionId};
use crate::adaptive::weakness::{weakest_modules, WeaknessTies};

fn ability() -> impl Strategy<Value = Ability> {
    (-4.0f64..4.0, 0.01f64..1.0).prop_map(|(mean, variance)| Ability { mean, variance })
}

fn item() -> impl Strategy<Value = ItemDifficulty> {
    (-3.0f64..3.0, 0.0f64..1.0).prop_map(|(mean, variance)| ItemDifficulty { mean, variance })
}

proptest! {
    /// An update moves the estimate toward the evidence, and narrows it.
    #[test]
    fn an_update_moves_toward_the_evidence_and_narrows(a in ability(), i in item()) {
        let right = a.update(i, true);
        let wrong = a.update(i, false);
        prop_assert!(right.mean > a.mean, "{a:?} {right:?}");
        prop_assert!(wrong.mean < a.mean, "{a:?} {wrong:?}");
        prop_assert!(right.variance < a.variance);
        prop_assert!(wrong.variance < a.variance);
        prop_assert!(right.variance > 0.0 && wrong.variance > 0.0);
    }

    /// More evidence narrows the uncertainty: every further answer, right or wrong.
    #[test]
    fn more_evidence_narrows_the_uncertainty(answers in prop::collection::vec((item(), any::<bool>()), 1..40)) {
        let mut state = Ability::prior();
        for (i, correct) in answers {
            let next = state.update(i, correct);
            prop_assert!(next.variance <= state.variance);
            prop_assert!(next.variance < state.variance || state.variance <= MIN_VARIANCE);
            state = next;
        }
    }

    /// The same answers in the same order give the same state, bit for bit.
    #[test]
    fn replaying_the_same_answers_gives_the_same_state(
        answers in prop::collection::vec((0i64..10_000_000_000, item(), any::<bool>()), 0..30)
    ) {
        let mut sorted = answers.clone();
        sorted.sort_by_key(|a| a.0);
        let a = Ability::replay(&sorted);
        let b = Ability::replay(&sorted);
        prop_assert_eq!(a.mean.to_bits(), b.mean.to_bits());
        prop_assert_eq!(a.variance.to_bits(), b.variance.to_bits());
    }

    /// Time without evidence widens the belief, never beyond the prior, never moves it.
    #[test]
    fn ageing_widens_up_to_the_prior(a in ability(), ms in 0i64..(400 * 86_400_000)) {
        let aged = a.aged(ms);
        prop_assert_eq!(aged.mean, a.mean);
        prop_assert!(aged.variance >= a.variance);
        prop_assert!(aged.variance <= PRIOR_VARIANCE.max(a.variance));
    }

    /// A harder item moves the mean up more when answered right.
    #[test]
    fn a_harder_item_answered_right_counts_more(a in ability(), b in -3.0f64..2.0, w in 0.0f64..1.0) {
        let easy = a.update(ItemDifficulty { mean: b, variance: w }, true);
        let hard = a.update(ItemDifficulty { mean: b + 1.0, variance: w }, true);
        prop_assert!(hard.mean > easy.mean);
    }
}

#[test]
fn many_right_answers_converge_and_mastery_reads_as_a_probability() {
    let mut a = Ability::prior();
    for _ in 0..200 {
        a = a.update(
            ItemDifficulty::from_author(Difficulty::new(3).unwrap()),
            true,
        );
    }
    let (p, sd) = a.mastery();
    assert!(p > 0.95 && sd < 0.05, "{p} {sd}");
    assert_eq!(format_mastery(Ability::prior()), "0.50 ± 0.25");
}

/// `n` modules, ids 1..=n, named `M1`….
pub(super) fn stage(n: i64) -> Vec<StageModule> {
    (1..=n)
        .map(|i| StageModule {
            id: ModuleId(i),
            name: format!("M{i}"),
            order: i as i32,
        })
        .collect()
}

fn rated_bank(sizes: &[u32]) -> Vec<RatedQuestion> {
    let mut out = Vec::new();
    for (m, &size) in sizes.iter().enumerate() {
        for i in 0..size {
            let author = Difficulty::new((i % 5 + 1) as u8).unwrap();
            out.push(RatedQuestion {
                id: QuestionId((m as i64 + 1) * 1000 + i64::from(i)),
                module_id: ModuleId(m as i64 + 1),
                author,
                difficulty: ItemDifficulty {
                    mean: -2.0 + 4.0 * f64::from(i) / f64::from(size.max(2) - 1),
                    variance: 0.1,
                },
            });
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Case {
    sizes: Vec<u32>,
    means: Vec<f64>,
    plan: DrawPlan,
    seen_mask: Vec<bool>,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..6)
        .prop_flat_map(|m| {
            (
                prop::collection::vec(0u32..15, m),
                prop::collection::vec(-3.0f64..3.0, m),
                1u32..40,
                0u32..4,
                1u32..10,
                0u32..4,
                prop::collection::vec(any::<bool>(), 1..8),
                any::<u64>(),
                any::<bool>(),
            )
        })
        .prop_map(
            |(sizes, means, total, min, extra, k, seen_mask, seed, fair)| Case {
                sizes,
                means,
                plan: DrawPlan {
                    total,
                    min_per_module: min,
                    max_per_module: min + extra,
                    weak_modules: k,
                    ties: if fair {
                        WeaknessTies::FewerAskedThenDraw { seed }
                    } else {
                        WeaknessTies::ModuleOrder
                    },
                },
                seen_mask,
                seed,
            },
        )
}

impl Case {
    fn estimates(&self) -> Vec<(ModuleId, Ability)> {
        self.means
            .iter()
            .enumerate()
            .map(|(i, &mean)| {
                (
                    ModuleId(i as i64 + 1),
                    Ability {
                        mean,
                        variance: 0.2,
                    },
                )
            })
            .collect()
    }
    fn seen(&self) -> BTreeSet<QuestionId> {
        rated_bank(&self.sizes)
            .iter()
            .zip(self.seen_mask.iter().cycle())
            .filter(|(_, s)| **s)
            .map(|(q, _)| q.id)
            .collect()
    }
    fn feasible(&self) -> bool {
        let m = self.sizes.len() as u32;
        let p = &self.plan;
        m * p.min_per_module <= p.total
            && self.sizes.iter().all(|&s| s >= p.min_per_module)
            && self
                .sizes
                .iter()
                .map(|&s| s.min(p.max_per_module))
                .sum::<u32>()
                >= p.total
    }
    fn draw(&self) -> Result<Vec<crate::adaptive::engine::DrawnQuestion>, DrawError> {
        mastery_exam_draw(
            &stage(self.sizes.len() as i64),
            &rated_bank(&self.sizes),
            &self.estimates(),
            &self.seen(),
            &self.plan,
            self.seed,
        )
    }
}

proptest! {
    /// Every guarantee of the `errors` draw holds under `mastery`: exactly N distinct
    /// questions of the stage, min/max per module, unseen before seen, reproducible;
    /// infeasible plans are refused rather than half-drawn.
    #[test]
    fn mastery_draws_keep_every_engine_guarantee(c in case()) {
        let drawn = c.draw();
        if !c.feasible() {
            prop_assert!(drawn.is_err());
            return Ok(());
        }
        let drawn = drawn.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(drawn.len() as u32, c.plan.total);
        let ids: BTreeSet<QuestionId> = drawn.iter().map(|d| d.question_id).collect();
        prop_assert_eq!(ids.len(), drawn.len(), "no duplicates");
        let bank = rated_bank(&c.sizes);
        let seen = c.seen();
        for (i, _) in c.sizes.iter().enumerate() {
            let module = ModuleId(i as i64 + 1);
            let mine: Vec<QuestionId> = drawn.iter().filter(|d| d.module_id == module).map(|d| d.question_id).collect();
            let n = mine.len() as u32;
            prop_assert!(n >= c.plan.min_per_module && n <= c.plan.max_per_module);
            let unseen_in_bank = bank.iter().filter(|q| q.module_id == module && !seen.contains(&q.id)).count();
            let seen_drawn = mine.iter().filter(|q| seen.contains(q)).count();
            prop_assert!(seen_drawn == 0 || mine.len() - seen_drawn == unseen_in_bank, "unseen first");
            for q in &mine {
                prop_assert!(bank.iter().any(|b| b.id == *q && b.module_id == module));
            }
        }
        prop_assert_eq!(c.draw().ok(), Some(drawn), "same inputs, same seed: same attempt");
    }

    /// The K weakest by mastery are the K lowest estimates.
    #[test]
    fn the_weakest_by_mastery_are_the_lowest_estimates(means in prop::collection::vec(-3.0f64..3.0, 1..7), k in 1usize..4) {
        let modules = stage(means.len() as i64);
        let estimates: Vec<(ModuleId, Ability)> = means.iter().enumerate()
            .map(|(i, &mean)| (ModuleId(i as i64 + 1), Ability { mean, variance: 0.3 })).collect();
        let weak = weakest_modules(&mastery_stats(&modules, &estimates), k, WeaknessTies::ModuleOrder);
        let mut sorted = means.clone();
        sorted.sort_by(f64::total_cmp);
        let kth = sorted[k.min(means.len()) - 1];
        for m in &weak {
            // Rounding to ten-thousandths may only swap near-equal estimates.
            prop_assert!(means[(m.0 - 1) as usize] <= kth + 1e-3);
        }
        prop_assert_eq!(weak.len(), k.min(means.len()));
    }
}

#[test]
fn the_draw_prefers_questions_near_the_ability() {
    let pool = rated_bank(&[40]);
    let quota = ModuleQuota {
        module_id: ModuleId(1),
        questions: 5,
    };
    let mut distance_drawn = 0.0;
    let mut hits: BTreeMap<QuestionId, u32> = BTreeMap::new();
    for seed in 0..400u64 {
        let ability = Ability {
            mean: 1.0,
            variance: 0.1,
        };
        let picked = near_ability_pick(quota, ability, &pool, &BTreeSet::new(), seed).unwrap();
        for q in picked {
            distance_drawn += (q.difficulty.mean - 1.0).abs();
            *hits.entry(q.id).or_default() += 1;
        }
    }
    let mean_drawn = distance_drawn / 2000.0;
    let mean_pool: f64 = pool
        .iter()
        .map(|q| (q.difficulty.mean - 1.0).abs())
        .sum::<f64>()
        / pool.len() as f64;
    assert!(mean_drawn < 0.65 * mean_pool, "{mean_drawn} vs {mean_pool}");
    assert!(
        hits.len() > 10,
        "still a draw, not always the same questions: {}",
        hits.len()
    );
}
