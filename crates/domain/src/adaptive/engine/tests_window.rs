//! The window form of the exam draw: the store-fed path gives the reference draw.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::tests::{bank, modules, stats};
use super::*;

fn quota(module: i64, questions: u32) -> ModuleQuota {
    ModuleQuota {
        module_id: ModuleId(module),
        questions,
    }
}

#[test]
fn draw_keys_are_pinned() {
    // The store's index expression computes the same values (and stored attempts rely
    // on them): changing the hash re-draws every exam differently.
    let keys: Vec<i64> = [1, 2, 1000, 123_456, 2_147_483_646]
        .into_iter()
        .map(|id| draw_key(QuestionId(id)))
        .collect();
    assert_eq!(
        keys,
        [
            1_327_217_886,
            506_952_127,
            73_991_154,
            217_942_867,
            820_265_763
        ]
    );
    assert_eq!(window_start(2024, ModuleId(1)), PINNED_START);
}

const PINNED_START: i64 = 1_238_383_766;

#[test]
fn a_window_wraps_around_to_the_smallest_keys() {
    let pool = bank(&[30]);
    let mut by_key: Vec<BankQuestion> = pool.clone();
    by_key.sort_by_key(|q| draw_key(q.id));
    // Open the window just before the second-largest key: it takes the two largest,
    // then wraps to the smallest.
    let start = draw_key(by_key[28].id);
    let drawn = pick_window(quota(1, 3), start, &pool, &[]).unwrap();
    let ids: BTreeSet<QuestionId> = drawn.iter().map(|d| d.question_id).collect();
    let expected: BTreeSet<QuestionId> = [by_key[28].id, by_key[29].id, by_key[0].id].into();
    assert_eq!(ids, expected);
}

#[test]
fn seen_candidates_fill_in_only_after_the_unseen() {
    let pool = bank(&[6]);
    let (seen, unseen) = pool.split_at(4);
    let drawn = pick_window(quota(1, 3), 0, unseen, seen).unwrap();
    let unseen_ids: BTreeSet<QuestionId> = unseen.iter().map(|q| q.id).collect();
    assert_eq!(
        drawn
            .iter()
            .filter(|d| unseen_ids.contains(&d.question_id))
            .count(),
        2
    );
    assert_eq!(
        pick_window(quota(1, 7), 0, unseen, seen),
        Err(DrawError::BankShort {
            module_id: ModuleId(1),
            needed: 7,
            available: 6
        })
    );
}

#[derive(Debug, Clone)]
struct Case {
    sizes: Vec<u32>,
    errors: Vec<u32>,
    plan: DrawPlan,
    seen_mask: Vec<bool>,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=5).prop_flat_map(|m| {
        (
            proptest::collection::vec(0u32..=25, m),
            proptest::collection::vec(0u32..=10, m),
            (1u32..=30, 0u32..=3, 1u32..=10, 0u32..=4),
            proptest::collection::vec(any::<bool>(), 1..=16),
            any::<u64>(),
            super::tests::any_ties(),
        )
            .prop_map(
                |(sizes, errors, (total, min, max, k), seen_mask, seed, ties)| Case {
                    sizes,
                    errors,
                    plan: DrawPlan {
                        total,
                        min_per_module: min,
                        max_per_module: max.max(min),
                        weak_modules: k,
                        ties,
                    },
                    seen_mask,
                    seed,
                },
            )
    })
}

impl Case {
    fn seen(&self) -> BTreeSet<QuestionId> {
        bank(&self.sizes)
            .iter()
            .zip(self.seen_mask.iter().cycle())
            .filter(|(_, s)| **s)
            .map(|(q, _)| q.id)
            .collect()
    }

    /// What the store does: capped counts, then per module the first `quota` unseen
    /// questions in window order (shuffled by a rotation, as rows may arrive in any
    /// order) and every seen one.
    fn store_fed(&self) -> Result<Vec<DrawnQuestion>, DrawError> {
        let bank = bank(&self.sizes);
        let seen = self.seen();
        let available: Vec<ModuleAvailability> = self
            .sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| ModuleAvailability {
                module_id: ModuleId(i as i64 + 1),
                available: n.min(self.plan.max_per_module),
            })
            .collect();
        let quotas = exam_quotas(
            &modules(self.sizes.len()),
            &available,
            &stats(&self.errors),
            &self.plan,
        )?;
        let mut out = Vec::new();
        for q in quotas.iter().filter(|q| q.questions > 0) {
            let start = window_start(self.seed, q.module_id);
            let (seen_here, mut unseen): (Vec<BankQuestion>, Vec<BankQuestion>) = bank
                .iter()
                .filter(|b| b.module_id == q.module_id)
                .partition(|b| seen.contains(&b.id));
            unseen.sort_by_key(|b| (draw_key(b.id) < start, draw_key(b.id), b.id));
            unseen.truncate(q.questions as usize);
            let turn = (self.seed as usize) % unseen.len().max(1);
            unseen.rotate_left(turn);
            out.extend(pick_window(*q, start, &unseen, &seen_here)?);
        }
        Ok(out)
    }

    fn reference(&self) -> Result<Vec<DrawnQuestion>, DrawError> {
        level_exam_draw(
            &modules(self.sizes.len()),
            &bank(&self.sizes),
            &stats(&self.errors),
            &self.seen(),
            &self.plan,
            self.seed,
        )
    }
}

proptest! {
    #[test]
    fn the_store_fed_draw_is_the_reference_draw(c in case()) {
        prop_assert_eq!(c.store_fed(), c.reference());
    }

    #[test]
    fn counts_capped_at_the_maximum_give_the_same_distribution(c in case()) {
        let capped: Vec<ModuleAvailability> = c
            .sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| ModuleAvailability {
                module_id: ModuleId(i as i64 + 1),
                available: n.min(c.plan.max_per_module),
            })
            .collect();
        let from_counts = exam_quotas(&modules(c.sizes.len()), &capped, &stats(&c.errors), &c.plan);
        let from_bank = distribute(&modules(c.sizes.len()), &bank(&c.sizes), &stats(&c.errors), &c.plan);
        prop_assert_eq!(from_counts, from_bank);
    }

    #[test]
    fn draw_keys_stay_in_range_and_are_distinct(a in 1i64..DRAW_KEY_MODULUS, b in 1i64..DRAW_KEY_MODULUS) {
        let (ka, kb) = (draw_key(QuestionId(a)), draw_key(QuestionId(b)));
        prop_assert!((0..DRAW_KEY_MODULUS).contains(&ka));
        let exact = (i128::from(a) * i128::from(a) + i128::from(DRAW_KEY_MULTIPLIER) * i128::from(a))
            % i128::from(DRAW_KEY_MODULUS);
        prop_assert_eq!(i128::from(ka), exact);
        // x² + A·x is two-to-one mod P: distinct ids may share a key (ties go by id).
        if ka == kb && a != b {
            prop_assert_eq!((a + b + DRAW_KEY_MULTIPLIER) % DRAW_KEY_MODULUS, 0);
        }
    }
}
