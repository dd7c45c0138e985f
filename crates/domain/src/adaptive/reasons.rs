//! "Why": the sentence an assigned article or an exam's share of questions carries.
//!
//! The reason names the evidence the pinned rule used: the module's errors on the latest
//! evidence under `errors`, its estimated mastery under `mastery` ("your estimated mastery
//! of Linear models is the lowest (0.31 ± 0.08)").

use super::mastery::{format_mastery, Ability};

/// What a module's weakness rested on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeaknessEvidence {
    /// Errors of `asked` questions on `source` (e.g. "diagnostic").
    Errors {
        errors: u32,
        asked: u32,
        source: &'static str,
    },
    /// The learner model's estimate.
    Mastery(Ability),
}

/// Why a module is (or is not) among the K weakest. `rank` is its place in the
/// weakness order (0 = weakest), `k` the number singled out.
pub fn weakness_reason(module: &str, evidence: WeaknessEvidence, rank: usize, k: usize) -> String {
    match evidence {
        WeaknessEvidence::Mastery(a) => {
            let m = format_mastery(a);
            if rank == 0 {
                format!("your estimated mastery of {module} is the lowest ({m})")
            } else if rank < k {
                format!("your estimated mastery of {module} is among the {k} lowest ({m})")
            } else {
                format!("your estimated mastery of {module} ({m}) is not among the {k} lowest")
            }
        }
        WeaknessEvidence::Errors {
            errors,
            asked,
            source,
        } => {
            let record = if asked == 0 {
                format!("no questions of {module} on your {source} yet")
            } else {
                format!("{errors} of {asked} wrong on your {source}")
            };
            if rank == 0 {
                format!("{module} is your weakest module ({record})")
            } else if rank < k {
                format!("{module} is among your {k} weakest modules ({record})")
            } else {
                format!("{module} is not among your {k} weakest modules ({record})")
            }
        }
    }
}

/// Why an exam asks `questions` of a module.
pub fn exam_share_reason(questions: u32, weakness: &str, singled_out: bool) -> String {
    if singled_out {
        format!("{questions} questions because {weakness}")
    } else {
        format!("{questions} questions, the share of every module: {weakness}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_evidence() {
        let a = Ability {
            mean: -0.8,
            variance: 0.1,
        };
        let r = weakness_reason("Linear models", WeaknessEvidence::Mastery(a), 0, 2);
        assert_eq!(
            r,
            "your estimated mastery of Linear models is the lowest (0.31 ± 0.07)"
        );
        let e = WeaknessEvidence::Errors {
            errors: 2,
            asked: 3,
            source: "diagnostic",
        };
        assert_eq!(
            weakness_reason("Trees", e, 1, 2),
            "Trees is among your 2 weakest modules (2 of 3 wrong on your diagnostic)"
        );
        assert!(weakness_reason("Trees", e, 3, 2).contains("not among"));
        assert_eq!(exam_share_reason(4, "x", true), "4 questions because x");
    }
}
