//! Bodies of the admin routes of adaptive learning, approval requests: pending, evidence, approve, reject.

use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::adaptive::{ApprovalEvidence, ApprovalView, ExamEvidence};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::adaptive::dto::ModuleScoreResponse;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalResponse {
    pub id: i64,
    pub user_id: i64,
    pub user_email: Option<String>,
    /// `rank_transition` or `graduation`.
    pub kind: String,
    pub from_stage: String,
    pub to_stage: Option<String>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<ApprovalView> for ApprovalResponse {
    fn from(a: ApprovalView) -> Self {
        Self {
            id: a.approval_id,
            user_id: a.user_id.0,
            user_email: a.user_email,
            kind: a.kind,
            from_stage: a.from.to_string(),
            to_stage: a.to.map(|k| k.to_string()),
            status: a.status,
            reason: a.reason,
            created_at: to_datetime(a.created_at),
            decided_at: a.decided_at.map(to_datetime),
        }
    }
}

page_response!(ApprovalPage of ApprovalResponse);

/// A request with the learner's exams at the stage they ask to leave.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalEvidenceResponse {
    pub approval: ApprovalResponse,
    /// Every submitted level exam and rank final at the from-stage, oldest first.
    pub exams: Vec<ExamEvidenceResponse>,
}

/// One submitted exam attempt with its score per module (in track order).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExamEvidenceResponse {
    pub attempt_id: i64,
    /// `level` or `rank_final`.
    pub kind: String,
    pub attempt_no: i64,
    pub questions_total: i64,
    pub correct: i64,
    /// Share correct, 0..100.
    pub pct: i64,
    pub passed: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub per_module: Vec<ModuleScoreResponse>,
}

impl From<ExamEvidence> for ExamEvidenceResponse {
    fn from(e: ExamEvidence) -> Self {
        Self {
            attempt_id: e.attempt_id,
            kind: e.kind.to_owned(),
            attempt_no: e.attempt_no,
            questions_total: e.questions_total,
            correct: e.correct,
            pct: e.pct,
            passed: e.passed,
            submitted_at: e.submitted_at.map(to_datetime),
            per_module: e.per_module.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<ApprovalEvidence> for ApprovalEvidenceResponse {
    fn from(e: ApprovalEvidence) -> Self {
        Self {
            approval: e.approval.into(),
            exams: e.exams.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectRequest {
    pub reason: String,
}
