//! `practicum simulate`: simulated learners through the real use-cases on SQLite.
//!
//! Learners with known per-module abilities and questions with known difficulties (a
//! Rasch generative model, [`world`]) go through the same `App` methods the HTTP routes
//! call, on a fresh SQLite file, with a clock and seeds the harness controls (so a run
//! replays exactly). It reports recall of the true K weakest modules against questions
//! asked for fixed (`errors`, `mastery`) and adaptive diagnostics, the calibration error
//! of item difficulties after N learners, exam attempts to pass under `errors` and
//! `mastery`, and retention with and without spaced review; writes a table (Markdown)
//! and a PNG plot. Kept out of the serving code paths: only the CLI calls it.

mod diagnostic;
mod glyphs;
mod outcomes;
mod plot;
#[cfg(test)]
mod tests;
mod world;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, DiagnosticResult};
pub use outcomes::{CalibrationPoint, ExamOutcome, RetentionOutcome};
use world::{Model, Rand, World};

/// `practicum simulate` options.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// Simulated learners per configuration.
    #[arg(long, default_value_t = 200)]
    pub learners: usize,
    /// Seed of the whole run (learners, answers, the engine's seeds).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 6)]
    pub modules: usize,
    /// K: truly weak modules per learner (and the settings' K).
    #[arg(long, default_value_t = 2)]
    pub weak: usize,
    /// Questions per module in the bank.
    #[arg(long, default_value_t = 40)]
    pub questions: usize,
    /// How far below the learner's level a weak module is (logits).
    #[arg(long, default_value_t = 2.5)]
    pub gap: f64,
    /// Days of the retention run.
    #[arg(long, default_value_t = 60)]
    pub days: u32,
    /// Only the diagnostic comparison (no calibration, exam or retention runs).
    #[arg(long)]
    pub diagnostics_only: bool,
    /// Where the table (`simulation.md`) and plot (`simulation.png`) go.
    #[arg(long, default_value = "docs/simulation")]
    pub out: PathBuf,
}

/// Fixed lengths (per module) and adaptive maxima compared by default.
pub const FIXED_LENGTHS: [u32; 7] = [1, 2, 3, 4, 6, 8, 10];
pub const ADAPTIVE_MAXIMA: [u32; 6] = [12, 18, 24, 30, 36, 48];
/// The adaptive diagnostic's `diagnostic_confidence_pct` in the comparison: each weak/strong
/// pair ordered with at least this probability. With the pairwise rule most learners stop
/// well before the maximum, which then only caps the hard cases.
pub const ADAPTIVE_CONFIDENCE_PCT: u8 = 80;
/// The recall the target is stated at.
pub const TARGET_RECALL: f64 = 0.9;
/// The target: the adaptive diagnostic reaches [`TARGET_RECALL`] with at most this share
/// of the questions the fixed diagnostic needs for it.
pub const MAX_SHARE_OF_FIXED: f64 = 0.6;

/// Everything a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    pub learners: usize,
    pub diagnostics: Vec<DiagnosticResult>,
    pub calibration: Vec<CalibrationPoint>,
    pub exams: Vec<ExamOutcome>,
    pub retention: Option<RetentionOutcome>,
}

impl Report {
    /// The fewest questions a fixed diagnostic (either rule) needed to reach `recall`.
    pub fn fixed_questions_for(&self, recall: f64) -> Option<f64> {
        self.diagnostics
            .iter()
            .filter(|d| matches!(d.config, Diagnostic::Fixed { .. }) && d.recall >= recall)
            .map(|d| d.questions)
            .min_by(f64::total_cmp)
    }

    /// The adaptive configuration with the fewest questions that reached `recall`.
    pub fn adaptive_for(&self, recall: f64) -> Option<&DiagnosticResult> {
        self.diagnostics
            .iter()
            .filter(|d| matches!(d.config, Diagnostic::Adaptive { .. }) && d.recall >= recall)
            .min_by(|a, b| a.questions.total_cmp(&b.questions))
    }

    /// The Markdown table of the run.
    pub fn table(&self) -> String {
        let mut s = format!(
            "Simulated learners per configuration: {}.\n\n| diagnostic | questions asked (mean) | recall of the true K weakest |\n| --- | --- | --- |\n",
            self.learners
        );
        for d in &self.diagnostics {
            s += &format!(
                "| {} | {:.1} | {:.3} |\n",
                d.config.label(),
                d.questions,
                d.recall
            );
        }
        match (
            self.fixed_questions_for(TARGET_RECALL),
            self.adaptive_for(TARGET_RECALL),
        ) {
            (Some(fixed), Some(a)) => {
                s += &format!(
                    "\nTarget (recall ≥ {TARGET_RECALL}): the fixed diagnostic needs {fixed:.0} questions, the adaptive one {:.1} ({:.0} % of them, recall {:.3}).\n",
                    a.questions,
                    100.0 * a.questions / fixed,
                    a.recall
                );
            }
            (fixed, adaptive) => {
                s += &format!(
                    "\nTarget (recall ≥ {TARGET_RECALL}) not reached: fixed {fixed:?}, adaptive {:?}.\n",
                    adaptive.map(|a| a.questions)
                );
            }
        }
        if !self.calibration.is_empty() {
            s += "\n| learners | questions calibrated | RMSE of authors' difficulties | RMSE after calibration |\n| --- | --- | --- | --- |\n";
            for c in &self.calibration {
                s += &format!(
                    "| {} | {} | {:.3} | {:.3} |\n",
                    c.learners, c.questions, c.author_rmse, c.calibrated_rmse
                );
            }
        }
        if !self.exams.is_empty() {
            s += "\n| weakness rule | required reading on a truly weak module | passed within 8 attempts | attempts to pass (mean) |\n| --- | --- | --- | --- |\n";
            for e in &self.exams {
                s += &format!(
                    "| {} | {:.3} | {:.3} | {:.2} |\n",
                    if e.mastery { "mastery" } else { "errors" },
                    e.recall,
                    e.passed,
                    e.attempts
                );
            }
        }
        if let Some(r) = &self.retention {
            s += &format!(
                "\n| after {} days | recall on an average question |\n| --- | --- |\n| without review | {:.3} |\n| with spaced review ({:.1} reviews per learner) | {:.3} |\n",
                r.days, r.without_review, r.reviews, r.with_review
            );
        }
        s
    }
}

fn model(args: &SimulateArgs) -> Model {
    Model {
        modules: args.modules,
        weak: args.weak,
        questions_per_module: args.questions,
        gap: args.gap,
        level_sd: 0.7,
        module_sd: 0.3,
        author_error: 0.3,
    }
}

/// Runs the comparison of diagnostics `configs` (and, unless `diagnostics_only`, the
/// calibration, exam and retention runs) and returns what it measured.
pub async fn run(args: &SimulateArgs, configs: &[Diagnostic]) -> anyhow::Result<Report> {
    let model = model(args);
    let mut rng = Rand::new(args.seed);
    let bank = model.bank(&mut rng);
    let learners = model.learners(args.learners, &mut rng);
    let world = World::new(args.seed).await?;
    let mut diagnostics = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        // The same answers' randomness for every configuration: a paired comparison.
        let mut answers = Rand::new(args.seed ^ 0x5EED);
        let result = diagnostic::run(
            &world,
            &model,
            &bank,
            &learners,
            *config,
            &format!("sim-diagnostic-{i}"),
            &mut answers,
        )
        .await?;
        tracing::info!(config = %config.label(), questions = result.questions, recall = result.recall, "diagnostic simulated");
        diagnostics.push(result);
    }
    world.close().await;
    let mut report = Report {
        learners: args.learners,
        diagnostics,
        calibration: Vec::new(),
        exams: Vec::new(),
        retention: None,
    };
    if args.diagnostics_only {
        return Ok(report);
    }
    let world = World::new(args.seed).await?;
    let checkpoints: Vec<usize> = [10, 25, 50, 100, 200, 400]
        .into_iter()
        .filter(|&n| n <= args.learners)
        .collect();
    report.calibration =
        outcomes::calibration(&world, &bank, &learners, &checkpoints, &mut rng).await?;
    world.close().await;
    let world = World::new(args.seed).await?;
    for mastery in [false, true] {
        let mut answers = Rand::new(args.seed ^ 0xE8A3);
        report
            .exams
            .push(outcomes::exams(&world, &model, &bank, &learners, mastery, &mut answers).await?);
    }
    world.close().await;
    let world = World::new(args.seed).await?;
    let few = &learners[..learners.len().min(100)];
    report.retention = Some(outcomes::retention(&world, &bank, few, args.days, &mut rng).await?);
    world.close().await;
    Ok(report)
}

/// Every configuration of the default comparison.
pub fn default_configs() -> Vec<Diagnostic> {
    let mut configs = Vec::new();
    for mastery in [false, true] {
        for per_module in FIXED_LENGTHS {
            configs.push(Diagnostic::Fixed {
                per_module,
                mastery,
            });
        }
    }
    for max in ADAPTIVE_MAXIMA {
        configs.push(Diagnostic::Adaptive {
            max,
            confidence_pct: ADAPTIVE_CONFIDENCE_PCT,
        });
    }
    configs
}

/// `practicum simulate`: runs, prints the table, writes `simulation.md` and `simulation.png`.
pub async fn run_cli(args: SimulateArgs) -> anyhow::Result<()> {
    let report = run(&args, &default_configs()).await?;
    let table = report.table();
    println!("{table}");
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("simulation.md"), &table)?;
    plot::write_png(&report, &args.out.join("simulation.png"))?;
    println!(
        "wrote {} and {}",
        args.out.join("simulation.md").display(),
        args.out.join("simulation.png").display()
    );
    Ok(())
}
