//! Mini-tests of required articles: `GET /content/{id}/minitest` and `/submit`.

use std::collections::BTreeSet;

use practicum_domain::{
    adaptive::{grade, minitest_draw, ContentKind, ModuleId, OptionId},
    identity::UserId,
    FieldErrors,
};
use practicum_store::adaptive::{
    articles, catalog,
    content::{self, AssignmentRecord, NewMinitestAttempt},
};

use super::{
    context::{answer_keys, draw_refused, engine_bank, question_views, Learner},
    grading::submitted,
    learner_model::{record_graded, GradedAnswer},
    AnswerInput, MinitestAnswerView, MinitestAttemptView, MinitestResultView, QuestionView,
};
use crate::ErrorCode;
use crate::{App, AppError};

async fn required_assignment(
    s: &mut dyn practicum_store::Session,
    l: &Learner,
    article_id: i64,
) -> Result<AssignmentRecord, AppError> {
    content::list(s, l.progress.user_id, l.progress.stage_id)
        .await?
        .into_iter()
        .find(|a| a.article_id == article_id && a.kind == ContentKind::Required)
        .ok_or(AppError::NotFound(ErrorCode::MinitestNotFound))
}

impl App {
    /// Draws `minitest_questions` of the article's mini-test questions (412 naming the
    /// module when it has fewer). Only for a required article assigned at the current
    /// stage (404 otherwise). Every submitted try is stored (see `minitest_attempts`); a
    /// retake draws anew.
    pub async fn get_minitest(
        &self,
        user: UserId,
        article_id: i64,
    ) -> Result<Vec<QuestionView>, AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let assignment = required_assignment(&mut tx, &l, article_id).await?;
        let pool = articles::article_question_ids(&mut tx, article_id).await?;
        let drawn = minitest_draw(
            ModuleId(assignment.module_id),
            &engine_bank(&pool),
            &BTreeSet::new(),
            l.settings.minitest_questions,
            self.new_seed(),
        )
        .map_err(|e| draw_refused(e, &l))?;
        let ids: Vec<i64> = drawn.iter().map(|d| d.question_id.0).collect();
        let questions = question_views(&mut tx, &ids).await?;
        tx.commit().await?;
        Ok(questions)
    }

    /// Grades a mini-test: exactly `minitest_questions` answers to distinct questions of
    /// the article's mini-test (422 otherwise). Passing (`minitest_pass_correct`
    /// correct) closes the article for good; retakes are unlimited and never reopen it.
    /// Every try is stored with its graded answers, in the same transaction.
    pub async fn submit_minitest(
        &self,
        user: UserId,
        article_id: i64,
        answers: Vec<AnswerInput>,
    ) -> Result<MinitestResultView, AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let assignment = required_assignment(&mut tx, &l, article_id).await?;
        let pool = articles::article_question_ids(&mut tx, article_id).await?;
        let expected = l.settings.minitest_questions as usize;
        if answers.len() != expected {
            return Err(FieldErrors::single(
                "answers",
                format!("answer exactly {expected} questions of the mini-test"),
            )
            .into());
        }
        let mut ids = Vec::new();
        for a in &answers {
            if !pool.iter().any(|q| q.id == a.question_id) {
                return Err(FieldErrors::single(
                    "answers",
                    format!("question {} is not part of this mini-test", a.question_id),
                )
                .into());
            }
            if !ids.contains(&a.question_id) {
                ids.push(a.question_id);
            }
        }
        let keys = answer_keys(&mut tx, &ids).await?;
        let report = grade(&keys, &submitted(&answers), l.settings.minitest_pass_rule())
            .map_err(|e| AppError::from(FieldErrors::single("answers", e.to_string())))?;
        let now = self.now_ms();
        content::record_minitest(
            &mut tx,
            user,
            l.progress.stage_id,
            article_id,
            report.passed,
            now,
        )
        .await?;
        let graded: Vec<MinitestAnswerView> = answers
            .iter()
            .map(|a| MinitestAnswerView {
                question_id: a.question_id,
                option_id: a.option_id,
                is_correct: keys.iter().any(|k| {
                    k.question_id.0 == a.question_id && k.correct.contains(&OptionId(a.option_id))
                }),
            })
            .collect();
        let answers_json =
            serde_json::to_string(&graded).map_err(|e| AppError::internal(e.to_string()))?;
        let model_answers: Vec<GradedAnswer> = graded
            .iter()
            .map(|a| GradedAnswer {
                question_id: Some(a.question_id),
                module_id: assignment.module_id,
                correct: a.is_correct,
            })
            .collect();
        record_graded(&mut tx, user, None, "minitest", &model_answers, now).await?;
        let attempt_id = content::insert_minitest_attempt(
            &mut tx,
            &NewMinitestAttempt {
                user_id: user,
                stage_id: l.progress.stage_id,
                article_id,
                answers: &answers_json,
                correct: i64::from(report.score_total),
                total: i64::from(report.questions_total),
                passed: report.passed,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(MinitestResultView {
            attempt_id,
            article_id,
            correct: report.score_total,
            total: report.questions_total,
            passed: report.passed,
            closed: report.passed || assignment.minitest_passed_at.is_some(),
        })
    }
}

impl App {
    /// The learner's own tries at an article's mini-test, oldest first, with their graded
    /// answers (never anyone else's: the query is by the caller). 404 unless the article
    /// is a required one assigned to the learner at the current stage or has tries.
    pub async fn minitest_attempts(
        &self,
        user: UserId,
        article_id: i64,
    ) -> Result<Vec<MinitestAttemptView>, AppError> {
        let mut conn = self.db.read().await?;
        let tries = content::minitest_attempts(&mut conn, user, article_id).await?;
        if tries.is_empty() {
            drop(conn);
            // No tries yet: only a required article assigned now is a mini-test to list.
            let mut tx = self.db.write().await?;
            let l = self.learner(&mut tx, user).await?;
            required_assignment(&mut tx, &l, article_id).await?;
            tx.commit().await?;
            return Ok(Vec::new());
        }
        // An article belongs to one stage, so all its tries were taken there.
        let stage = catalog::find_stage(&mut conn, tries[0].stage_id)
            .await?
            .map(|s| s.key)
            .ok_or_else(|| AppError::internal("mini-test try of an unknown stage"))?;
        tries
            .into_iter()
            .map(|t| {
                let answers: Vec<MinitestAnswerView> = serde_json::from_str(&t.answers)
                    .map_err(|e| AppError::internal(format!("stored mini-test answers: {e}")))?;
                Ok(MinitestAttemptView {
                    attempt_id: t.id,
                    article_id: t.article_id,
                    stage,
                    correct: t.correct,
                    total: t.total,
                    passed: t.passed,
                    submitted_at: t.submitted_at,
                    answers,
                })
            })
            .collect()
    }
}
