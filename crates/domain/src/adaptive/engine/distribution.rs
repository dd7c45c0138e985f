//! How many questions each module contributes to an exam.
//!
//! Every module starts at `min`. The remainder goes first to the K weakest modules (ranked
//! by [`weakness_order`], ties as the plan says) in
//! proportion to their errors; what they cannot take (they are full) goes to all other
//! modules, again in proportion to their errors, and equally among modules without
//! errors. A module among the K weakest with no errors at all gets no preference: a
//! learner who made no mistakes gets an even exam, not one skewed to the first modules.
//! A module is full at `min(max, active questions)`, and what it cannot take is shared
//! among the rest ("water filling"). Rounding is by largest remainder, ties going to the
//! weaker module, so that a module with strictly more errors never ends up with fewer
//! questions than a stronger one unless it is full.

use std::cmp::Reverse;

use super::{DrawError, DrawPlan};
use crate::adaptive::ids::ModuleId;
use crate::adaptive::weakness::{weakness_order, Evidence};

/// One module as the distribution sees it, in stage order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Capacity {
    pub module_id: ModuleId,
    /// Errors (total − correct) on the latest evidence; 0 without evidence.
    pub errors: u64,
    /// Questions asked on the latest evidence; 0 without evidence.
    pub asked: u64,
    /// Distinct active questions the module can supply.
    pub available: u32,
}

/// The number of questions per module (same order as `modules`), summing to
/// `plan.total`, or why that is impossible.
///
/// Refusals, checked in this order so the message points at what must change:
/// no modules; `M × min > N` (the settings do not fit this stage); the first module in
/// stage order with fewer than `min` questions (`needed = min`); `M × max < N` (no bank
/// can help); and, when the modules together cannot supply N, the first module whose
/// bank (not `max`) limits it, with `needed` = what it would have to hold to close the
/// gap on its own (capped at `max`).
pub(super) fn distribute_counts(
    modules: &[Capacity],
    plan: &DrawPlan,
) -> Result<Vec<u32>, DrawError> {
    let (min, max) = (plan.min_per_module, plan.max_per_module);
    if min > max {
        return Err(DrawError::InvalidBounds { min, max });
    }
    if modules.is_empty() {
        return Err(DrawError::NoModules);
    }
    let total = u64::from(plan.total);
    let m = modules.len() as u64;
    if m * u64::from(min) > total {
        return Err(DrawError::MinimumsExceedTotal {
            total: plan.total,
            modules: modules.len(),
            min_per_module: min,
        });
    }
    if let Some(short) = modules.iter().find(|c| c.available < min) {
        return Err(DrawError::BankShort {
            module_id: short.module_id,
            needed: min,
            available: short.available,
        });
    }
    if m * u64::from(max) < total {
        return Err(DrawError::MaximumsBelowTotal {
            total: plan.total,
            modules: modules.len(),
            max_per_module: max,
        });
    }
    let caps: Vec<u32> = modules.iter().map(|c| c.available.min(max)).collect();
    let capacity: u64 = caps.iter().map(|&c| u64::from(c)).sum();
    if capacity < total {
        let shortfall = total - capacity;
        // Some module must be limited by its bank: M × max >= N > capacity.
        let limited = modules.iter().find(|c| c.available < max);
        return Err(match limited {
            Some(c) => DrawError::BankShort {
                module_id: c.module_id,
                needed: u32::try_from(u64::from(c.available) + shortfall)
                    .unwrap_or(u32::MAX)
                    .min(max),
                available: c.available,
            },
            None => DrawError::MaximumsBelowTotal {
                total: plan.total,
                modules: modules.len(),
                max_per_module: max,
            },
        });
    }

    let mut counts = vec![min; modules.len()];
    let remainder = total - m * u64::from(min);

    // Weakness rank: most errors first, ties as the plan's rule says.
    let evidence: Vec<Evidence> = modules
        .iter()
        .map(|c| Evidence {
            module_id: c.module_id,
            errors: c.errors,
            asked: c.asked,
        })
        .collect();
    let by_weakness = weakness_order(&evidence, plan.ties);
    let k = usize::try_from(plan.weak_modules)
        .unwrap_or(usize::MAX)
        .min(modules.len());
    let (weak, others) = by_weakness.split_at(k);
    let mut rank_of = vec![0usize; modules.len()];
    for (rank, &i) in by_weakness.iter().enumerate() {
        rank_of[i] = rank;
    }

    let member = |&i: &usize| Member {
        index: i,
        weight: modules[i].errors,
        headroom: u64::from(caps[i] - min),
    };
    // Phase 1: the weak modules that have errors, in proportion to them.
    let (weak_with_errors, weak_without): (Vec<usize>, Vec<usize>) =
        weak.iter().partition(|&&i| modules[i].errors > 0);
    let phase_one: Vec<Member> = weak_with_errors.iter().map(member).collect();
    let leftover = apportion(remainder, phase_one, &mut counts);
    // Phase 2: everyone else, still weakest first. Phase 1 only leaves something when
    // its members are full, so they need not take part.
    let mut phase_two_order: Vec<usize> = weak_without;
    phase_two_order.extend_from_slice(others);
    phase_two_order.sort_by_key(|&i| rank_of[i]);
    let phase_two: Vec<Member> = phase_two_order.iter().map(member).collect();
    let leftover = apportion(leftover, phase_two, &mut counts);
    debug_assert_eq!(leftover, 0, "capacity >= total was checked");
    Ok(counts)
}

/// A module taking part in one apportionment round.
#[derive(Debug, Clone, Copy)]
struct Member {
    index: usize,
    weight: u64,
    headroom: u64,
}

/// Shares `amount` among `members` (listed weakest first) in proportion to their
/// weights, none beyond its headroom; returns what nobody could take.
///
/// Each round gives every active member its largest-remainder quota; members whose
/// quota exceeds their headroom are filled and leave, and the rest is shared again.
/// When all remaining weights are zero they share equally. Seats left by rounding go
/// to the largest fractional parts, ties to the member listed first (the weaker).
fn apportion(mut amount: u64, members: Vec<Member>, counts: &mut [u32]) -> u64 {
    let mut active: Vec<Member> = members.into_iter().filter(|m| m.headroom > 0).collect();
    while amount > 0 && !active.is_empty() {
        let weight_sum: u64 = active.iter().map(|m| m.weight).sum();
        let weight = |m: &Member| if weight_sum == 0 { 1 } else { m.weight };
        let denominator = if weight_sum == 0 {
            active.len() as u64
        } else {
            weight_sum
        };
        // u128: amount × weight may exceed u64 with absurd inputs.
        let mut quotas: Vec<(u64, u128)> = active
            .iter()
            .map(|m| {
                let exact = u128::from(amount) * u128::from(weight(m));
                let d = u128::from(denominator);
                ((exact / d) as u64, exact % d)
            })
            .collect();
        let floor_sum: u64 = quotas.iter().map(|q| q.0).sum();
        let mut seat_order: Vec<usize> = (0..active.len()).collect();
        seat_order.sort_by_key(|&p| Reverse(quotas[p].1));
        let seats = (amount - floor_sum) as usize;
        for &p in seat_order.iter().take(seats) {
            quotas[p].0 += 1;
        }

        let overflowing = active.iter().zip(&quotas).any(|(m, q)| q.0 > m.headroom);
        if !overflowing {
            for (m, q) in active.iter().zip(&quotas) {
                add(counts, m.index, q.0);
            }
            return 0;
        }
        let mut still_active = Vec::with_capacity(active.len());
        for (m, q) in active.into_iter().zip(&quotas) {
            if q.0 > m.headroom {
                add(counts, m.index, m.headroom);
                amount -= m.headroom;
            } else {
                still_active.push(m);
            }
        }
        active = still_active;
    }
    amount
}

/// Adds to a module's count; the sum never exceeds the module's cap, itself a `u32`.
fn add(counts: &mut [u32], index: usize, extra: u64) {
    counts[index] = counts[index].saturating_add(u32::try_from(extra).unwrap_or(u32::MAX));
}
