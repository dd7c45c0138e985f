//! What the model changes downstream: calibration error after N learners, exam attempts
//! to pass under `errors` and `mastery`, and retention with and without spaced review.

use std::time::Duration;

use practicum_app::{
    adaptive::AnswerInput,
    identity::{Actor, EnsureAdmin},
    PageRequest,
};
use practicum_auth::Scope;
use practicum_domain::{
    adaptive::{ContentKind, ExamKind},
    identity::{Role, UserId},
};
use serde_json::json;

use super::diagnostic::{take, Diagnostic};
use super::world::{
    answer, parse_question, sigmoid, track_document, Bank, Learner, Model, Rand, World,
};

/// Calibration error after a number of learners.
#[derive(Debug, Clone, Copy)]
pub struct CalibrationPoint {
    pub learners: usize,
    /// RMSE of the authors' difficulties (on the logit scale) against the truth.
    pub author_rmse: f64,
    /// RMSE of the calibrated difficulties against the truth.
    pub calibrated_rmse: f64,
    pub questions: usize,
}

async fn admin(world: &World) -> anyhow::Result<Actor> {
    let user = world
        .app
        .create_user_with_role(
            EnsureAdmin {
                email: "admin@simulate.example".into(),
                password: "simulated-admin-password".into(),
                full_name: "Admin".into(),
            },
            Role::Admin,
        )
        .await?;
    Ok(Actor {
        id: user.user_id,
        role: Role::Admin,
        scope: Scope::Admin,
    })
}

/// Learners take a long fixed diagnostic (12 per module); after each checkpoint the
/// `calibrate_items` use-case runs and the calibrated difficulties are compared with
/// the truth. The scale is anchored by the authors' priors, so the error is measured
/// after removing the mean offset (Rasch difficulties are identified up to a shift).
pub async fn calibration(
    world: &World,
    bank: &Bank,
    learners: &[Learner],
    checkpoints: &[usize],
    rng: &mut Rand,
) -> anyhow::Result<Vec<CalibrationPoint>> {
    let slug = "sim-calibration";
    let config = Diagnostic::Fixed {
        per_module: 12,
        mastery: true,
    };
    let settings = json!({"diagnostic_questions_per_module": 12});
    world
        .app
        .install_track(track_document(slug, bank, settings)?)
        .await?;
    let admin = admin(world).await?;
    let mut out = Vec::new();
    for (n, learner) in learners.iter().enumerate() {
        let user = world.learner(slug).await?;
        take(world, user, learner, bank, config, rng).await?;
        if !checkpoints.contains(&(n + 1)) {
            continue;
        }
        world.app.calibrate_items().await?;
        let mut pairs = Vec::new();
        for page in 1.. {
            let list = world
                .app
                .list_calibrations(&admin, slug, false, PageRequest::new(Some(page), Some(100)))
                .await?;
            for c in &list.items {
                if let Some((m, i)) = parse_question(&c.question.text) {
                    pairs.push((
                        bank.truth[m][i],
                        c.author_logit,
                        c.question.calibration.difficulty,
                    ));
                }
            }
            if list.items.len() < 100 {
                break;
            }
        }
        let rmse = |f: &dyn Fn(&(f64, f64, f64)) -> f64| {
            let shift = pairs.iter().map(|p| f(p) - p.0).sum::<f64>() / pairs.len().max(1) as f64;
            (pairs
                .iter()
                .map(|p| (f(p) - shift - p.0).powi(2))
                .sum::<f64>()
                / pairs.len().max(1) as f64)
                .sqrt()
        };
        out.push(CalibrationPoint {
            learners: n + 1,
            author_rmse: rmse(&|p| p.1),
            calibrated_rmse: rmse(&|p| p.2),
            questions: pairs.len(),
        });
    }
    Ok(out)
}

/// Exam attempts to pass under one weakness rule.
#[derive(Debug, Clone, Copy)]
pub struct ExamOutcome {
    pub mastery: bool,
    /// Mean attempts until the level exam passed (learners who passed within the cap).
    pub attempts: f64,
    /// Share of learners who passed within the cap.
    pub passed: f64,
    /// Share of the true weak modules given required reading.
    pub recall: f64,
}

const READING_GAIN: f64 = 1.5;
const STUDY_GAIN: f64 = 0.3;
const MAX_EXAM_ATTEMPTS: usize = 8;

/// Diagnostic (3 per module), content assigned by the rule, reading the required
/// articles teaches (+1.5 logits in their module), mini-tests retaken until passed,
/// then level exams until passed; after a failed attempt the learner studies each module
/// it missed questions of (+0.3).
pub async fn exams(
    world: &World,
    model: &Model,
    bank: &Bank,
    learners: &[Learner],
    mastery: bool,
    rng: &mut Rand,
) -> anyhow::Result<ExamOutcome> {
    let slug = if mastery {
        "sim-exam-mastery"
    } else {
        "sim-exam-errors"
    };
    let settings = json!({"content_k_weak_modules": model.weak, "diagnostic_questions_per_module": 3,
        "weakness": if mastery { "mastery" } else { "errors" },
        "minitest_questions": 3, "minitest_pass_correct": 3, "level_exam_questions": 12,
        "min_questions_per_module": 1, "max_questions_per_module": 6, "level_exam_pass_pct": 70});
    world
        .app
        .install_track(track_document(slug, bank, settings)?)
        .await?;
    let track = world.app.get_track(slug).await?;
    let index_of = |module_id: i64| {
        track
            .modules
            .iter()
            .find(|m| m.module_id == module_id)
            .and_then(|m| m.name.strip_prefix("Module ")?.parse::<usize>().ok())
            .map(|n| n - 1)
    };
    let config = Diagnostic::Fixed {
        per_module: 3,
        mastery,
    };
    let (mut attempts_sum, mut passed, mut found) = (0usize, 0usize, 0usize);
    for original in learners {
        let mut learner = original.clone();
        let user = world.learner(slug).await?;
        take(world, user, &learner, bank, config, rng).await?;
        let content = world.app.assign_content(user).await?;
        let truth = learner.weakest(model.weak);
        for item in &content.items {
            match item.kind {
                ContentKind::Optional => world.app.mark_content_read(user, item.article_id).await?,
                ContentKind::Required => {
                    if let Some(m) = index_of(item.module_id) {
                        found += usize::from(truth.contains(&m));
                        learner.theta[m] += READING_GAIN;
                        pass_minitest(world, user, item.article_id, learner.theta[m], rng).await?;
                    }
                }
            }
        }
        for attempt in 1..=MAX_EXAM_ATTEMPTS {
            let exam = world.app.start_exam(user, ExamKind::Level).await?;
            let graded: Vec<(i64, i64, bool, i64)> = exam
                .questions
                .iter()
                .map(|q| {
                    let (qid, oid, right) = answer(q, &learner, bank, 0.5, rng);
                    (qid, oid, right, q.module_id)
                })
                .collect();
            let answers = graded
                .iter()
                .map(|g| AnswerInput {
                    question_id: g.0,
                    option_id: g.1,
                })
                .collect();
            let result = world
                .app
                .submit_exam(user, ExamKind::Level, exam.attempt_id, answers)
                .await?;
            if result.passed {
                attempts_sum += attempt;
                passed += 1;
                break;
            }
            for g in graded.iter().filter(|g| !g.2) {
                if let Some(m) = index_of(g.3) {
                    learner.theta[m] += STUDY_GAIN;
                }
            }
        }
    }
    let n = learners.len().max(1) as f64;
    Ok(ExamOutcome {
        mastery,
        attempts: attempts_sum as f64 / passed.max(1) as f64,
        passed: passed as f64 / n,
        recall: found as f64 / (n * model.weak as f64),
    })
}

async fn pass_minitest(
    world: &World,
    user: UserId,
    article_id: i64,
    mut theta: f64,
    rng: &mut Rand,
) -> anyhow::Result<()> {
    for _ in 0..200 {
        // The checks are difficulty 2 (−0.75 logits); each failed try sends the learner
        // back to the article (+0.3).
        let p = sigmoid(theta + 0.75);
        let questions = world.app.get_minitest(user, article_id).await?;
        let answers = questions
            .iter()
            .map(|q| {
                let right = rng.uniform() < p;
                let want = if right { "right" } else { "wrong" };
                AnswerInput {
                    question_id: q.question_id,
                    option_id: q
                        .options
                        .iter()
                        .find(|o| o.text == want)
                        .map_or(0, |o| o.option_id),
                }
            })
            .collect();
        if world
            .app
            .submit_minitest(user, article_id, answers)
            .await?
            .closed
        {
            return Ok(());
        }
        theta += STUDY_GAIN;
    }
    anyhow::bail!("a simulated mini-test was never passed")
}

/// Retention after a period, with and without answering due reviews.
#[derive(Debug, Clone, Copy)]
pub struct RetentionOutcome {
    pub days: u32,
    /// Mean recall probability on an average question at the end, without reviews.
    pub without_review: f64,
    /// The same for learners who answered their due reviews every day.
    pub with_review: f64,
    /// Reviews answered per learner.
    pub reviews: f64,
}

/// Forgetting: a module's effective ability falls by up to `FORGET` logits,
/// exponentially with the days since it was last practised over its memory stability
/// (days), which a review multiplies (×2 when right, ×1.2 when wrong).
const FORGET: f64 = 1.5;
const FIRST_STABILITY: f64 = 4.0;

struct Memory {
    last: Vec<f64>,
    stability: Vec<f64>,
}

impl Memory {
    fn new(modules: usize) -> Self {
        Memory {
            last: vec![0.0; modules],
            stability: vec![FIRST_STABILITY; modules],
        }
    }
    fn effective(&self, learner: &Learner, day: f64) -> Learner {
        Learner {
            theta: learner
                .theta
                .iter()
                .enumerate()
                .map(|(m, t)| {
                    t - FORGET * (1.0 - (-(day - self.last[m]) / self.stability[m]).exp())
                })
                .collect(),
        }
    }
}

pub async fn retention(
    world: &World,
    bank: &Bank,
    learners: &[Learner],
    days: u32,
    rng: &mut Rand,
) -> anyhow::Result<RetentionOutcome> {
    let slug = "sim-retention";
    let settings = json!({"diagnostic_questions_per_module": 6});
    world
        .app
        .install_track(track_document(slug, bank, settings)?)
        .await?;
    let config = Diagnostic::Fixed {
        per_module: 6,
        mastery: false,
    };
    let mut reviewers = Vec::new();
    let mut others = Vec::new();
    for learner in learners {
        for (group, list) in [(true, &mut reviewers), (false, &mut others)] {
            let user = world.learner(slug).await?;
            take(world, user, learner, bank, config, rng).await?;
            let _ = group;
            list.push((user, learner.clone(), Memory::new(learner.theta.len())));
        }
    }
    let mut reviews = 0usize;
    for day in 1..=days {
        world.clock.advance(Duration::from_secs(86_400));
        for (user, learner, memory) in reviewers.iter_mut() {
            let due = world.app.due_reviews(*user, 50).await?;
            for card in due.items {
                let Some((m, _)) = parse_question(&card.question.text) else {
                    continue;
                };
                let now = memory.effective(learner, f64::from(day));
                let (_, option, right) = answer(&card.question, &now, bank, 0.5, rng);
                world.app.answer_review(*user, card.card_id, option).await?;
                memory.last[m] = f64::from(day);
                memory.stability[m] *= if right { 2.0 } else { 1.2 };
                reviews += 1;
            }
        }
    }
    let recall = |group: &[(UserId, Learner, Memory)]| {
        let mut sum = 0.0;
        let mut count = 0.0;
        for (_, learner, memory) in group {
            for t in memory.effective(learner, f64::from(days)).theta {
                sum += sigmoid(t);
                count += 1.0;
            }
        }
        sum / f64::max(count, 1.0)
    };
    Ok(RetentionOutcome {
        days,
        without_review: recall(&others),
        with_review: recall(&reviewers),
        reviews: reviews as f64 / reviewers.len().max(1) as f64,
    })
}
