//! Loads what the path's decisions (`practicum_domain::adaptive::gates`) need about the
//! learner's current stage, and turns a refusal into the error its step answers with.

use practicum_domain::adaptive::{
    ArticleId, ContentItem, EligibilityReport, ExamState, PathState, Refusal, StageKey,
};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptKind},
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
}

async fn exam_state(
    s: &mut dyn Session,
    l: &Learner,
    kind: AttemptKind,
) -> Result<ExamState, AppError> {
    let mine = attempts::for_stage(s, l.progress.user_id, l.progress.stage_id, kind).await?;
    Ok(ExamState {
        passed: mine.iter().any(|a| a.passed),
        open_attempt: mine.iter().find(|a| !a.submitted).map(|a| a.id),
    })
}

impl App {
    /// Everything the decisions need, read in the caller's transaction.
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
        let state = PathState {
            key: l.progress.key,
            status: l.progress.status,
            diagnostic_submitted: attempts::diagnostic_of(s, user)
                .await?
                .is_some_and(|a| a.submitted),
            content_assigned: content::is_assigned(s, user, l.progress.stage_id).await?,
            required_open: !report.missing_required.is_empty(),
            level: exam_state(s, l, AttemptKind::Level).await?,
            rank_final: exam_state(s, l, AttemptKind::RankFinal).await?,
        };
        Ok(LoadedPath {
            state,
            content: report,
            rows,
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
