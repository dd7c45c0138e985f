//! The one-time diagnostic: `POST /diagnostika/start`, `/submit`, `GET /diagnostika/result`.

use practicum_domain::{
    adaptive::{
        diagnostic_draw,
        mastery::{
            cat::{next_step, CatStep},
            draw::RatedQuestion,
        },
        DiagnosticMode, DrawnQuestion, ModuleResult, PassRule, StageKey,
    },
    identity::UserId,
};
use practicum_store::adaptive::{
    attempts::{self, AttemptKind},
    bank, mastery,
};
use serde_json::json;

use super::{
    adaptive_diagnostic::{cat_answers, is_adaptive, module_standings},
    context::{draw_refused, engine_bank, question_views},
    grading::{already_submitted, grade_and_record, module_scores},
    learner_model::rated,
    AnswerInput, AttemptView, DiagnosticResultView,
};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

fn already_started() -> AppError {
    AppError::conflict(
        ErrorCode::DiagnosticAlreadyStarted,
        "the diagnostic can be taken only once",
    )
}

impl App {
    /// Starts the learner's diagnostic: only at `trainee_0`, strictly once per learner
    /// (409 on a second start; the unique `diagnostics.user_id` holds it under races).
    /// Draws `diagnostic_questions_per_module` questions from every module; under
    /// `diagnostic_mode: adaptive` it asks only the first question (the most informative
    /// of the first module) and the rest come through `POST /diagnostika/answer`.
    pub async fn start_diagnostic(&self, user: UserId) -> Result<AttemptView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        if l.progress.key != StageKey::TRAINEE_0 {
            return Err(AppError::Precondition {
                code: ErrorCode::DiagnosticNotAvailable,
                message: "the diagnostic is taken at trainee_0 only".into(),
                details: json!({ "stage": l.progress.key }),
            });
        }
        if attempts::diagnostic_of(&mut tx, user).await?.is_some() {
            return Err(already_started());
        }
        let seed = self.new_seed();
        let adaptive = l.settings.diagnostic_mode == DiagnosticMode::Adaptive;
        let drawn = if adaptive {
            // The first question of the adaptive diagnostic; the rest come one by one.
            let bank: Vec<RatedQuestion> = mastery::rated_bank(&mut tx, &[l.progress.stage_id])
                .await?
                .iter()
                .map(rated)
                .collect();
            match next_step(
                &l.stage_modules(),
                &bank,
                &[],
                &l.settings.diagnostic_plan(),
                seed,
            ) {
                CatStep::Ask(q) => vec![DrawnQuestion {
                    question_id: q.id,
                    module_id: q.module_id,
                }],
                CatStep::Done(_) => {
                    return Err(AppError::Precondition {
                        code: ErrorCode::QuestionBankShort,
                        message: "the stage has no active questions for the diagnostic".into(),
                        details: json!({}),
                    })
                }
            }
        } else {
            let rows = bank::active_bank(&mut tx, &[l.progress.stage_id]).await?;
            diagnostic_draw(
                &l.stage_modules(),
                &engine_bank(&rows),
                l.settings.diagnostic_questions_per_module,
                seed,
            )
            .map_err(|e| draw_refused(e, &l))?
        };
        let (attempt_id, attempt_no) = attempts::insert(
            &mut tx,
            &l.new_attempt(l.progress.stage_id, AttemptKind::Diagnostic, seed, &drawn),
            now,
        )
        .await
        .refuse_on(
            &["attempts_no_key", "attempts_one_open_key"],
            already_started,
        )?;
        attempts::insert_diagnostic(&mut tx, user, attempt_id, now)
            .await
            .refuse_on(&["diagnostics_user_key"], already_started)?;
        let ids: Vec<i64> = drawn.iter().map(|d| d.question_id.0).collect();
        let questions = question_views(&mut tx, &ids).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, attempt_id, "diagnostic started");
        Ok(AttemptView {
            attempt_id,
            attempt_no,
            questions,
            reasons: Vec::new(),
        })
    }

    /// Grades the diagnostic (exactly one answer per question) and stores the total and
    /// the per-module stats, the first evidence of the learner's weak modules.
    pub async fn submit_diagnostic(
        &self,
        user: UserId,
        answers: Vec<AnswerInput>,
    ) -> Result<DiagnosticResultView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let (l, attempt, adaptive) = self.learner_diagnostic(&mut tx, user).await?;
        if adaptive {
            return Err(is_adaptive());
        }
        if attempt.submitted {
            return Err(already_submitted());
        }
        let report = grade_and_record(
            &mut tx,
            &attempt,
            &answers,
            PassRule::Percent(0),
            false,
            now,
        )
        .await?;
        let modules = module_standings(&l, &cat_answers(&mut tx, attempt.id).await?);
        tx.commit().await?;
        Ok(DiagnosticResultView {
            attempt_id: attempt.id,
            submitted: true,
            score_total: Some(report.score_total),
            total_q: report.questions_total,
            per_module: module_scores(&report.per_module, &l),
            mode: DiagnosticMode::Fixed,
            modules,
            stop_reason: None,
        })
    }

    /// The learner's diagnostic: 404 before it is started; stats once submitted.
    pub async fn diagnostic_result(&self, user: UserId) -> Result<DiagnosticResultView, AppError> {
        let mut tx = self.db.write().await?;
        let (l, attempt, adaptive) = self.learner_diagnostic(&mut tx, user).await?;
        let answers = cat_answers(&mut tx, attempt.id).await?;
        tx.commit().await?;
        if adaptive && attempt.submitted {
            return Ok(self.adaptive_result(&l, &attempt, &answers, None));
        }
        let stats: Vec<ModuleResult> = attempt.module_stats.clone().unwrap_or_default();
        Ok(DiagnosticResultView {
            attempt_id: attempt.id,
            submitted: attempt.submitted,
            score_total: attempt.correct.map(|c| u32::try_from(c).unwrap_or(0)),
            total_q: u32::try_from(attempt.questions_total).unwrap_or(0),
            per_module: module_scores(&stats, &l),
            mode: if adaptive {
                DiagnosticMode::Adaptive
            } else {
                DiagnosticMode::Fixed
            },
            modules: if attempt.submitted {
                module_standings(&l, &answers)
            } else {
                Vec::new()
            },
            stop_reason: None,
        })
    }
}
