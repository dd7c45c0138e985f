//! The tunables of one settings version of a track.
//!
//! A settings version is immutable once created and a learner's stage pins the version
//! that was current when the stage became active, so every rule of that stage reads the
//! same numbers. [`TrackSettings::validate`] is the gate at creation: it reports every
//! inconsistent field at once, so an admin fixes a form in one round trip (the API maps
//! the list to a 422 naming the fields).

use serde::{Deserialize, Serialize};

use super::engine::DrawPlan;
use super::grading::PassRule;
use super::weakness::{TieBreak, WeaknessTies};

/// Every tunable of the adaptive path for one track (see `shared/spec/adaptive.md`).
///
/// Field names are the spec's and the API's; counts are per attempt unless said.
/// Invariant after [`validate`](Self::validate) returns no errors: every count that
/// drives a draw is at least 1, `min_questions_per_module <= max_questions_per_module`,
/// the minimum fits into each exam, pass thresholds are percentages, and a mini-test
/// can be passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackSettings {
    /// K: how many of the weakest modules get required articles and the exam's extra
    /// questions.
    pub content_k_weak_modules: u32,
    /// Optional articles assigned per module (0: no optional reading).
    pub content_optional_per_module: u32,
    /// Required articles assigned per weak module.
    pub content_required_per_weak_module: u32,
    /// Questions in a required article's mini-test.
    pub minitest_questions: u32,
    /// Correct answers needed to pass a mini-test (default: all of them).
    pub minitest_pass_correct: u32,
    /// Questions drawn from every module for the one-time diagnostic.
    pub diagnostic_questions_per_module: u32,
    /// N: questions in a level exam.
    pub level_exam_questions: u32,
    /// Lower bound on an exam's questions from any module (0: a module may be skipped).
    pub min_questions_per_module: u32,
    /// Upper bound on an exam's questions from any module.
    pub max_questions_per_module: u32,
    /// Percentage of correct answers needed to pass a level exam.
    pub level_exam_pass_pct: u8,
    /// Questions in a rank final (drawn over every module of the rank).
    pub rank_final_questions: u32,
    /// Percentage of correct answers needed to pass a rank final.
    pub rank_final_pass_pct: u8,
    /// How modules equally weak are ordered when choosing the K weakest (see
    /// [`TieBreak`]). Versions stored before the rule existed were marked
    /// `module_order` by a migration; every new version takes the fair rule unless told.
    pub tie_break: TieBreak,
}

impl Default for TrackSettings {
    /// Values a new track can start with: a 20-question level exam passed at 70 %,
    /// between 2 and 8 questions per module, a 3-of-3 mini-test, and the two weakest
    /// modules singled out.
    fn default() -> Self {
        TrackSettings {
            content_k_weak_modules: 2,
            content_optional_per_module: 1,
            content_required_per_weak_module: 1,
            minitest_questions: 3,
            minitest_pass_correct: 3,
            diagnostic_questions_per_module: 3,
            level_exam_questions: 20,
            min_questions_per_module: 2,
            max_questions_per_module: 8,
            level_exam_pass_pct: 70,
            rank_final_questions: 30,
            rank_final_pass_pct: 75,
            tie_break: TieBreak::FewerAskedThenDraw,
        }
    }
}

/// One invalid field of a settings version: which, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as in the API (`min_questions_per_module`).
    pub field: &'static str,
    /// What is wrong, in words an admin understands.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

impl TrackSettings {
    /// Every inconsistency of this set of tunables; empty when it may be saved.
    ///
    /// Checked: counts that drive a draw or an assignment are at least 1
    /// (`content_optional_per_module` and `min_questions_per_module` may be 0);
    /// `min_questions_per_module <= max_questions_per_module`; the per-module minimum
    /// is not above either exam's size; `minitest_pass_correct <= minitest_questions`;
    /// pass percentages are within 0..=100. Whether N fits the modules of a particular
    /// stage (N between `M × min` and `M × max`) depends on the stage and is refused by
    /// the engine when an exam is drawn.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let positive = [
            ("content_k_weak_modules", self.content_k_weak_modules),
            (
                "content_required_per_weak_module",
                self.content_required_per_weak_module,
            ),
            ("minitest_questions", self.minitest_questions),
            ("minitest_pass_correct", self.minitest_pass_correct),
            (
                "diagnostic_questions_per_module",
                self.diagnostic_questions_per_module,
            ),
            ("level_exam_questions", self.level_exam_questions),
            ("max_questions_per_module", self.max_questions_per_module),
            ("rank_final_questions", self.rank_final_questions),
        ];
        for (field, value) in positive {
            if value == 0 {
                errors.push(FieldError::new(field, "must be at least 1"));
            }
        }
        if self.minitest_pass_correct > self.minitest_questions {
            errors.push(FieldError::new(
                "minitest_pass_correct",
                format!(
                    "must not exceed minitest_questions ({}), or no mini-test could be passed",
                    self.minitest_questions
                ),
            ));
        }
        if self.min_questions_per_module > self.max_questions_per_module {
            errors.push(FieldError::new(
                "min_questions_per_module",
                format!(
                    "must not exceed max_questions_per_module ({})",
                    self.max_questions_per_module
                ),
            ));
        }
        for (field, size) in [
            ("level_exam_questions", self.level_exam_questions),
            ("rank_final_questions", self.rank_final_questions),
        ] {
            if size != 0 && size < self.min_questions_per_module {
                errors.push(FieldError::new(
                    field,
                    format!(
                        "must be at least min_questions_per_module ({})",
                        self.min_questions_per_module
                    ),
                ));
            }
        }
        for (field, pct) in [
            ("level_exam_pass_pct", self.level_exam_pass_pct),
            ("rank_final_pass_pct", self.rank_final_pass_pct),
        ] {
            if pct > 100 {
                errors.push(FieldError::new(field, "must be a percentage from 0 to 100"));
            }
        }
        errors
    }

    /// How this version ranks equally weak modules for a learner whose stage stored
    /// `tie_seed` (see [`TieBreak::with_seed`]).
    pub fn weakness_ties(&self, tie_seed: Option<u64>) -> WeaknessTies {
        self.tie_break.with_seed(tie_seed)
    }

    /// The distribution of a level exam under these settings, the K weakest ranked by
    /// `ties` (the learner's, from [`weakness_ties`](Self::weakness_ties)).
    pub fn level_exam_plan(&self, ties: WeaknessTies) -> DrawPlan {
        DrawPlan {
            total: self.level_exam_questions,
            min_per_module: self.min_questions_per_module,
            max_per_module: self.max_questions_per_module,
            weak_modules: self.content_k_weak_modules,
            ties,
        }
    }

    /// The distribution of a rank final: the level exam's rules with its own size.
    pub fn rank_final_plan(&self, ties: WeaknessTies) -> DrawPlan {
        DrawPlan {
            total: self.rank_final_questions,
            ..self.level_exam_plan(ties)
        }
    }

    pub fn level_exam_pass_rule(&self) -> PassRule {
        PassRule::Percent(self.level_exam_pass_pct)
    }

    pub fn rank_final_pass_rule(&self) -> PassRule {
        PassRule::Percent(self.rank_final_pass_pct)
    }

    pub fn minitest_pass_rule(&self) -> PassRule {
        PassRule::AtLeastCorrect(self.minitest_pass_correct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn defaults_are_valid_and_match_the_spec() {
        let s = TrackSettings::default();
        assert_eq!(s.validate(), vec![]);
        assert_eq!(s.level_exam_questions, 20);
        assert_eq!((s.minitest_pass_correct, s.minitest_questions), (3, 3));
    }

    #[test]
    fn min_above_max_names_the_minimum() {
        let s = TrackSettings {
            min_questions_per_module: 9,
            max_questions_per_module: 8,
            ..TrackSettings::default()
        };
        assert_eq!(fields(&s.validate()), vec!["min_questions_per_module"]);
    }

    #[test]
    fn pass_percentages_above_100_are_refused_and_bounds_are_accepted() {
        let s = TrackSettings {
            level_exam_pass_pct: 101,
            rank_final_pass_pct: 255,
            ..TrackSettings::default()
        };
        assert_eq!(
            fields(&s.validate()),
            vec!["level_exam_pass_pct", "rank_final_pass_pct"]
        );
        for pct in [0, 100] {
            let s = TrackSettings {
                level_exam_pass_pct: pct,
                rank_final_pass_pct: pct,
                ..TrackSettings::default()
            };
            assert_eq!(s.validate(), vec![]);
        }
    }

    #[test]
    fn an_unpassable_minitest_is_refused() {
        let s = TrackSettings {
            minitest_pass_correct: 4,
            ..TrackSettings::default()
        };
        assert_eq!(fields(&s.validate()), vec!["minitest_pass_correct"]);
    }

    #[test]
    fn zero_counts_are_refused_except_where_zero_means_none() {
        let s = TrackSettings {
            content_k_weak_modules: 0,
            content_optional_per_module: 0,
            content_required_per_weak_module: 0,
            minitest_questions: 0,
            minitest_pass_correct: 0,
            diagnostic_questions_per_module: 0,
            level_exam_questions: 0,
            min_questions_per_module: 0,
            max_questions_per_module: 0,
            level_exam_pass_pct: 0,
            rank_final_questions: 0,
            rank_final_pass_pct: 0,
            tie_break: TieBreak::ModuleOrder,
        };
        assert_eq!(
            fields(&s.validate()),
            vec![
                "content_k_weak_modules",
                "content_required_per_weak_module",
                "minitest_questions",
                "minitest_pass_correct",
                "diagnostic_questions_per_module",
                "level_exam_questions",
                "max_questions_per_module",
                "rank_final_questions",
            ]
        );
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let s = TrackSettings {
            min_questions_per_module: 25,
            max_questions_per_module: 10,
            level_exam_questions: 20,
            rank_final_questions: 30,
            level_exam_pass_pct: 120,
            minitest_pass_correct: 5,
            ..TrackSettings::default()
        };
        assert_eq!(
            fields(&s.validate()),
            vec![
                "minitest_pass_correct",
                "min_questions_per_module",
                "level_exam_questions",
                "level_exam_pass_pct",
            ]
        );
        assert!(s.validate().iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn missing_fields_take_defaults_and_unknown_fields_are_refused() {
        let s: TrackSettings = serde_json::from_str(r#"{"level_exam_questions": 25}"#).unwrap();
        assert_eq!(s.level_exam_questions, 25);
        assert_eq!(s.max_questions_per_module, 8);
        assert!(serde_json::from_str::<TrackSettings>(r#"{"n": 1}"#).is_err());
    }

    #[test]
    fn plans_carry_the_exam_sizes_and_bounds() {
        let s = TrackSettings::default();
        let ties = s.weakness_ties(Some(5));
        assert_eq!(ties, WeaknessTies::FewerAskedThenDraw { seed: 5 });
        assert_eq!(s.level_exam_plan(ties).total, 20);
        assert_eq!(s.rank_final_plan(ties).total, 30);
        assert_eq!(s.rank_final_plan(ties).min_per_module, 2);
        assert_eq!(s.rank_final_plan(ties).weak_modules, 2);
        assert_eq!(s.rank_final_plan(ties).ties, ties);
    }

    #[test]
    fn new_versions_take_the_fair_tie_break_and_marked_ones_keep_module_order() {
        assert_eq!(
            TrackSettings::default().tie_break,
            TieBreak::FewerAskedThenDraw
        );
        let unmarked: TrackSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(unmarked.tie_break, TieBreak::FewerAskedThenDraw);
        let marked: TrackSettings =
            serde_json::from_str(r#"{"tie_break": "module_order"}"#).unwrap();
        assert_eq!(marked.weakness_ties(Some(5)), WeaknessTies::ModuleOrder);
        assert!(serde_json::from_str::<TrackSettings>(r#"{"tie_break": "random"}"#).is_err());
    }
}
