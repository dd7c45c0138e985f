//! Recall of the true K weakest modules after the diagnostic, and the questions asked:
//! fixed diagnostics of several lengths under `errors` and `mastery`, and the adaptive
//! diagnostic at several maxima. Every learner is a fresh account on a track installed
//! with the configuration; the same simulated learners (true abilities) take every
//! configuration, so the comparison is paired.

use std::collections::BTreeMap;

use anyhow::Context;
use practicum_app::adaptive::AnswerInput;
use practicum_domain::adaptive::ContentKind;
use practicum_domain::identity::UserId;
use serde_json::{json, Value};

use super::world::{answer, module_index, track_document, Bank, Learner, Model, Rand, World};

/// One diagnostic configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Diagnostic {
    /// `per_module` questions from every module; weakest by `mastery` or `errors`.
    Fixed { per_module: u32, mastery: bool },
    /// One at a time up to `max` questions, stopping at `confidence`.
    Adaptive { max: u32, confidence_pct: u8 },
}

impl Diagnostic {
    pub fn label(&self) -> String {
        match self {
            Diagnostic::Fixed {
                per_module,
                mastery,
            } => format!(
                "fixed, {per_module}/module, {}",
                if *mastery { "mastery" } else { "errors" }
            ),
            Diagnostic::Adaptive {
                max,
                confidence_pct,
            } => format!("adaptive, max {max}, {confidence_pct} %"),
        }
    }

    fn settings(&self, k: usize) -> Value {
        let mut s = json!({"content_k_weak_modules": k, "content_required_per_weak_module": 1,
            "minitest_questions": 3, "minitest_pass_correct": 3,
            "level_exam_questions": 12, "min_questions_per_module": 1, "max_questions_per_module": 6});
        match self {
            Diagnostic::Fixed {
                per_module,
                mastery,
            } => {
                s["diagnostic_questions_per_module"] = json!(per_module);
                s["weakness"] = json!(if *mastery { "mastery" } else { "errors" });
            }
            Diagnostic::Adaptive {
                max,
                confidence_pct,
            } => {
                s["diagnostic_mode"] = json!("adaptive");
                s["diagnostic_max_questions"] = json!(max);
                s["diagnostic_confidence_pct"] = json!(confidence_pct);
                s["weakness"] = json!("mastery");
            }
        }
        s
    }
}

/// What a configuration achieved over the learners.
#[derive(Debug, Clone)]
pub struct DiagnosticResult {
    pub config: Diagnostic,
    /// Mean questions asked per learner.
    pub questions: f64,
    /// Mean share of the true K weakest among the modules given required reading.
    pub recall: f64,
}

/// Runs `config` for every learner on a track of its own.
pub async fn run(
    world: &World,
    model: &Model,
    bank: &Bank,
    learners: &[Learner],
    config: Diagnostic,
    slug: &str,
    rng: &mut Rand,
) -> anyhow::Result<DiagnosticResult> {
    let doc = track_document(slug, bank, config.settings(model.weak))?;
    world.app.install_track(doc).await?;
    let track = world.app.get_track(slug).await?;
    let index = module_index(
        &track
            .modules
            .iter()
            .map(|m| (m.module_id, m.name.clone()))
            .collect::<BTreeMap<_, _>>(),
    );
    let (mut asked, mut found) = (0usize, 0usize);
    for learner in learners {
        let user = world.learner(slug).await?;
        asked += take(world, user, learner, bank, config, rng).await?;
        let content = world.app.assign_content(user).await?;
        let truth = learner.weakest(model.weak);
        found += content
            .items
            .iter()
            .filter(|i| i.kind == ContentKind::Required)
            .filter_map(|i| index.get(&i.module_id))
            .filter(|m| truth.contains(m))
            .count();
    }
    let n = learners.len().max(1) as f64;
    Ok(DiagnosticResult {
        config,
        questions: asked as f64 / n,
        recall: found as f64 / (n * model.weak as f64),
    })
}

/// The learner takes the diagnostic; returns the questions answered.
pub async fn take(
    world: &World,
    user: UserId,
    learner: &Learner,
    bank: &Bank,
    config: Diagnostic,
    rng: &mut Rand,
) -> anyhow::Result<usize> {
    let start = world.app.start_diagnostic(user).await?;
    match config {
        Diagnostic::Fixed { .. } => {
            let answers: Vec<AnswerInput> = start
                .questions
                .iter()
                .map(|q| {
                    let (question_id, option_id, _) = answer(q, learner, bank, 0.5, rng);
                    AnswerInput {
                        question_id,
                        option_id,
                    }
                })
                .collect();
            world.app.submit_diagnostic(user, answers.clone()).await?;
            Ok(answers.len())
        }
        Diagnostic::Adaptive { .. } => {
            let mut question = start.questions.into_iter().next();
            let mut asked = 0;
            while let Some(q) = question {
                let (question_id, option_id, _) = answer(&q, learner, bank, 0.5, rng);
                let step = world
                    .app
                    .answer_diagnostic(
                        user,
                        AnswerInput {
                            question_id,
                            option_id,
                        },
                    )
                    .await
                    .context("adaptive diagnostic answer")?;
                asked += 1;
                question = step.question;
            }
            Ok(asked)
        }
    }
}
