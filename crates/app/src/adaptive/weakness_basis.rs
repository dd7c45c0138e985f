//! What "weakest" rests on for a learner's stage under the pinned rule, in the form the
//! engine ranks by and the form the "why" sentences name.

use std::collections::BTreeMap;

use practicum_domain::adaptive::mastery::cat::standings;
use practicum_domain::adaptive::{
    mastery::{draw::mastery_stats, Ability},
    reasons::{weakness_reason, WeaknessEvidence},
    weakest_modules, ModuleId, ModuleResult, ModuleStats, StageKey, WeaknessRule, WeaknessTies,
};
use practicum_store::{
    adaptive::{attempts, mastery},
    Session,
};

use super::{adaptive_diagnostic::cat_answers, context::Learner};
use crate::AppError;

/// The modules of the learner's track ranked by the pinned rule.
pub(crate) struct Ranking {
    /// The estimates (all modules; the prior where none), for the `mastery` draw.
    pub estimates: Vec<(ModuleId, Ability)>,
    /// Module ids weakest first (the whole order; the first K are singled out).
    pub order: Vec<ModuleId>,
    evidence: BTreeMap<ModuleId, WeaknessEvidence>,
    k: usize,
}

impl Ranking {
    /// Why `module` is or is not among the K weakest.
    pub fn reason(&self, l: &Learner, module: ModuleId) -> String {
        let rank = self
            .order
            .iter()
            .position(|m| *m == module)
            .unwrap_or(self.order.len());
        let evidence = self
            .evidence
            .get(&module)
            .copied()
            .unwrap_or(WeaknessEvidence::Mastery(Ability::prior()));
        weakness_reason(&l.module_name(module.0), evidence, rank, self.k)
    }

    pub fn weak(&self) -> &[ModuleId] {
        &self.order[..self.k.min(self.order.len())]
    }
}

/// Ranks the learner's modules: `evidence` is the latest errors evidence (diagnostic or
/// last passed exam), used under `errors`; under `mastery` the stored estimates are,
/// except at `trainee_0`, where the diagnostic's own estimates are (see the body).
pub(crate) async fn rank_modules(
    s: &mut dyn Session,
    l: &Learner,
    evidence: &[ModuleResult],
    ties: WeaknessTies,
) -> Result<Ranking, AppError> {
    let module_ids: Vec<i64> = l.modules.iter().map(|m| m.id).collect();
    let stored = mastery::estimates(s, l.progress.user_id, &module_ids).await?;
    let mut estimates: Vec<(ModuleId, Ability)> = l
        .modules
        .iter()
        .map(|m| {
            let a = stored
                .iter()
                .find(|e| e.module_id == m.id)
                .map_or(Ability::prior(), |e| e.ability);
            (ModuleId(m.id), a)
        })
        .collect();
    // At trainee_0 the evidence is the diagnostic: rank by what its result says (the
    // estimates of its answers, each module's prior centred on the learner's level), so
    // the reading goes to the modules the diagnostic named weak.
    if l.progress.key == StageKey::TRAINEE_0 && l.settings.weakness == WeaknessRule::Mastery {
        if let Some(diagnostic) = attempts::diagnostic_of(s, l.progress.user_id).await? {
            let answers = cat_answers(s, diagnostic.id).await?;
            if !answers.is_empty() {
                estimates = standings(
                    &l.stage_modules(),
                    &answers,
                    l.settings.content_k_weak_modules,
                )
                .into_iter()
                .map(|m| (m.module_id, m.ability))
                .collect();
            }
        }
    }
    let source = if l.progress.key == StageKey::TRAINEE_0 {
        "diagnostic"
    } else {
        "last exam"
    };
    // What the engine ranks by, in module order: errors on the latest evidence, or
    // (under `mastery`) the expected errors of the estimates.
    let (stats, evidence_of): (Vec<ModuleResult>, BTreeMap<ModuleId, WeaknessEvidence>) =
        match l.settings.weakness {
            WeaknessRule::Errors => {
                let stats: Vec<ModuleResult> = l
                    .modules
                    .iter()
                    .map(|m| ModuleResult {
                        module_id: ModuleId(m.id),
                        stats: evidence
                            .iter()
                            .find(|e| e.module_id.0 == m.id)
                            .map_or(ModuleStats::default(), |e| e.stats),
                    })
                    .collect();
                let why = stats
                    .iter()
                    .map(|r| {
                        (
                            r.module_id,
                            WeaknessEvidence::Errors {
                                errors: r.stats.errors(),
                                asked: r.stats.total,
                                source,
                            },
                        )
                    })
                    .collect();
                (stats, why)
            }
            WeaknessRule::Mastery => (
                mastery_stats(&l.stage_modules(), &estimates),
                estimates
                    .iter()
                    .map(|(m, a)| (*m, WeaknessEvidence::Mastery(*a)))
                    .collect(),
            ),
        };
    let k = usize::try_from(l.settings.content_k_weak_modules).unwrap_or(usize::MAX);
    let order = weakest_modules(&stats, stats.len(), ties);
    Ok(Ranking {
        estimates,
        order,
        evidence: evidence_of,
        k,
    })
}
