//! The adaptive diagnostic (`diagnostic_mode: adaptive`): `POST /diagnostika/start`
//! asks the first question, `POST /diagnostika/answer` grades one and asks the next
//! (chosen for information, see `practicum_domain::adaptive::mastery::cat`), and
//! `POST /diagnostika/next` shows where the learner is. It ends when every module's call
//! (weak or not) is confident enough, or at `diagnostic_max_questions`; the attempt is
//! then submitted with per-module stats like a fixed diagnostic, so content assignment
//! reads it the same way.

use practicum_domain::{
    adaptive::{
        mastery::{
            cat::{next_step, standings, CatAnswer, CatStep, CatStop},
            draw::RatedQuestion,
        },
        DiagnosticMode, ModuleId, ModuleResult, ModuleStats, OptionId, QuestionId,
    },
    identity::UserId,
    FieldErrors,
};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptRecord},
        mastery,
    },
    Session,
};
use serde_json::json;

use super::{
    context::{answer_keys, question_views, Learner},
    grading::module_scores,
    learner_model::{rated, record_graded, GradedAnswer},
    AnswerInput, DiagnosticResultView, DiagnosticStepView, ModuleStandingView,
};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

pub(crate) fn not_adaptive() -> AppError {
    AppError::conflict(
        ErrorCode::DiagnosticNotAdaptive,
        "this track's diagnostic is fixed: submit all answers with POST /diagnostika/submit",
    )
}

pub(crate) fn is_adaptive() -> AppError {
    AppError::conflict(
        ErrorCode::DiagnosticIsAdaptive,
        "this track's diagnostic is adaptive: answer one question at a time with POST /diagnostika/answer",
    )
}

/// The diagnostic's graded answers with the difficulties they were graded with.
pub(crate) async fn cat_answers(
    s: &mut dyn Session,
    attempt_id: i64,
) -> Result<Vec<CatAnswer>, AppError> {
    Ok(mastery::responses_of_attempt(s, attempt_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(CatAnswer {
                question_id: QuestionId(r.question_id?),
                module_id: ModuleId(r.module_id),
                difficulty: r.difficulty,
                correct: r.correct,
            })
        })
        .collect())
}

/// The classification of every module by the diagnostic's answers.
pub(crate) fn module_standings(l: &Learner, answers: &[CatAnswer]) -> Vec<ModuleStandingView> {
    if answers.is_empty() {
        return Vec::new();
    }
    standings(
        &l.stage_modules(),
        answers,
        l.settings.content_k_weak_modules,
    )
    .into_iter()
    .map(|m| {
        let (mastery, mastery_sd) = m.ability.mastery();
        ModuleStandingView {
            module_id: m.module_id.0,
            module_name: l.module_name(m.module_id.0),
            weak: m.weak,
            confidence: m.confidence,
            asked: m.asked,
            mastery,
            mastery_sd,
        }
    })
    .collect()
}

/// Per-module stats of the diagnostic's answers, in module order.
fn module_stats(l: &Learner, answers: &[CatAnswer]) -> Vec<ModuleResult> {
    l.modules
        .iter()
        .map(|m| {
            let mine = answers.iter().filter(|a| a.module_id.0 == m.id);
            let total = u32::try_from(mine.clone().count()).unwrap_or(u32::MAX);
            let correct = u32::try_from(mine.filter(|a| a.correct).count()).unwrap_or(u32::MAX);
            ModuleResult {
                module_id: ModuleId(m.id),
                stats: ModuleStats { total, correct },
            }
        })
        .filter(|r| r.stats.total > 0)
        .collect()
}

impl App {
    /// The CAT's next step for an open adaptive diagnostic.
    pub(crate) async fn cat_step(
        &self,
        s: &mut dyn Session,
        l: &Learner,
        attempt: &AttemptRecord,
        answers: &[CatAnswer],
    ) -> Result<CatStep, AppError> {
        let bank: Vec<RatedQuestion> = mastery::rated_bank(s, &[l.progress.stage_id])
            .await?
            .iter()
            .map(rated)
            .collect();
        Ok(next_step(
            &l.stage_modules(),
            &bank,
            answers,
            &l.settings.diagnostic_plan(),
            attempt.seed as u64,
        ))
    }

    /// Where the learner's adaptive diagnostic stands: the pending question, or the result.
    pub(crate) async fn diagnostic_step_view(
        &self,
        s: &mut dyn Session,
        l: &Learner,
        attempt: &AttemptRecord,
        stop: Option<CatStop>,
    ) -> Result<DiagnosticStepView, AppError> {
        let pending = attempts::unanswered(s, attempt.id).await?;
        let asked =
            u32::try_from(attempts::questions(s, attempt.id).await?.len()).unwrap_or(u32::MAX);
        let question = match pending.first() {
            Some((q, _)) => question_views(s, &[*q]).await?.into_iter().next(),
            None => None,
        };
        let done = attempt.submitted || question.is_none();
        let result = if done {
            let answers = cat_answers(s, attempt.id).await?;
            Some(self.adaptive_result(l, attempt, &answers, stop))
        } else {
            None
        };
        Ok(DiagnosticStepView {
            attempt_id: attempt.id,
            done,
            asked,
            max_questions: l.settings.diagnostic_max_questions,
            question,
            result,
        })
    }

    pub(crate) fn adaptive_result(
        &self,
        l: &Learner,
        attempt: &AttemptRecord,
        answers: &[CatAnswer],
        stop: Option<CatStop>,
    ) -> DiagnosticResultView {
        let stats = module_stats(l, answers);
        let correct: u32 = stats.iter().map(|r| r.stats.correct).sum();
        DiagnosticResultView {
            attempt_id: attempt.id,
            submitted: true,
            score_total: Some(correct),
            total_q: u32::try_from(answers.len()).unwrap_or(u32::MAX),
            per_module: module_scores(&stats, l),
            mode: DiagnosticMode::Adaptive,
            modules: module_standings(l, answers),
            stop_reason: stop,
        }
    }

    /// `POST /diagnostika/next`: the pending question of the learner's adaptive
    /// diagnostic, or its result once done (404 before the start; 409 when the track's
    /// diagnostic is fixed).
    pub async fn diagnostic_next(&self, user: UserId) -> Result<DiagnosticStepView, AppError> {
        let mut tx = self.db.write().await?;
        let (l, attempt, adaptive) = self.learner_diagnostic(&mut tx, user).await?;
        if !adaptive {
            return Err(not_adaptive());
        }
        let view = self
            .diagnostic_step_view(&mut tx, &l, &attempt, None)
            .await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The learner, their diagnostic (404 before it is started) and whether it runs
    /// adaptive: what every diagnostic route reads first.
    pub(crate) async fn learner_diagnostic(
        &self,
        s: &mut dyn Session,
        user: UserId,
    ) -> Result<(Learner, AttemptRecord, bool), AppError> {
        let l = self.learner(s, user).await?;
        let attempt = attempts::diagnostic_of(s, user)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::DiagnosticNotFound))?;
        let adaptive = self.attempt_is_adaptive(s, &attempt).await?;
        Ok((l, attempt, adaptive))
    }

    /// Whether the attempt runs under an adaptive diagnostic (its pinned version).
    pub(crate) async fn attempt_is_adaptive(
        &self,
        s: &mut dyn Session,
        attempt: &AttemptRecord,
    ) -> Result<bool, AppError> {
        Ok(
            practicum_store::adaptive::settings::find(s, attempt.settings_version_id)
                .await?
                .is_some_and(|v| v.settings.diagnostic_mode == DiagnosticMode::Adaptive),
        )
    }

    /// `POST /diagnostika/answer`: grades the answer to the pending question (422 for
    /// another question or an option of another question; 409 once done or when a
    /// concurrent answer won), updates the learner model, and asks the next question or
    /// ends the diagnostic, in one transaction.
    pub async fn answer_diagnostic(
        &self,
        user: UserId,
        answer: AnswerInput,
    ) -> Result<DiagnosticStepView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let (l, attempt, adaptive) = self.learner_diagnostic(&mut tx, user).await?;
        if !adaptive {
            return Err(not_adaptive());
        }
        if attempt.submitted {
            return Err(AppError::conflict(
                ErrorCode::DiagnosticFinished,
                "the diagnostic is finished: see GET /diagnostika/result",
            ));
        }
        let pending = attempts::unanswered(&mut tx, attempt.id).await?;
        let Some(&(question_id, module_id)) = pending.first() else {
            return Err(already_answered());
        };
        if answer.question_id != question_id {
            let asked_before = attempts::questions(&mut tx, attempt.id)
                .await?
                .iter()
                .any(|(q, _)| *q == answer.question_id);
            return Err(if asked_before {
                already_answered()
            } else {
                FieldErrors::single(
                    "question_id",
                    format!("the pending question is {question_id}"),
                )
                .into()
            });
        }
        let key = answer_keys(&mut tx, &[question_id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::internal("diagnostic question without options"))?;
        if !key.options.contains(&OptionId(answer.option_id)) {
            return Err(
                FieldErrors::single("option_id", "is not an option of this question").into(),
            );
        }
        let correct = key.correct.contains(&OptionId(answer.option_id));
        attempts::insert_answer(&mut tx, attempt.id, question_id, answer.option_id, correct)
            .await
            .refuse_on(&["attempt_answers_pkey"], already_answered)?;
        record_graded(
            &mut tx,
            user,
            Some(attempt.id),
            "diagnostic",
            &[GradedAnswer {
                question_id: Some(question_id),
                module_id,
                correct,
            }],
            now,
        )
        .await?;
        let answers = cat_answers(&mut tx, attempt.id).await?;
        let step = self.cat_step(&mut tx, &l, &attempt, &answers).await?;
        let stop = match step {
            CatStep::Ask(q) => {
                attempts::append_question(&mut tx, attempt.id, q.id.0, q.module_id.0).await?;
                None
            }
            CatStep::Done(stop) => {
                self.close_adaptive(&mut tx, &l, &attempt, &answers, now)
                    .await?;
                Some(stop)
            }
        };
        let fresh = attempts::find(&mut tx, attempt.id)
            .await?
            .ok_or_else(|| AppError::internal("diagnostic attempt vanished"))?;
        let view = self.diagnostic_step_view(&mut tx, &l, &fresh, stop).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, attempt_id = attempt.id, asked = view.asked, done = view.done, ?stop, "adaptive diagnostic answered");
        Ok(view)
    }

    async fn close_adaptive(
        &self,
        s: &mut dyn Session,
        l: &Learner,
        attempt: &AttemptRecord,
        answers: &[CatAnswer],
        now: i64,
    ) -> Result<(), AppError> {
        let stats = module_stats(l, answers);
        let correct: i64 = stats.iter().map(|r| i64::from(r.stats.correct)).sum();
        let total = i64::try_from(answers.len()).unwrap_or(i64::MAX).max(1);
        if !attempts::close_answered(s, attempt.id, correct, correct * 100 / total, &stats, now)
            .await?
        {
            return Err(already_answered());
        }
        Ok(())
    }
}

fn already_answered() -> AppError {
    AppError::Conflict {
        code: ErrorCode::AnswerAlreadyRecorded,
        message: "this question was already answered; POST /diagnostika/next shows the pending one"
            .into(),
        details: Some(json!({})),
    }
}
