//! Item calibration: question difficulties estimated from every learner's responses.
//!
//! Joint maximum a posteriori estimation of the Rasch model (JMAP): abilities (one per
//! learner and module) have the model's prior N(0, 1), difficulties the author's
//! difficulty as prior, and the two are estimated in alternation by Newton steps until
//! nothing moves (Mislevy & Stocking 1989 on Bayesian item estimation; the priors keep
//! the joint estimates finite where plain JML diverges on all-correct or all-wrong
//! patterns, and anchor the scale on the authors' difficulties). A question with few
//! responses stays near its author's value; a question with many follows the data.
//!
//! Each question also gets the statistics an item review needs: how many responses, the
//! share correct, and its discrimination (the point-biserial correlation between being
//! right and the learner's estimated ability). Flags name what an admin should look at.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{information, sigmoid, ItemDifficulty, PRIOR_MEAN, PRIOR_VARIANCE};
use crate::adaptive::ids::QuestionId;

/// Responses needed before a question is judged (flags) or its estimate trusted.
pub const MIN_RESPONSES_FOR_FLAGS: u32 = 20;
/// At or above this share correct, a question is too easy (everyone answers it).
pub const TOO_EASY_SHARE: f64 = 0.95;
/// At or below this share correct, a question is too hard (no one answers it).
pub const TOO_HARD_SHARE: f64 = 0.05;
const MAX_ROUNDS: usize = 100;
const TOLERANCE: f64 = 1e-6;
/// Newton steps are clamped to this many logits, so a round never overshoots.
const MAX_STEP: f64 = 1.0;

/// One graded answer: which learner-module (any key the caller chooses), which question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    pub person: u64,
    pub question: QuestionId,
    pub correct: bool,
}

/// Something an admin should review about a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemFlag {
    /// (Almost) everyone answers it correctly: it tells learners apart poorly.
    TooEasy,
    /// (Almost) no one answers it correctly: wrong key, or far above the stage.
    TooHard,
    /// Stronger learners miss it more often than weaker ones: ambiguous or mis-keyed.
    NegativeDiscrimination,
}

impl ItemFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemFlag::TooEasy => "too_easy",
            ItemFlag::TooHard => "too_hard",
            ItemFlag::NegativeDiscrimination => "negative_discrimination",
        }
    }
}

/// A question's calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEstimate {
    pub question: QuestionId,
    /// Posterior difficulty (logits) and its variance.
    pub difficulty: ItemDifficulty,
    pub responses: u32,
    pub share_correct: f64,
    /// Point-biserial correlation of correctness with the learners' estimated ability;
    /// `None` while all answers agree or all learners look alike.
    pub discrimination: Option<f64>,
    pub flags: Vec<ItemFlag>,
}

/// Calibrates every question of `priors` from `responses` (responses to other questions
/// are ignored). Deterministic: the result depends on the set of responses, not their
/// order. A question without responses keeps its prior.
pub fn calibrate(
    priors: &BTreeMap<QuestionId, ItemDifficulty>,
    responses: &[Response],
) -> Vec<ItemEstimate> {
    let responses: Vec<&Response> = responses
        .iter()
        .filter(|r| priors.contains_key(&r.question))
        .collect();
    let mut items: BTreeMap<QuestionId, f64> = priors.iter().map(|(q, p)| (*q, p.mean)).collect();
    let mut persons: BTreeMap<u64, f64> =
        responses.iter().map(|r| (r.person, PRIOR_MEAN)).collect();
    let mut by_person: BTreeMap<u64, Vec<(QuestionId, bool)>> = BTreeMap::new();
    let mut by_item: BTreeMap<QuestionId, Vec<(u64, bool)>> = BTreeMap::new();
    for r in &responses {
        by_person
            .entry(r.person)
            .or_default()
            .push((r.question, r.correct));
        by_item
            .entry(r.question)
            .or_default()
            .push((r.person, r.correct));
    }
    // Sums in a fixed order: the result depends on the set of responses, not their order.
    by_person.values_mut().for_each(|v| v.sort_unstable());
    by_item.values_mut().for_each(|v| v.sort_unstable());
    for _ in 0..MAX_ROUNDS {
        let mut moved: f64 = 0.0;
        for (person, answers) in &by_person {
            let theta = persons[person];
            let (mut grad, mut hess) =
                (-(theta - PRIOR_MEAN) / PRIOR_VARIANCE, 1.0 / PRIOR_VARIANCE);
            for (q, correct) in answers {
                let p = sigmoid(theta - items[q]);
                grad += f64::from(u8::from(*correct)) - p;
                hess += p * (1.0 - p);
            }
            let step = (grad / hess).clamp(-MAX_STEP, MAX_STEP);
            moved = moved.max(step.abs());
            persons.insert(*person, theta + step);
        }
        for (q, answers) in &by_item {
            let prior = priors[q];
            let b = items[q];
            let (mut grad, mut hess) = (-(b - prior.mean) / prior.variance, 1.0 / prior.variance);
            for (person, correct) in answers {
                let p = sigmoid(persons[person] - b);
                grad -= f64::from(u8::from(*correct)) - p;
                hess += p * (1.0 - p);
            }
            let step = (grad / hess).clamp(-MAX_STEP, MAX_STEP);
            moved = moved.max(step.abs());
            items.insert(*q, b + step);
        }
        if moved < TOLERANCE {
            break;
        }
    }
    priors
        .iter()
        .map(|(q, prior)| {
            let answers = by_item.get(q).map_or(&[][..], Vec::as_slice);
            let b = items[q];
            let info: f64 = answers
                .iter()
                .map(|(person, _)| information(persons[person], b))
                .sum();
            let n = answers.len();
            let correct = answers.iter().filter(|(_, c)| *c).count();
            let share = if n == 0 {
                0.0
            } else {
                correct as f64 / n as f64
            };
            let discrimination = point_biserial(answers, &persons);
            let responses = u32::try_from(n).unwrap_or(u32::MAX);
            let mut flags = Vec::new();
            if responses >= MIN_RESPONSES_FOR_FLAGS {
                if share >= TOO_EASY_SHARE {
                    flags.push(ItemFlag::TooEasy);
                }
                if share <= TOO_HARD_SHARE {
                    flags.push(ItemFlag::TooHard);
                }
                if discrimination.is_some_and(|r| r < 0.0) {
                    flags.push(ItemFlag::NegativeDiscrimination);
                }
            }
            ItemEstimate {
                question: *q,
                difficulty: ItemDifficulty {
                    mean: b,
                    variance: 1.0 / (1.0 / prior.variance + info),
                },
                responses,
                share_correct: share,
                discrimination,
                flags,
            }
        })
        .collect()
}

/// The Pearson correlation between correctness (0/1) and the person's ability.
fn point_biserial(answers: &[(u64, bool)], persons: &BTreeMap<u64, f64>) -> Option<f64> {
    let n = answers.len() as f64;
    if answers.len() < 2 {
        return None;
    }
    let ys: Vec<f64> = answers
        .iter()
        .map(|(_, c)| f64::from(u8::from(*c)))
        .collect();
    let xs: Vec<f64> = answers.iter().map(|(p, _)| persons[p]).collect();
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    if vx <= f64::EPSILON || vy <= f64::EPSILON {
        return None;
    }
    Some(cov / (vx * vy).sqrt())
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::adaptive::engine::Difficulty;

    fn uniform(rng: &mut ChaCha8Rng) -> f64 {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(rng: &mut ChaCha8Rng) -> f64 {
        let (u, v) = (uniform(rng).max(1e-12), uniform(rng));
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// 30 questions with true difficulties spread over −2..2, authors off by a
    /// difficulty step either way; `learners` simulated learners answer all of them.
    fn simulate(learners: u64, seed: u64) -> (f64, f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let truth: Vec<f64> = (0..30).map(|i| -2.0 + 4.0 * f64::from(i) / 29.0).collect();
        let priors: BTreeMap<QuestionId, ItemDifficulty> = truth
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let step = ((b / AUTHOR_STEP).round() + 3.0 + if i % 2 == 0 { 1.0 } else { -1.0 })
                    .clamp(1.0, 5.0) as u8;
                let d = Difficulty::new(step).unwrap_or(Difficulty::new(3).unwrap());
                (QuestionId(i as i64), ItemDifficulty::from_author(d))
            })
            .collect();
        let mut responses = Vec::new();
        for person in 0..learners {
            let theta = normal(&mut rng);
            for (i, b) in truth.iter().enumerate() {
                let correct = uniform(&mut rng) < sigmoid(theta - b);
                responses.push(Response {
                    person,
                    question: QuestionId(i as i64),
                    correct,
                });
            }
        }
        let rmse = |values: Vec<f64>| {
            (values
                .iter()
                .zip(&truth)
                .map(|(v, t)| (v - t).powi(2))
                .sum::<f64>()
                / truth.len() as f64)
                .sqrt()
        };
        let before = rmse(priors.values().map(|p| p.mean).collect());
        let after = rmse(
            calibrate(&priors, &responses)
                .iter()
                .map(|e| e.difficulty.mean)
                .collect(),
        );
        (before, after)
    }

    const AUTHOR_STEP: f64 = super::super::AUTHOR_LOGITS_PER_STEP;

    #[test]
    fn calibration_recovers_difficulties_and_improves_with_more_learners() {
        let (prior_error, with_50) = simulate(50, 1);
        let (_, with_400) = simulate(400, 1);
        assert!(with_50 < prior_error, "{with_50} vs prior {prior_error}");
        assert!(with_400 < with_50, "{with_400} vs {with_50}");
        assert!(with_400 < 0.3, "{with_400}");
    }

    #[test]
    fn no_responses_keep_the_prior_and_flags_need_evidence() {
        let d = ItemDifficulty::from_author(Difficulty::new(4).unwrap());
        let priors = BTreeMap::from([(QuestionId(1), d)]);
        let out = calibrate(&priors, &[]);
        assert_eq!(out[0].difficulty, d);
        assert_eq!(out[0].responses, 0);
        assert!(out[0].flags.is_empty());
        // Everyone right, but only 5 answers: no flag yet.
        let few: Vec<Response> = (0..5)
            .map(|p| Response {
                person: p,
                question: QuestionId(1),
                correct: true,
            })
            .collect();
        assert!(calibrate(&priors, &few)[0].flags.is_empty());
    }

    #[test]
    fn everyone_or_no_one_and_inverted_questions_are_flagged() {
        let d = ItemDifficulty::from_author(Difficulty::new(3).unwrap());
        let priors: BTreeMap<QuestionId, ItemDifficulty> =
            (1..=5).map(|q| (QuestionId(q), d)).collect();
        let mut responses = Vec::new();
        for person in 0..40u64 {
            let strong = person >= 20;
            // 1 and 2 tell strong from weak; 3 everyone right; 4 no one right;
            // 5 the weak right and the strong wrong.
            for (q, correct) in [
                (1, strong),
                (2, strong || person % 4 == 0),
                (3, true),
                (4, false),
                (5, !strong),
            ] {
                responses.push(Response {
                    person,
                    question: QuestionId(q),
                    correct,
                });
            }
        }
        let out = calibrate(&priors, &responses);
        let flags = |q: i64| {
            out.iter()
                .find(|e| e.question == QuestionId(q))
                .unwrap()
                .flags
                .clone()
        };
        assert_eq!(flags(1), vec![]);
        assert_eq!(flags(3), vec![ItemFlag::TooEasy]);
        assert_eq!(flags(4), vec![ItemFlag::TooHard]);
        assert_eq!(flags(5), vec![ItemFlag::NegativeDiscrimination]);
        let b = |q: i64| {
            out.iter()
                .find(|e| e.question == QuestionId(q))
                .unwrap()
                .difficulty
                .mean
        };
        assert!(b(3) < b(1) && b(1) < b(4), "{} {} {}", b(3), b(1), b(4));
        // The order of the responses does not matter.
        responses.reverse();
        assert_eq!(calibrate(&priors, &responses), out);
    }
}
