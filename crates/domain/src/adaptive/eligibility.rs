//! Whether the learner's assigned content allows the level exam.
//!
//! The rule: **every required article must be closed** (its mini-test passed).
//! Optional articles are counted and listed so the learner sees what is left, but they
//! do **not** block the exam — they are offered for every module, including ones the
//! learner already masters, and making them mandatory would turn "optional" into a
//! chore. With no required article assigned (no weak module has one), the learner is
//! eligible as far as content goes. Whether the exam may start now (content assigned
//! at all, exam not passed, no attempt open, stage active) is [`super::gates::level_exam`],
//! which sets `eligible` and `reason` of the report the learner sees.

use serde::{Deserialize, Serialize};

use super::{gates::Refusal, ids::ArticleId};

/// Whether an article gates the exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// Closed by reading; never required for eligibility.
    Optional,
    /// Closed by passing its mini-test; required for eligibility.
    Required,
}

/// One article assigned to the learner at the stage, and whether it is closed
/// (read, or its mini-test passed — a pass is sticky).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentItem {
    pub article_id: ArticleId,
    pub kind: ContentKind,
    pub closed: bool,
}

/// The report shown to the learner and returned with a 412 when the exam is refused.
/// Missing lists keep the assignment's order. [`EligibilityReport::from_items`] judges the
/// content alone (`eligible` is `missing_required.is_empty()`); [`EligibilityReport::judged`]
/// replaces that with the level exam's decision, so the report and the exam start agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityReport {
    pub required_total: u32,
    pub required_done: u32,
    pub optional_total: u32,
    pub optional_done: u32,
    pub missing_required: Vec<ArticleId>,
    pub missing_optional: Vec<ArticleId>,
    pub eligible: bool,
    /// Why the level exam cannot start (set by [`EligibilityReport::judged`]).
    #[serde(skip)]
    pub reason: Option<Refusal>,
}

impl EligibilityReport {
    /// Builds the report from the learner's assigned items at one stage. An article
    /// listed twice counts once (the first listing wins).
    pub fn from_items(items: &[ContentItem]) -> Self {
        let mut seen = std::collections::BTreeSet::new();
        let mut report = EligibilityReport {
            required_total: 0,
            required_done: 0,
            optional_total: 0,
            optional_done: 0,
            missing_required: Vec::new(),
            missing_optional: Vec::new(),
            eligible: false,
            reason: None,
        };
        for item in items.iter().filter(|i| seen.insert(i.article_id)) {
            let (total, done, missing) = match item.kind {
                ContentKind::Required => (
                    &mut report.required_total,
                    &mut report.required_done,
                    &mut report.missing_required,
                ),
                ContentKind::Optional => (
                    &mut report.optional_total,
                    &mut report.optional_done,
                    &mut report.missing_optional,
                ),
            };
            *total += 1;
            if item.closed {
                *done += 1;
            } else {
                missing.push(item.article_id);
            }
        }
        report.eligible = report.missing_required.is_empty();
        report
    }

    /// The report as the learner sees it: `eligible` exactly when the level exam's
    /// decision allows the start, with the refusal as `reason` otherwise.
    pub fn judged(mut self, decision: Result<(), Refusal>) -> Self {
        self.eligible = decision.is_ok();
        self.reason = decision.err();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, kind: ContentKind, closed: bool) -> ContentItem {
        ContentItem {
            article_id: ArticleId(id),
            kind,
            closed,
        }
    }

    #[test]
    fn an_open_required_article_blocks_the_exam() {
        let r = EligibilityReport::from_items(&[
            item(1, ContentKind::Required, true),
            item(2, ContentKind::Required, false),
            item(3, ContentKind::Optional, true),
        ]);
        assert_eq!(
            r,
            EligibilityReport {
                required_total: 2,
                required_done: 1,
                optional_total: 1,
                optional_done: 1,
                missing_required: vec![ArticleId(2)],
                missing_optional: vec![],
                eligible: false,
                reason: None,
            }
        );
    }

    #[test]
    fn open_optional_articles_are_listed_but_do_not_block() {
        let r = EligibilityReport::from_items(&[
            item(5, ContentKind::Optional, false),
            item(1, ContentKind::Required, true),
            item(4, ContentKind::Optional, false),
        ]);
        assert!(r.eligible);
        assert_eq!(r.missing_optional, vec![ArticleId(5), ArticleId(4)]);
        assert_eq!((r.optional_total, r.optional_done), (2, 0));
    }

    #[test]
    fn nothing_assigned_means_nothing_missing() {
        let r = EligibilityReport::from_items(&[]);
        assert!(r.eligible);
        assert_eq!(r.required_total + r.optional_total, 0);
    }

    #[test]
    fn a_repeated_article_counts_once() {
        let r = EligibilityReport::from_items(&[
            item(1, ContentKind::Required, false),
            item(1, ContentKind::Required, false),
        ]);
        assert_eq!(r.required_total, 1);
        assert_eq!(r.missing_required, vec![ArticleId(1)]);
    }
}
