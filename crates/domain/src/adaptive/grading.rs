//! Grading an attempt into per-module results (which modules are weakest is
//! [`super::weakness`]).
//!
//! A question is answered correctly when the selected options are exactly its correct
//! options — with one correct option that is "picked the right one", and it already
//! works for multiple-correct questions. Pass/fail is decided on integers, so 14 of 20
//! at 70 % passes and no floating-point rounding can flip a result.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ids::{ModuleId, OptionId, QuestionId};

/// A learner's record on one module: questions asked and answered correctly.
/// Invariant (also a database CHECK): `correct <= total`, kept by the grading that
/// produces it; [`errors`](Self::errors) saturates rather than trusting it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleStats {
    pub total: u32,
    pub correct: u32,
}

impl ModuleStats {
    /// Wrong answers: the measure of weakness.
    pub fn errors(self) -> u32 {
        self.total.saturating_sub(self.correct)
    }
}

/// One module's stats, tagged with the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleResult {
    pub module_id: ModuleId,
    pub stats: ModuleStats,
}

/// A question of the attempt with what grading needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerKey {
    pub question_id: QuestionId,
    pub module_id: ModuleId,
    /// Every option of the question; a selection outside it is refused.
    pub options: BTreeSet<OptionId>,
    pub correct: BTreeSet<OptionId>,
}

/// The learner's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SubmittedAnswer {
    pub question_id: QuestionId,
    pub selected: BTreeSet<OptionId>,
}

/// When an attempt passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum PassRule {
    /// Exams: `correct / total >= pct / 100`.
    Percent(u8),
    /// Mini-tests: at least this many correct answers.
    AtLeastCorrect(u32),
}

impl PassRule {
    pub fn passes(self, correct: u32, total: u32) -> bool {
        match self {
            PassRule::Percent(pct) => u64::from(correct) * 100 >= u64::from(pct) * u64::from(total),
            PassRule::AtLeastCorrect(n) => correct >= n,
        }
    }
}

/// The outcome of an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeReport {
    /// Correct answers in the attempt.
    pub score_total: u32,
    /// Questions in the attempt.
    pub questions_total: u32,
    /// Per module, in the order the modules first appear in the answer key.
    pub per_module: Vec<ModuleResult>,
    /// `score_total × 100 / questions_total`, rounded down; with an integer pass
    /// percentage, `percentage >= pct` exactly when the attempt passes the percent rule.
    pub percentage: u8,
    pub passed: bool,
}

/// Why a submission cannot be graded: the contract is exactly one answer per question
/// of the attempt, with options of that question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradingError {
    #[error("the attempt has no questions")]
    NoQuestions,
    #[error("question {0} is not part of this attempt")]
    UnknownQuestion(QuestionId),
    #[error("question {0} is answered more than once")]
    DuplicateAnswer(QuestionId),
    #[error("question {0} has no answer")]
    MissingAnswer(QuestionId),
    #[error("question {0} has an answer with no option selected")]
    EmptySelection(QuestionId),
    #[error("option {option} does not belong to question {question}")]
    UnknownOption {
        question: QuestionId,
        option: OptionId,
    },
}

/// Grades `answers` against `key` (the attempt's questions) under `rule`.
///
/// Refuses, first problem wins: an empty key, an answer to a question not in the key,
/// a second answer to a question, an empty selection, a foreign option, then a question
/// left unanswered (first in key order).
pub fn grade(
    key: &[AnswerKey],
    answers: &[SubmittedAnswer],
    rule: PassRule,
) -> Result<GradeReport, GradingError> {
    if key.is_empty() {
        return Err(GradingError::NoQuestions);
    }
    let by_question: BTreeMap<QuestionId, &AnswerKey> =
        key.iter().map(|k| (k.question_id, k)).collect();
    let mut answered: BTreeMap<QuestionId, &SubmittedAnswer> = BTreeMap::new();
    for answer in answers {
        let Some(k) = by_question.get(&answer.question_id) else {
            return Err(GradingError::UnknownQuestion(answer.question_id));
        };
        if answered.insert(answer.question_id, answer).is_some() {
            return Err(GradingError::DuplicateAnswer(answer.question_id));
        }
        if answer.selected.is_empty() {
            return Err(GradingError::EmptySelection(answer.question_id));
        }
        if let Some(&option) = answer.selected.difference(&k.options).next() {
            return Err(GradingError::UnknownOption {
                question: answer.question_id,
                option,
            });
        }
    }

    let mut per_module: Vec<ModuleResult> = Vec::new();
    let mut score_total = 0u32;
    let mut graded = BTreeSet::new();
    for k in key {
        // A question listed twice in the key is one question of the attempt.
        if !graded.insert(k.question_id) {
            continue;
        }
        let answer = answered
            .get(&k.question_id)
            .ok_or(GradingError::MissingAnswer(k.question_id))?;
        let correct = answer.selected == k.correct;
        let slot = match per_module.iter().position(|r| r.module_id == k.module_id) {
            Some(i) => &mut per_module[i],
            None => {
                per_module.push(ModuleResult {
                    module_id: k.module_id,
                    stats: ModuleStats::default(),
                });
                let last = per_module.len() - 1;
                &mut per_module[last]
            }
        };
        slot.stats.total += 1;
        if correct {
            slot.stats.correct += 1;
            score_total += 1;
        }
    }
    let questions_total = u32::try_from(graded.len()).unwrap_or(u32::MAX);
    let percentage = (u64::from(score_total) * 100 / u64::from(questions_total)) as u8;
    Ok(GradeReport {
        score_total,
        questions_total,
        per_module,
        percentage,
        passed: rule.passes(score_total, questions_total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, module: i64, options: &[i64], correct: &[i64]) -> AnswerKey {
        AnswerKey {
            question_id: QuestionId(id),
            module_id: ModuleId(module),
            options: options.iter().map(|&o| OptionId(o)).collect(),
            correct: correct.iter().map(|&o| OptionId(o)).collect(),
        }
    }

    fn a(id: i64, selected: &[i64]) -> SubmittedAnswer {
        SubmittedAnswer {
            question_id: QuestionId(id),
            selected: selected.iter().map(|&o| OptionId(o)).collect(),
        }
    }

    fn key() -> Vec<AnswerKey> {
        vec![
            q(1, 10, &[1, 2, 3], &[1]),
            q(2, 20, &[4, 5], &[5]),
            q(3, 10, &[6, 7], &[6]),
            q(4, 20, &[8, 9, 10], &[8, 9]),
        ]
    }

    #[test]
    fn grades_per_module_and_in_total() {
        let answers = [a(4, &[8, 9]), a(1, &[1]), a(2, &[4]), a(3, &[7])];
        let r = grade(&key(), &answers, PassRule::Percent(50)).unwrap();
        assert_eq!((r.score_total, r.questions_total, r.percentage), (2, 4, 50));
        assert!(r.passed);
        assert_eq!(
            r.per_module,
            vec![
                ModuleResult {
                    module_id: ModuleId(10),
                    stats: ModuleStats {
                        total: 2,
                        correct: 1
                    }
                },
                ModuleResult {
                    module_id: ModuleId(20),
                    stats: ModuleStats {
                        total: 2,
                        correct: 1
                    }
                },
            ]
        );
    }

    #[test]
    fn multiple_correct_needs_exactly_the_correct_set() {
        let partial = [a(1, &[1]), a(2, &[5]), a(3, &[6]), a(4, &[8])];
        let r = grade(&key(), &partial, PassRule::Percent(100)).unwrap();
        assert_eq!(r.score_total, 3);
        assert!(!r.passed);
        let extra = [a(1, &[1, 2]), a(2, &[5]), a(3, &[6]), a(4, &[8, 9])];
        assert_eq!(
            grade(&key(), &extra, PassRule::Percent(0))
                .unwrap()
                .score_total,
            3
        );
    }

    #[test]
    fn pass_threshold_is_inclusive_and_exact() {
        assert!(PassRule::Percent(70).passes(14, 20));
        assert!(!PassRule::Percent(70).passes(13, 20));
        assert!(!PassRule::Percent(67).passes(2, 3), "66.67 % < 67 %");
        assert!(PassRule::Percent(66).passes(2, 3));
        assert!(PassRule::Percent(0).passes(0, 5));
        assert!(PassRule::AtLeastCorrect(3).passes(3, 3));
        assert!(!PassRule::AtLeastCorrect(3).passes(2, 3));
    }

    #[test]
    fn percentage_rounds_down_consistently_with_passing() {
        let key = vec![
            q(1, 1, &[1, 2], &[1]),
            q(2, 1, &[1, 2], &[1]),
            q(3, 1, &[1, 2], &[1]),
        ];
        let answers = [a(1, &[1]), a(2, &[1]), a(3, &[2])];
        let r = grade(&key, &answers, PassRule::Percent(67)).unwrap();
        assert_eq!(r.percentage, 66);
        assert!(!r.passed);
    }

    #[test]
    fn malformed_submissions_are_refused() {
        let full = || vec![a(1, &[1]), a(2, &[5]), a(3, &[6]), a(4, &[8, 9])];
        let rule = PassRule::Percent(70);
        assert_eq!(grade(&[], &[], rule), Err(GradingError::NoQuestions));

        let mut missing = full();
        missing.remove(2);
        assert_eq!(
            grade(&key(), &missing, rule),
            Err(GradingError::MissingAnswer(QuestionId(3)))
        );

        let mut dup = full();
        dup.push(a(2, &[4]));
        assert_eq!(
            grade(&key(), &dup, rule),
            Err(GradingError::DuplicateAnswer(QuestionId(2)))
        );

        let mut unknown = full();
        unknown.push(a(99, &[1]));
        assert_eq!(
            grade(&key(), &unknown, rule),
            Err(GradingError::UnknownQuestion(QuestionId(99)))
        );

        let mut foreign = full();
        foreign[0] = a(1, &[5]);
        assert_eq!(
            grade(&key(), &foreign, rule),
            Err(GradingError::UnknownOption {
                question: QuestionId(1),
                option: OptionId(5)
            })
        );

        let mut empty = full();
        empty[1] = a(2, &[]);
        assert_eq!(
            grade(&key(), &empty, rule),
            Err(GradingError::EmptySelection(QuestionId(2)))
        );
    }

    #[test]
    fn errors_never_underflow() {
        assert_eq!(
            ModuleStats {
                total: 1,
                correct: 3
            }
            .errors(),
            0
        );
    }
}
