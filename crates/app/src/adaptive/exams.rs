//! Level exams and rank finals: `POST /exams/{level|rank-final}/start` and
//! `/{attempt_id}/submit`.

use practicum_domain::{
    adaptive::{
        exam_quotas, pick_window, window_start, DrawPlan, DrawnQuestion, ExamKind,
        ModuleAvailability, ModuleResult,
    },
    identity::UserId,
};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptKind, NewAttempt},
        bank, content, settings,
    },
    Session,
};
use serde_json::json;

use super::{
    context::{draw_refused, engine_bank, new_seed, question_views, Learner},
    grading::{already_submitted, grade_and_record, module_scores},
    AnswerInput, AttemptView, GradedView, ProgressOutcome,
};
use crate::{App, AppError};

fn stored(kind: ExamKind) -> AttemptKind {
    match kind {
        ExamKind::Level => AttemptKind::Level,
        ExamKind::RankFinal => AttemptKind::RankFinal,
    }
}

fn already_passed() -> AppError {
    AppError::conflict("exam_already_passed", "this exam is already passed")
}

fn in_progress(attempt_id: Option<i64>) -> AppError {
    AppError::Conflict {
        code: "attempt_in_progress",
        message: "an attempt of this exam is in progress; submit it first".into(),
        details: attempt_id.map(|id| json!({ "attempt_id": id })),
    }
}

async fn level_passed(s: &mut dyn Session, l: &Learner) -> Result<bool, AppError> {
    Ok(attempts::for_stage(
        s,
        l.progress.user_id,
        l.progress.stage_id,
        AttemptKind::Level,
    )
    .await?
    .iter()
    .any(|a| a.passed))
}

/// The exam draw without loading the bank (see `practicum_domain::adaptive::engine`'s
/// window draw): per module a count capped at the plan's maximum, the distribution, then
/// only the first candidates in window order from the attempt's seed, unseen first, and
/// the learner's seen questions as the fallback. The result equals `level_exam_draw` over
/// the whole active bank with the same seed. About 2 + 3 × modules indexed queries per
/// stage, whatever the bank's size.
async fn draw_from_store(
    s: &mut dyn Session,
    l: &Learner,
    stage_ids: &[i64],
    stats: &[ModuleResult],
    seen: &[i64],
    plan: &DrawPlan,
    seed: u64,
) -> Result<Vec<DrawnQuestion>, AppError> {
    let modules = l.stage_modules();
    let mut available = Vec::with_capacity(modules.len());
    for m in &modules {
        available.push(ModuleAvailability {
            module_id: m.id,
            available: bank::active_count_capped(s, stage_ids, m.id.0, plan.max_per_module).await?,
        });
    }
    let quotas = exam_quotas(&modules, &available, stats, plan).map_err(|e| draw_refused(e, l))?;
    let seen_rows = engine_bank(&bank::active_among(s, stage_ids, seen).await?);
    let mut drawn = Vec::with_capacity(plan.total as usize);
    for quota in quotas.iter().filter(|q| q.questions > 0) {
        let start = window_start(seed, quota.module_id);
        let exclude: Vec<i64> = seen_rows
            .iter()
            .filter(|q| q.module_id == quota.module_id)
            .map(|q| q.id.0)
            .collect();
        let unseen = bank::window_candidates(
            s,
            stage_ids,
            quota.module_id.0,
            start,
            quota.questions,
            &exclude,
        )
        .await?;
        let picked = pick_window(*quota, start, &engine_bank(&unseen), &seen_rows)
            .map_err(|e| draw_refused(e, l))?;
        drawn.extend(picked);
    }
    Ok(drawn)
}

impl App {
    /// Starts an attempt of `kind` at the learner's current stage.
    ///
    /// Level exam: 409 once passed or while an attempt is open; 412 with the eligibility
    /// report while a required article is open (or no content was assigned); 412 naming
    /// the module when the bank cannot supply N questions. Rank final: only at level 3
    /// after its level exam passed (412 otherwise), over the questions of every level of
    /// the rank. The seed is stored on the attempt; the attempt number is the next one.
    pub async fn start_exam(&self, user: UserId, kind: ExamKind) -> Result<AttemptView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        l.require_active()?;
        let stage_id = l.progress.stage_id;
        let key = l.progress.key;
        let level_done = level_passed(&mut tx, &l).await?;
        let mine = attempts::for_stage(&mut tx, user, stage_id, stored(kind)).await?;
        match kind {
            ExamKind::Level if level_done => return Err(already_passed()),
            ExamKind::RankFinal if key.level() != 3 || !level_done => {
                return Err(AppError::Precondition {
                    code: "rank_final_not_open",
                    message: "the rank final opens after the level 3 exam is passed".into(),
                    details: json!({ "stage": key }),
                })
            }
            ExamKind::RankFinal if mine.iter().any(|a| a.passed) => return Err(already_passed()),
            _ => {}
        }
        if let Some(open) = mine.iter().find(|a| !a.submitted) {
            return Err(in_progress(Some(open.id)));
        }
        // The K weakest are ranked as for the stage's reading: the same stored tie seed.
        let ties = l
            .settings
            .weakness_ties(content::tie_seed(&mut tx, user, stage_id).await?);
        let plan = match kind {
            ExamKind::Level => {
                let eligibility = self.eligibility_in(&mut tx, &l).await?;
                if !eligibility.content_assigned {
                    return Err(AppError::Precondition {
                        code: "content_not_assigned",
                        message: "assign this stage's content first (POST /content/assign)".into(),
                        details: json!({ "stage": key }),
                    });
                }
                if !eligibility.report.eligible {
                    return Err(AppError::Precondition {
                        code: "not_eligible",
                        message: "close every required article (pass its mini-test) first".into(),
                        details: serde_json::to_value(&eligibility.report)
                            .map_err(|e| AppError::internal(e.to_string()))?,
                    });
                }
                l.settings.level_exam_plan(ties)
            }
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
            ExamKind::Level => self.evidence(&mut tx, &l).await?,
            ExamKind::RankFinal => attempts::last_passed_exam(&mut tx, user, stage_id)
                .await?
                .and_then(|a| a.module_stats)
                .unwrap_or_default(),
        };
        let seen = attempts::seen_questions(&mut tx, user).await?;
        let seed = new_seed();
        let drawn = draw_from_store(&mut tx, &l, &stage_ids, &stats, &seen, &plan, seed).await?;
        let (attempt_id, attempt_no) = attempts::insert(
            &mut tx,
            &NewAttempt {
                user_id: user,
                stage_id,
                kind: stored(kind),
                seed: seed as i64,
                settings_version_id: l.progress.settings_version_id,
                questions: drawn
                    .iter()
                    .map(|d| (d.question_id.0, d.module_id.0))
                    .collect(),
            },
            now,
        )
        .await
        .map_err(|e| {
            if e.is_unique_any(&["attempts_no_key", "attempts_one_open_key"]) {
                in_progress(None)
            } else {
                e.into()
            }
        })?;
        let ids: Vec<i64> = drawn.iter().map(|d| d.question_id.0).collect();
        let questions = question_views(&mut tx, &ids).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, attempt_id, attempt_no, stage = %key, ?kind, "exam started");
        Ok(AttemptView {
            attempt_id,
            attempt_no,
            questions,
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
            .ok_or(AppError::NotFound { what: "attempt" })?;
        if attempt.user_id != user {
            return Err(AppError::forbidden(
                "not_your_attempt",
                "this attempt belongs to another learner",
            ));
        }
        if attempt.submitted {
            return Err(already_submitted());
        }
        let l = self.learner(&mut tx, user).await?;
        if l.progress.stage_id != attempt.stage_id {
            return Err(AppError::conflict(
                "attempt_stage_left",
                "this attempt belongs to a stage you have left",
            ));
        }
        let pinned = settings::find(&mut tx, attempt.settings_version_id)
            .await?
            .ok_or_else(|| AppError::internal("attempt's settings version missing"))?
            .settings;
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
            per_module: module_scores(&report, &l),
            progress,
        })
    }
}
