//! Which modules are the weakest, and how modules equally weak are ordered.
//!
//! Weakness is the number of errors (total − correct) on the latest evidence: the
//! diagnostic at `trainee_0`, then the last passed exam of the previous stage. Ties are
//! common — with 3 diagnostic questions per module more than half of the learners have
//! one at the K-th place — so how they break decides which modules get required reading
//! and an exam's extra questions. A settings version names its rule ([`TieBreak`]):
//!
//! - [`TieBreak::FewerAskedThenDraw`], every version created since the rule existed:
//!   among equal errors, the module with fewer questions asked comes first (less
//!   evidence that the learner is strong in it), and modules still tied are ordered by a
//!   draw from a seed chosen once per learner and stage and stored with the content
//!   assignment, so the choice replays identically and every tied module has the same
//!   chance;
//! - [`TieBreak::ModuleOrder`], versions created before: equal errors keep module order
//!   (which favoured the first modules). A stage pinned to such a version ranks exactly
//!   as it always did.

use std::cmp::Reverse;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::grading::ModuleResult;
use super::ids::ModuleId;

/// How a settings version breaks ties between equally weak modules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Equal errors keep module order: the rule of settings versions created before the
    /// fair tie-break, kept so that stages pinned to them behave as they did.
    ModuleOrder,
    /// Fewer questions asked first, then a draw seeded per learner and stage.
    #[default]
    FewerAskedThenDraw,
}

impl TieBreak {
    /// Every rule, in the order the API lists them.
    pub const ALL: [TieBreak; 2] = [TieBreak::ModuleOrder, TieBreak::FewerAskedThenDraw];

    /// The rule's name in settings documents and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            TieBreak::ModuleOrder => "module_order",
            TieBreak::FewerAskedThenDraw => "fewer_asked_then_draw",
        }
    }

    /// The ranking this rule gives with the learner's stored tie seed. Without a seed
    /// (content assigned before seeds were stored, which only happened under
    /// module-order versions) ties keep module order.
    pub fn with_seed(self, seed: Option<u64>) -> WeaknessTies {
        match (self, seed) {
            (TieBreak::FewerAskedThenDraw, Some(seed)) => WeaknessTies::FewerAskedThenDraw { seed },
            _ => WeaknessTies::ModuleOrder,
        }
    }
}

/// A tie-break rule made concrete for one learner and stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum WeaknessTies {
    /// Equal errors keep module order.
    #[default]
    ModuleOrder,
    /// Equal errors: fewer questions asked first, then the order of a draw from `seed`.
    FewerAskedThenDraw { seed: u64 },
}

/// A module as the weakness ranking sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evidence {
    pub module_id: ModuleId,
    /// Wrong answers on the latest evidence (0 without evidence).
    pub errors: u64,
    /// Questions asked on the latest evidence (0 without evidence).
    pub asked: u64,
}

/// Indices into `modules` (given in module order), weakest first: most errors first,
/// then as `ties` says.
pub(crate) fn weakness_order(modules: &[Evidence], ties: WeaknessTies) -> Vec<usize> {
    let mut order: Vec<usize> = (0..modules.len()).collect();
    // Stable sorts: whatever the keys leave equal keeps module order.
    match ties {
        WeaknessTies::ModuleOrder => order.sort_by_key(|&i| Reverse(modules[i].errors)),
        WeaknessTies::FewerAskedThenDraw { seed } => order.sort_by_cached_key(|&i| {
            let m = modules[i];
            (Reverse(m.errors), m.asked, tie_key(seed, m.module_id))
        }),
    }
    order
}

/// The `k` weakest modules of `stats` (pass them in module order), ranked as `ties`
/// says. Returns `min(k, stats.len())` modules even when some have no errors, since
/// content assignment gives required reading to exactly K modules.
pub fn weakest_modules(stats: &[ModuleResult], k: usize, ties: WeaknessTies) -> Vec<ModuleId> {
    let evidence: Vec<Evidence> = stats
        .iter()
        .map(|r| Evidence {
            module_id: r.module_id,
            errors: u64::from(r.stats.errors()),
            asked: u64::from(r.stats.total),
        })
        .collect();
    weakness_order(&evidence, ties)
        .into_iter()
        .take(k)
        .map(|i| stats[i].module_id)
        .collect()
}

/// The module's place in the learner's tie draw: the first output of ChaCha8 keyed by
/// the seed (and a tag, so that it never shares a stream with an attempt's question
/// draw) on the module's stream. Sorting tied modules by it orders them uniformly at
/// random, independently of how many modules there are or of their order; the value is
/// fixed by the ChaCha algorithm, so a stored seed replays after any upgrade.
fn tie_key(seed: u64, module_id: ModuleId) -> u64 {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(b"weakness");
    let mut rng = ChaCha8Rng::from_seed(key);
    // Same bits, reinterpreted: any distinct id gives a distinct stream.
    rng.set_stream(module_id.0 as u64);
    rng.next_u64()
}

#[cfg(test)]
#[path = "weakness_tests.rs"]
mod tests;
