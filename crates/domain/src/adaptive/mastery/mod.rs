//! The learner model: per learner and module an ability estimate with its uncertainty.
//!
//! The model is the Rasch model (one-parameter logistic IRT): a learner of ability θ in a
//! module answers a question of difficulty b correctly with probability σ(θ − b). The
//! learner's θ is not known; the platform holds a Gaussian belief N(mean, variance) about
//! it and updates it after every graded answer with the closed-form approximate Bayesian
//! update of Glickman's Glicko system (Glickman 1999, "Parameter estimation in large
//! dynamic paired comparison experiments", Applied Statistics 48) in natural logistic
//! units: the question plays the opponent, its difficulty uncertain too (an author's
//! guess is vaguer than a calibrated value). Between answers the variance grows with
//! time (Glicko's step 1), so an estimate left alone becomes less certain and new
//! evidence moves it more: learners learn and forget. See `docs/decisions/0010-learner-model.md`.
//!
//! Everything here is a pure function of its inputs: replaying the same answers in the
//! same order gives the same state bit for bit.
//!
//! - [`calibration`] — question difficulties estimated from all learners' responses;
//! - [`cat`] — the adaptive diagnostic: which question next, and when to stop;
//! - [`draw`] — the `mastery` weakness rule: K weakest from the estimates, and questions
//!   near the learner's ability.

pub mod calibration;
pub mod cat;
pub mod draw;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::engine::Difficulty;

/// Prior belief about a learner's ability in a module before any evidence: N(0, 1) in
/// logits, the scale on which the author's difficulty 3 is 0.
pub const PRIOR_MEAN: f64 = 0.0;
pub const PRIOR_VARIANCE: f64 = 1.0;
/// Variance added per day without evidence (Glicko's c²): after 30 quiet days a
/// well-known module's standard deviation grows by about 0.35 logits; never beyond the prior.
pub const DRIFT_VARIANCE_PER_DAY: f64 = 0.004;
/// The floor of the variance, so that a learner who keeps practising can still move.
pub const MIN_VARIANCE: f64 = 0.0025;
/// Logits per step of the author's 1..5 difficulty: 1 → −1.5, 3 → 0, 5 → +1.5.
pub const AUTHOR_LOGITS_PER_STEP: f64 = 0.75;
/// How unsure an author's difficulty is (variance, logits²) until calibration replaces it.
pub const AUTHOR_VARIANCE: f64 = 0.5;
/// A question without any difficulty (a lesson quiz): average and vague.
pub const UNRATED_VARIANCE: f64 = 1.0;

const MS_PER_DAY: f64 = 86_400_000.0;

/// A Gaussian belief about a learner's ability in one module, in logits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ability {
    pub mean: f64,
    pub variance: f64,
}

/// A question's difficulty on the ability scale, with how sure the platform is of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemDifficulty {
    pub mean: f64,
    pub variance: f64,
}

impl ItemDifficulty {
    /// The author's 1..5 difficulty as a prior on the logit scale.
    pub fn from_author(d: Difficulty) -> Self {
        ItemDifficulty {
            mean: (f64::from(d.get()) - 3.0) * AUTHOR_LOGITS_PER_STEP,
            variance: AUTHOR_VARIANCE,
        }
    }

    /// A question nothing is known about (lesson quizzes): average difficulty, vague.
    pub fn unrated() -> Self {
        ItemDifficulty {
            mean: 0.0,
            variance: UNRATED_VARIANCE,
        }
    }
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Fisher information of a Rasch item of difficulty `b` at ability `theta`: p(1 − p),
/// at most 1/4 when the item matches the ability. What the adaptive diagnostic maximises.
pub fn information(theta: f64, b: f64) -> f64 {
    let p = sigmoid(theta - b);
    p * (1.0 - p)
}

/// Glicko's attenuation of a logistic comparison by the variance of the other side.
fn attenuation(variance: f64) -> f64 {
    1.0 / (1.0 + 3.0 * variance / (std::f64::consts::PI * std::f64::consts::PI)).sqrt()
}

impl Default for Ability {
    fn default() -> Self {
        Ability::prior()
    }
}

impl Ability {
    pub fn prior() -> Self {
        Ability {
            mean: PRIOR_MEAN,
            variance: PRIOR_VARIANCE,
        }
    }

    pub fn sd(self) -> f64 {
        self.variance.sqrt()
    }

    /// The belief `elapsed_ms` later without evidence: the variance grows by
    /// [`DRIFT_VARIANCE_PER_DAY`] a day, never above the prior's (a negative or zero
    /// elapsed time changes nothing).
    pub fn aged(self, elapsed_ms: i64) -> Self {
        if elapsed_ms <= 0 || self.variance >= PRIOR_VARIANCE {
            return self;
        }
        let days = elapsed_ms as f64 / MS_PER_DAY;
        Ability {
            mean: self.mean,
            variance: (self.variance + DRIFT_VARIANCE_PER_DAY * days).min(PRIOR_VARIANCE),
        }
    }

    /// The probability of a correct answer to `item`, integrating over both
    /// uncertainties (Glicko's expected score).
    pub fn p_correct(self, item: ItemDifficulty) -> f64 {
        sigmoid(attenuation(self.variance + item.variance) * (self.mean - item.mean))
    }

    /// The belief after one graded answer to `item` (Glicko's update, q = 1):
    ///
    /// ```text
    /// g  = 1 / √(1 + 3·w/π²)          w = the item's variance
    /// E  = σ(g·(μ − b))
    /// v' = 1 / (1/v + g²·E·(1 − E))
    /// μ' = μ + v'·g·(y − E)
    /// ```
    ///
    /// A correct answer always raises the mean and a wrong one lowers it (y − E ≠ 0 as
    /// 0 < E < 1), and the variance always shrinks: these are the property tests.
    pub fn update(self, item: ItemDifficulty, correct: bool) -> Self {
        let g = attenuation(item.variance.max(0.0));
        let e = sigmoid(g * (self.mean - item.mean));
        let y = if correct { 1.0 } else { 0.0 };
        let info = g * g * e * (1.0 - e);
        let variance = (1.0 / (1.0 / self.variance + info)).max(MIN_VARIANCE.min(self.variance));
        Ability {
            mean: self.mean + variance * g * (y - e),
            variance,
        }
    }

    /// Mastery as a learner reads it: the chance of answering an average question
    /// (difficulty 3, b = 0) correctly, σ(μ), with its standard deviation by the delta
    /// method, σ'(μ)·sd. "0.31 ± 0.08".
    pub fn mastery(self) -> (f64, f64) {
        let p = sigmoid(self.mean);
        (p, p * (1.0 - p) * self.sd())
    }

    /// Replays graded answers from the prior, ageing the belief between them.
    /// `answers`: (answered at, item, correct) in the order they were graded.
    pub fn replay(answers: &[(i64, ItemDifficulty, bool)]) -> Self {
        let mut state = Ability::prior();
        let mut last: Option<i64> = None;
        for &(at, item, correct) in answers {
            if let Some(prev) = last {
                state = state.aged(at - prev);
            }
            state = state.update(item, correct);
            last = Some(at);
        }
        state
    }
}

/// A module's estimate as the learner sees it, with its evidence count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModuleMastery {
    pub module_id: super::ids::ModuleId,
    pub ability: Ability,
    pub answers: u32,
}

/// "0.31 ± 0.08": mastery with two decimals.
pub fn format_mastery(a: Ability) -> String {
    let (p, sd) = a.mastery();
    format!("{p:.2} ± {sd:.2}")
}
