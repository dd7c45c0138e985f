//! Property tests of the engine: the guarantees hold for any stage, bank and settings.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::tests::{any_ties, bank, modules, stats};
use super::*;

/// A random stage: up to 6 modules with 0..=15 questions and 0..=10 errors each, a
/// plan, a subset of the bank already seen, and a seed.
#[derive(Debug, Clone)]
struct Case {
    sizes: Vec<u32>,
    errors: Vec<u32>,
    plan: DrawPlan,
    seen_mask: Vec<bool>,
    seed: u64,
}

impl Case {
    fn modules(&self) -> Vec<StageModule> {
        modules(self.sizes.len())
    }
    fn bank(&self) -> Vec<BankQuestion> {
        bank(&self.sizes)
    }
    fn stats(&self) -> Vec<ModuleResult> {
        stats(&self.errors)
    }
    fn seen(&self) -> BTreeSet<QuestionId> {
        self.bank()
            .iter()
            .zip(self.seen_mask.iter().cycle())
            .filter(|(_, s)| **s)
            .map(|(q, _)| q.id)
            .collect()
    }
    fn cap(&self, i: usize) -> u32 {
        self.sizes[i].min(self.plan.max_per_module)
    }
    fn feasible(&self) -> bool {
        let m = self.sizes.len() as u32;
        let p = &self.plan;
        m > 0
            && m * p.min_per_module <= p.total
            && self.sizes.iter().all(|&s| s >= p.min_per_module)
            && (0..self.sizes.len()).map(|i| self.cap(i)).sum::<u32>() >= p.total
    }
    fn draw(&self) -> Result<Vec<DrawnQuestion>, DrawError> {
        level_exam_draw(
            &self.modules(),
            &self.bank(),
            &self.stats(),
            &self.seen(),
            &self.plan,
            self.seed,
        )
    }
    fn per_module(&self, draw: &[DrawnQuestion]) -> Vec<u32> {
        let mut counts = vec![0u32; self.sizes.len()];
        for q in draw {
            counts[(q.module_id.0 - 1) as usize] += 1;
        }
        counts
    }
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=6, 0u32..=5)
        .prop_flat_map(|(m, min)| {
            (
                prop::collection::vec(0u32..=15, m),
                prop::collection::vec(0u32..=10, m),
                0u32..=40,
                Just(min),
                min..=12,
                0u32..=6,
                prop::collection::vec(any::<bool>(), 1..=8),
                any::<u64>(),
                any_ties(),
            )
        })
        .prop_map(
            |(sizes, errors, total, min, max, k, seen_mask, seed, ties)| Case {
                sizes,
                errors,
                plan: DrawPlan {
                    total,
                    min_per_module: min,
                    max_per_module: max,
                    weak_modules: k,
                    ties,
                },
                seen_mask,
                seed,
            },
        )
}

/// Cases where a draw is possible (every module holds `min`, N between `M × min` and
/// the modules' capacity), built rather than filtered so that every case counts.
fn feasible_case() -> impl Strategy<Value = Case> {
    case().prop_map(|mut c| {
        let min = c.plan.min_per_module;
        for s in &mut c.sizes {
            *s = (*s).max(min);
        }
        let floor = c.sizes.len() as u32 * min;
        let capacity: u32 = (0..c.sizes.len()).map(|i| c.cap(i)).sum();
        c.plan.total = floor + c.plan.total % (capacity - floor + 1);
        debug_assert!(c.feasible());
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_draw_succeeds_exactly_when_the_bounds_and_bank_allow_it(c in case()) {
        prop_assert_eq!(c.draw().is_ok(), c.feasible(), "{:?}", c.draw());
    }

    #[test]
    fn a_refusal_names_a_module_that_really_is_short(c in case()) {
        if let Err(DrawError::BankShort { module_id, needed, available }) = c.draw() {
            let i = (module_id.0 - 1) as usize;
            prop_assert_eq!(available, c.sizes[i]);
            prop_assert!(available < needed);
            prop_assert!(needed <= c.plan.max_per_module.max(c.plan.min_per_module));
        }
    }

    #[test]
    fn a_draw_has_exactly_n_distinct_questions(c in feasible_case()) {
        let draw = c.draw().unwrap();
        prop_assert_eq!(draw.len(), c.plan.total as usize);
        let ids: BTreeSet<_> = draw.iter().map(|q| q.question_id).collect();
        prop_assert_eq!(ids.len(), draw.len());
        let bank: BTreeMap<_, _> = c.bank().iter().map(|q| (q.id, q.module_id)).collect();
        for q in &draw {
            prop_assert_eq!(bank.get(&q.question_id), Some(&q.module_id));
        }
    }

    #[test]
    fn every_module_stays_within_its_bounds(c in feasible_case()) {
        let counts = c.per_module(&c.draw().unwrap());
        for (i, &n) in counts.iter().enumerate() {
            prop_assert!(n >= c.plan.min_per_module, "module {} got {}", i + 1, n);
            prop_assert!(n <= c.cap(i), "module {} got {} > cap {}", i + 1, n, c.cap(i));
        }
        let quotas = distribute(&c.modules(), &c.bank(), &c.stats(), &c.plan).unwrap();
        prop_assert_eq!(quotas.iter().map(|q| q.questions).collect::<Vec<_>>(), counts);
    }

    #[test]
    fn the_same_seed_draws_the_same_questions(c in feasible_case()) {
        prop_assert_eq!(c.draw(), c.draw());
        let mut modules = c.modules();
        modules.reverse();
        let mut bank = c.bank();
        bank.reverse();
        let mut stats = c.stats();
        stats.reverse();
        let shuffled_input =
            level_exam_draw(&modules, &bank, &stats, &c.seen(), &c.plan, c.seed);
        prop_assert_eq!(c.draw(), shuffled_input);
    }

    #[test]
    fn a_weaker_module_never_gets_fewer_questions_unless_it_is_full(c in feasible_case()) {
        let counts = c.per_module(&c.draw().unwrap());
        for i in 0..counts.len() {
            for j in 0..counts.len() {
                if c.errors[i] > c.errors[j] {
                    prop_assert!(
                        counts[i] >= counts[j] || counts[i] == c.cap(i),
                        "errors {:?} counts {:?} caps {:?}",
                        c.errors, counts, (0..counts.len()).map(|x| c.cap(x)).collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    #[test]
    fn others_get_extra_questions_only_when_the_weak_ones_are_full(c in feasible_case()) {
        let counts = c.per_module(&c.draw().unwrap());
        let weak = crate::adaptive::weakness::weakest_modules(
            &c.stats(),
            c.plan.weak_modules as usize,
            c.plan.ties,
        );
        let weak_idx: Vec<usize> = weak.iter().map(|m| (m.0 - 1) as usize).collect();
        let others_got_extra = (0..counts.len())
            .filter(|i| !weak_idx.contains(i))
            .any(|i| counts[i] > c.plan.min_per_module);
        if others_got_extra {
            for &w in &weak_idx {
                if c.errors[w] > 0 {
                    prop_assert_eq!(counts[w], c.cap(w), "weak module {} not full", w + 1);
                }
            }
        }
    }

    #[test]
    fn unseen_questions_are_drawn_before_seen_ones(c in feasible_case()) {
        let draw = c.draw().unwrap();
        let seen = c.seen();
        let drawn: BTreeSet<_> = draw.iter().map(|q| q.question_id).collect();
        for module in c.modules() {
            let pool: Vec<_> = c.bank().into_iter().filter(|q| q.module_id == module.id).collect();
            let seen_drawn = pool.iter().any(|q| seen.contains(&q.id) && drawn.contains(&q.id));
            let unseen_left = pool.iter().any(|q| !seen.contains(&q.id) && !drawn.contains(&q.id));
            prop_assert!(!(seen_drawn && unseen_left), "module {} drew a seen question early", module.id);
        }
    }

    #[test]
    fn diagnostic_and_minitest_draws_are_exact_and_distinct(
        sizes in prop::collection::vec(0u32..=8, 1..=5),
        per_module in 1u32..=5,
        seed in any::<u64>(),
    ) {
        let modules = modules(sizes.len());
        let bank = bank(&sizes);
        match diagnostic_draw(&modules, &bank, per_module, seed) {
            Ok(draw) => {
                prop_assert!(sizes.iter().all(|&s| s >= per_module));
                prop_assert_eq!(draw.len(), sizes.len() * per_module as usize);
                let ids: BTreeSet<_> = draw.iter().map(|q| q.question_id).collect();
                prop_assert_eq!(ids.len(), draw.len());
            }
            Err(DrawError::BankShort { module_id, .. }) => {
                let first_short = sizes.iter().position(|&s| s < per_module);
                prop_assert_eq!(first_short, Some((module_id.0 - 1) as usize));
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
        let minitest = minitest_draw(ModuleId(1), &bank, &BTreeSet::new(), per_module, seed);
        prop_assert_eq!(minitest.is_ok(), sizes[0] >= per_module);
        if let Ok(draw) = minitest {
            let ids: BTreeSet<_> = draw.iter().map(|q| q.question_id).collect();
            prop_assert_eq!(ids.len(), per_module as usize);
        }
    }
}
