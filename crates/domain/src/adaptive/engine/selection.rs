//! Which questions of a module are drawn, reproducibly from the attempt's seed.
//!
//! The seed is stored on the attempt, so the draw must be a pure function of it and of
//! the inputs, today and after a dependency upgrade. Hence: candidates are sorted by
//! question id first (input order and hash-map order do not matter); the generator is
//! ChaCha8 keyed by the seed's little-endian bytes, with the module id as stream number
//! (a module's draw does not depend on how many questions the other modules got); and
//! the shuffle is a hand-written Fisher–Yates with rejection sampling on raw `u64`
//! output, whose results are fixed by the ChaCha algorithm rather than by the `rand`
//! crate's sampling code, which has changed between versions.

use std::collections::BTreeSet;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::BankQuestion;
use crate::adaptive::ids::{ModuleId, QuestionId};

/// The generator for one module of one draw.
pub(super) fn module_rng(seed: u64, module_id: ModuleId) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    // Same bits, reinterpreted: any distinct id gives a distinct stream.
    rng.set_stream(module_id.0 as u64);
    rng
}

/// A uniform integer in `0..bound` (`bound > 0`), without modulo bias.
pub(super) fn below(rng: &mut ChaCha8Rng, bound: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX - bound + 1) % bound;
    loop {
        let x = rng.next_u64();
        if x <= zone {
            return x % bound;
        }
    }
}

/// Moves a uniformly random choice of `count` items to the front, in random order
/// (partial Fisher–Yates), and drops the rest.
fn choose<T>(rng: &mut ChaCha8Rng, mut items: Vec<T>, count: usize) -> Vec<T> {
    let count = count.min(items.len());
    for i in 0..count {
        let j = i + below(rng, (items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items.truncate(count);
    items
}

/// `count` questions from `pool` (distinct, of one module): unseen questions first,
/// seen ones only when the unseen run out; then ordered by difficulty, easiest first,
/// keeping the random order among equal difficulties.
///
/// Callers guarantee `count <= pool.len()` and that `pool` has no duplicate ids.
pub(super) fn pick(
    rng: &mut ChaCha8Rng,
    pool: &[BankQuestion],
    seen: &BTreeSet<QuestionId>,
    count: usize,
) -> Vec<BankQuestion> {
    let mut sorted = pool.to_vec();
    sorted.sort_by_key(|q| q.id);
    let (seen_pool, unseen): (Vec<_>, Vec<_>) =
        sorted.into_iter().partition(|q| seen.contains(&q.id));
    let from_unseen = count.min(unseen.len());
    let mut chosen = choose(rng, unseen, from_unseen);
    chosen.extend(choose(rng, seen_pool, count - from_unseen));
    chosen.sort_by_key(|q| q.difficulty);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_hits_every_value() {
        let mut rng = module_rng(7, ModuleId(1));
        let mut hit = [false; 5];
        for _ in 0..500 {
            let v = below(&mut rng, 5) as usize;
            hit[v] = true;
        }
        assert!(hit.iter().all(|h| *h));
        assert_eq!(below(&mut rng, 1), 0);
        assert!(below(&mut rng, u64::MAX) < u64::MAX);
    }

    #[test]
    fn the_generator_is_fixed_by_seed_and_module() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = module_rng(42, ModuleId(3));
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = module_rng(42, ModuleId(3));
                move |_| r.next_u64()
            })
            .collect();
        let other_module = module_rng(42, ModuleId(4)).next_u64();
        let other_seed = module_rng(43, ModuleId(3)).next_u64();
        assert_eq!(a, b);
        assert_ne!(a[0], other_module);
        assert_ne!(a[0], other_seed);
    }

    #[test]
    fn choose_is_a_permutation_prefix() {
        let mut rng = module_rng(1, ModuleId(1));
        let items: Vec<u32> = (0..10).collect();
        let mut chosen = choose(&mut rng, items, 10);
        chosen.sort();
        assert_eq!(chosen, (0..10).collect::<Vec<_>>());
        assert_eq!(choose(&mut rng, vec![1, 2, 3], 5).len(), 3);
    }
}
