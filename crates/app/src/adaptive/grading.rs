//! Grading a submitted attempt and recording it (shared by the diagnostic and exams).

use std::collections::BTreeSet;

use practicum_domain::{
    adaptive::{grade, GradeReport, ModuleResult, OptionId, PassRule, QuestionId, SubmittedAnswer},
    analytics::EventKind,
    FieldErrors,
};
use practicum_store::{
    adaptive::attempts::{self, AttemptRecord, Graded},
    analytics::{self, NewEvent},
    Session,
};

use super::{
    context::{answer_keys, Learner},
    learner_model::{record_graded, GradedAnswer},
    AnswerInput, ModuleScore,
};
use crate::AppError;
use crate::ErrorCode;
use crate::OnViolation;

pub(crate) fn submitted(answers: &[AnswerInput]) -> Vec<SubmittedAnswer> {
    answers
        .iter()
        .map(|a| SubmittedAnswer {
            question_id: QuestionId(a.question_id),
            selected: BTreeSet::from([OptionId(a.option_id)]),
        })
        .collect()
}

/// Grades `answers` against the attempt's questions and records the submission.
/// Exactly one answer per question (422 otherwise); a concurrent submission that won
/// makes this one 409.
pub(crate) async fn grade_and_record(
    s: &mut dyn Session,
    attempt: &AttemptRecord,
    answers: &[AnswerInput],
    rule: PassRule,
    counts_as_pass: bool,
    now: i64,
) -> Result<GradeReport, AppError> {
    let questions = attempts::questions(s, attempt.id).await?;
    let ids: Vec<i64> = questions.iter().map(|(q, _)| *q).collect();
    let keys = answer_keys(s, &ids).await?;
    let report = grade(&keys, &submitted(answers), rule)
        .map_err(|e| AppError::from(FieldErrors::single("answers", e.to_string())))?;
    let graded_answers = answers
        .iter()
        .map(|a| {
            let correct = keys
                .iter()
                .find(|k| k.question_id.0 == a.question_id)
                .is_some_and(|k| k.correct.contains(&OptionId(a.option_id)));
            (a.question_id, a.option_id, correct)
        })
        .collect();
    let recorded = attempts::submit(
        s,
        attempt.id,
        &Graded {
            correct: i64::from(report.score_total),
            pct: i64::from(report.percentage),
            passed: counts_as_pass && report.passed,
            module_stats: &report.per_module,
            answers: graded_answers,
        },
        now,
    )
    .await
    .refuse_on(&["attempts_one_pass_key", "attempts_one_open_key"], || {
        AppError::conflict(ErrorCode::ExamAlreadyPassed, "this exam is already passed")
    })?;
    if !recorded {
        return Err(already_submitted());
    }
    let model_answers: Vec<GradedAnswer> = answers
        .iter()
        .filter_map(|a| {
            let key = keys.iter().find(|k| k.question_id.0 == a.question_id)?;
            Some(GradedAnswer {
                question_id: Some(a.question_id),
                module_id: key.module_id.0,
                correct: key.correct.contains(&OptionId(a.option_id)),
            })
        })
        .collect();
    record_graded(
        s,
        attempt.user_id,
        Some(attempt.id),
        attempt.kind.as_str(),
        &model_answers,
        now,
    )
    .await?;
    analytics::record(
        s,
        &NewEvent {
            kind: EventKind::ExamGraded,
            user_id: Some(attempt.user_id),
            course_id: None,
            amount_cents: None,
            occurred_at: now,
        },
    )
    .await?;
    Ok(report)
}

pub(crate) fn already_submitted() -> AppError {
    AppError::conflict(
        ErrorCode::AttemptAlreadySubmitted,
        "this attempt has already been submitted",
    )
}

/// Per-module scores with the modules' names.
pub(crate) fn module_scores(stats: &[ModuleResult], l: &Learner) -> Vec<ModuleScore> {
    stats
        .iter()
        .map(|m| ModuleScore {
            module_id: m.module_id.0,
            module_name: l.module_name(m.module_id.0),
            total: m.stats.total,
            correct: m.stats.correct,
        })
        .collect()
}
