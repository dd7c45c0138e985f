//! Level exams and rank finals: `POST /exams/{level|rank-final}/start` and
//! `/{attempt_id}/submit`.

use std::collections::BTreeSet;

use practicum_domain::{
    adaptive::{
        exam_quotas, gates,
        mastery::draw::{mastery_exam_draw, RatedQuestion},
        pick_window,
        reasons::exam_share_reason,
        window_start, DrawPlan, DrawnQuestion, ExamKind, ModuleAvailability, ModuleId,
        ModuleResult, QuestionId, WeaknessRule,
    },
    identity::UserId,
};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptKind, NewAttempt},
        bank, mastery, settings,
    },
    Session,
};

use super::{
    context::{draw_refused, engine_bank, question_views, Learner},
    grading::{already_submitted, grade_and_record, module_scores},
    learner_model::rated,
    path_state::refused,
    weakness_basis::{rank_modules, Ranking},
    AnswerInput, AttemptView, DrawReasonView, GradedView, ProgressOutcome,
};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

fn stored(kind: ExamKind) -> AttemptKind {
    match kind {
        ExamKind::Level => AttemptKind::Level,
        ExamKind::RankFinal => AttemptKind::RankFinal,
    }
}

fn in_progress() -> AppError {
    AppError::Conflict {
        code: ErrorCode::AttemptInProgress,
        message: "an attempt of this exam is in progress; submit it first".into(),
        details: None,
    }
}

/// The exam draw without loading the bank (see `practicum_domain::adaptive::engine`'s
/// window draw): per module a count capped at the plan's maximum, the distribution, then
/// only the first candidates in window order from the attempt's seed that the learner was
/// never asked, and the learner's seen questions as the fallback. The result equals
/// `level_exam_draw` over the whole active bank with the same seed.
///
/// Two indexed statements per start, whatever the number of modules, the bank's size and
/// the learner's history: the modules' capped counts, then the modules' windows, which
/// leave out the seen questions as they scan (ADR 0053). The seen questions themselves
/// (active at the stages) are read only when a window comes up short of unseen ones: only
/// then does `pick_window` take any of them.
async fn draw_from_store(
    s: &mut dyn Session,
    l: &Learner,
    stage_ids: &[i64],
    stats: &[ModuleResult],
    plan: &DrawPlan,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, AppError> {
    let modules = l.stage_modules();
    let module_ids: Vec<i64> = modules.iter().map(|m| m.id.0).collect();
    let available: Vec<ModuleAvailability> =
        bank::active_counts_capped(s, stage_ids, &module_ids, plan.max_per_module)
            .await?
            .into_iter()
            .map(|(module_id, available)| ModuleAvailability {
                module_id: ModuleId(module_id),
                available,
            })
            .collect();
    let quotas = exam_quotas(&modules, &available, stats, plan).map_err(|e| draw_refused(e, l))?;
    let quotas: Vec<_> = quotas.into_iter().filter(|q| q.questions > 0).collect();
    let windows: Vec<bank::Window> = quotas
        .iter()
        .map(|quota| bank::Window {
            module_id: quota.module_id.0,
            start: window_start(seed, quota.module_id),
            limit: quota.questions,
        })
        .collect();
    let user_id = l.progress.user_id.0;
    let unseen: Vec<_> = bank::window_candidates(s, stage_ids, user_id, &windows)
        .await?
        .iter()
        .map(|rows| engine_bank(rows))
        .collect();
    // With at least `quota` unseen candidates a window takes none of the seen ones.
    let short = quotas
        .iter()
        .zip(&unseen)
        .any(|(quota, rows)| rows.len() < quota.questions as usize);
    let seen = if short {
        engine_bank(&bank::seen_active(s, stage_ids, user_id).await?)
    } else {
        Vec::new()
    };
    let mut drawn = Vec::with_capacity(plan.total as usize);
    for ((quota, window), unseen) in quotas.iter().zip(&windows).zip(&unseen) {
        let picked =
            pick_window(*quota, window.start, unseen, &seen).map_err(|e| draw_refused(e, l))?;
        drawn.extend(picked);
    }
    Ok(drawn)
}

/// Why each module of the stage got its share of `drawn` (in module order).
fn draw_reasons(l: &Learner, ranking: &Ranking, drawn: &[DrawnQuestion]) -> Vec<DrawReasonView> {
    l.modules
        .iter()
        .map(|m| {
            let module = ModuleId(m.id);
            let questions = drawn.iter().filter(|d| d.module_id == module).count();
            let questions = u32::try_from(questions).unwrap_or(u32::MAX);
            DrawReasonView {
                module_id: m.id,
                module_name: m.name.clone(),
                questions,
                reason: exam_share_reason(
                    questions,
                    &ranking.reason(l, module),
                    ranking.weak().contains(&module),
                ),
            }
        })
        .collect()
}

impl App {
    /// Starts an attempt of `kind` at the learner's current stage.
    ///
    /// Refused exactly when `practicum_domain::adaptive::gates` refuses (the decision the
    /// reports show). Level exam: 409 once passed or while an attempt is open; 412
    /// `content_not_assigned`, or `not_eligible` with the eligibility report while a
    /// required article is open; 412 naming the module when the bank cannot supply N
    /// questions. Under the pinned version's
    /// `weakness: mastery` the K weakest are the lowest estimates and each module's
    /// questions are drawn near the learner's ability (the module pools are read whole);
    /// under `errors` the draw is exactly the window draw it always was. The attempt
    /// stores and returns why each module got its share. Rank final: only at level 3
    /// after its level exam passed (412 otherwise), over the questions of every level of
    /// the rank (409 once passed or while an attempt is open). The seed is stored on the attempt; the attempt number is the next one.
    pub async fn start_exam(&self, user: UserId, kind: ExamKind) -> Result<AttemptView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let stage_id = l.progress.stage_id;
        let key = l.progress.key;
        // The same decision `GET /progress/eligibility` and the current stage's
        // `actions` report.
        let path = self.path_state(&mut tx, &l).await?;
        let decision = match kind {
            ExamKind::Level => gates::level_exam(&path.state),
            ExamKind::RankFinal => gates::rank_final(&path.state),
        };
        if let Err(r) = decision {
            let report = path.content.judged(decision);
            return Err(refused(r, key, &report));
        }
        // The K weakest are ranked as for the stage's reading: the same stored tie seed.
        let ties = l.settings.weakness_ties(path.tie_seed);
        let plan = match kind {
            ExamKind::Level => l.settings.level_exam_plan(ties),
            ExamKind::RankFinal => l.settings.rank_final_plan(ties),
        };
        let stage_ids: Vec<i64> = match kind {
            ExamKind::Level => vec![stage_id],
            ExamKind::RankFinal => l
                .stages
                .iter()
                .filter(|s| s.key.rank() == key.rank())
                .map(|s| s.id)
                .collect(),
        };
        let stats = match kind {
            ExamKind::Level => self.evidence(&mut tx, &l, &path).await?,
            ExamKind::RankFinal => attempts::last_passed_exam(&mut tx, user, stage_id)
                .await?
                .and_then(|a| a.module_stats)
                .unwrap_or_default(),
        };
        let seed = self.new_seed();
        let ranking = rank_modules(&mut tx, &l, &stats, ties).await?;
        let drawn = match l.settings.weakness {
            WeaknessRule::Errors => {
                draw_from_store(&mut tx, &l, &stage_ids, &stats, &plan, seed).await?
            }
            WeaknessRule::Mastery => {
                let seen = attempts::seen_questions(&mut tx, user).await?;
                let bank: Vec<RatedQuestion> = mastery::rated_bank(&mut tx, &stage_ids)
                    .await?
                    .iter()
                    .map(rated)
                    .collect();
                let seen: BTreeSet<QuestionId> = seen.iter().map(|&q| QuestionId(q)).collect();
                mastery_exam_draw(
                    &l.stage_modules(),
                    &bank,
                    &ranking.estimates,
                    &seen,
                    &plan,
                    seed,
                )
                .map_err(|e| draw_refused(e, &l))?
            }
        };
        let reasons = draw_reasons(&l, &ranking, &drawn);
        let reasons_json =
            serde_json::to_string(&reasons).map_err(|e| AppError::internal(e.to_string()))?;
        let (attempt_id, attempt_no) = attempts::insert(
            &mut tx,
            &NewAttempt {
                draw_reasons: Some(reasons_json),
                ..l.new_attempt(stage_id, stored(kind), seed, &drawn)
            },
            now,
        )
        .await
        .refuse_on(&["attempts_no_key", "attempts_one_open_key"], in_progress)?;
        let ids: Vec<i64> = drawn.iter().map(|d| d.question_id.0).collect();
        let questions = question_views(&mut tx, &ids).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, attempt_id, attempt_no, stage = %key, ?kind, "exam started");
        Ok(AttemptView {
            attempt_id,
            attempt_no,
            questions,
            reasons,
        })
    }

    /// Grades the learner's own attempt (404 unknown, 403 someone else's, 409 once
    /// submitted or passed, 422 unless exactly one answer per question) under the
    /// settings version the attempt pinned; a PASS moves the learner along the path in
    /// the same transaction.
    pub async fn submit_exam(
        &self,
        user: UserId,
        kind: ExamKind,
        attempt_id: i64,
        answers: Vec<AnswerInput>,
    ) -> Result<GradedView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let attempt = attempts::find(&mut tx, attempt_id)
            .await?
            .filter(|a| a.kind == stored(kind))
            .ok_or(AppError::NotFound(ErrorCode::AttemptNotFound))?;
        if attempt.user_id != user {
            return Err(AppError::forbidden(
                ErrorCode::NotYourAttempt,
                "this attempt belongs to another learner",
            ));
        }
        if attempt.submitted {
            return Err(already_submitted());
        }
        let l = self.learner(&mut tx, user).await?;
        if l.progress.stage_id != attempt.stage_id {
            return Err(AppError::conflict(
                ErrorCode::AttemptStageLeft,
                "this attempt belongs to a stage you have left",
            ));
        }
        // Usually the version the learner's stage pins, already read with the learner.
        let pinned = if attempt.settings_version_id == l.progress.settings_version_id {
            l.settings.clone()
        } else {
            settings::find(&mut tx, attempt.settings_version_id)
                .await?
                .ok_or_else(|| AppError::internal("attempt's settings version missing"))?
                .settings
        };
        let rule = match kind {
            ExamKind::Level => pinned.level_exam_pass_rule(),
            ExamKind::RankFinal => pinned.rank_final_pass_rule(),
        };
        let report = grade_and_record(&mut tx, &attempt, &answers, rule, true, now).await?;
        let progress = if report.passed {
            self.progress_after_pass(&mut tx, &l, kind, now).await?
        } else {
            ProgressOutcome::None
        };
        self.notify(
            &mut tx,
            user,
            crate::notify::kinds::EXAM_GRADED,
            serde_json::json!({
                "attempt_id": attempt_id,
                "exam": match kind { ExamKind::Level => "level", ExamKind::RankFinal => "rank_final" },
                "passed": report.passed,
                "percentage": report.percentage,
            }),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, attempt_id, passed = report.passed, ?progress, "exam submitted");
        Ok(GradedView {
            attempt_id,
            attempt_no: attempt.attempt_no,
            score_total: report.score_total,
            total_q: report.questions_total,
            percentage: report.percentage,
            passed: report.passed,
            per_module: module_scores(&report.per_module, &l),
            progress,
        })
    }
}
