//! Loads what the path's decisions (`practicum_domain::adaptive::gates`) need about the
//! learner's current stage, and turns a refusal into the error its step answers with.

use practicum_domain::adaptive::{
    ArticleId, ContentItem, EligibilityReport, ExamState, PathState, Refusal, StageKey,
};
use practicum_store::{
    adaptive::{
        attempts::{self, DiagnosticSummary, ExamSummary},
        content::{self, AssignmentRecord},
    },
    Session,
};
use serde_json::json;

use super::context::Learner;
use crate::ErrorCode;
use crate::{App, AppError};

/// The learner's current stage as the decisions see it, with the content behind it.
pub(crate) struct LoadedPath {
    pub state: PathState,
    /// The assigned content judged alone (before the level exam's decision).
    pub content: EligibilityReport,
    pub rows: Vec<AssignmentRecord>,
    /// The weakness tie seed stored with the stage's content batch (`None`: nothing
    /// assigned, or assigned before seeds were stored).
    pub tie_seed: Option<u64>,
    /// The learner's diagnostic (`None`: not started).
    pub diagnostic: Option<DiagnosticSummary>,
}

impl App {
    /// Everything the decisions need, read in the caller's transaction: three statements
    /// (the assigned articles, the content batch, the attempts' summary).
    pub(crate) async fn path_state(
        &self,
        s: &mut dyn Session,
        l: &Learner,
    ) -> Result<LoadedPath, AppError> {
        let user = l.progress.user_id;
        let rows = content::list(s, user, l.progress.stage_id).await?;
        let report = EligibilityReport::from_items(
            &rows
                .iter()
                .map(|r| ContentItem {
                    article_id: ArticleId(r.article_id),
                    kind: r.kind,
                    closed: r.closed(),
                })
                .collect::<Vec<_>>(),
        );
        let batch = content::batch(s, user, l.progress.stage_id).await?;
        let attempts = attempts::path_attempts(s, user, l.progress.stage_id).await?;
        let exam = |e: ExamSummary| ExamState {
            passed: e.passed,
            open_attempt: e.open_attempt,
        };
        let state = PathState {
            key: l.progress.key,
            status: l.progress.status,
            diagnostic_submitted: attempts.diagnostic.as_ref().is_some_and(|d| d.submitted),
            content_assigned: batch.is_some(),
            required_open: !report.missing_required.is_empty(),
            level: exam(attempts.level),
            rank_final: exam(attempts.rank_final),
        };
        Ok(LoadedPath {
            state,
            content: report,
            rows,
            tie_seed: batch.flatten(),
            diagnostic: attempts.diagnostic,
        })
    }
}

/// The error a refused step answers with: 409 when the step is done or under way, 412
/// when a step before it is missing. `not_eligible` carries the eligibility report in
/// `details`, `attempt_in_progress` the open attempt, the others the stage.
/// The error code of a gate's refusal (the domain's `Refusal::code` spelled as an [`ErrorCode`]).
pub(crate) fn refusal_code(r: Refusal) -> ErrorCode {
    match r {
        Refusal::StagePendingApproval => ErrorCode::StagePendingApproval,
        Refusal::Graduated => ErrorCode::Graduated,
        Refusal::ContentAlreadyAssigned => ErrorCode::ContentAlreadyAssigned,
        Refusal::DiagnosticRequired => ErrorCode::DiagnosticRequired,
        Refusal::ContentNotAssigned => ErrorCode::ContentNotAssigned,
        Refusal::NotEligible => ErrorCode::NotEligible,
        Refusal::ExamAlreadyPassed => ErrorCode::ExamAlreadyPassed,
        Refusal::AttemptInProgress { .. } => ErrorCode::AttemptInProgress,
        Refusal::RankFinalNotOpen => ErrorCode::RankFinalNotOpen,
        Refusal::NothingToApprove => ErrorCode::NothingToApprove,
    }
}

pub(crate) fn refused(r: Refusal, key: StageKey, report: &EligibilityReport) -> AppError {
    let details = match r {
        Refusal::NotEligible => serde_json::to_value(report).unwrap_or_else(|_| json!({})),
        Refusal::AttemptInProgress { attempt_id } => json!({ "attempt_id": attempt_id }),
        _ => json!({ "stage": key }),
    };
    if r.is_conflict() {
        AppError::Conflict {
            code: refusal_code(r),
            message: r.message().to_owned(),
            details: Some(details),
        }
    } else {
        AppError::Precondition {
            code: refusal_code(r),
            message: r.message().to_owned(),
            details,
        }
    }
}
