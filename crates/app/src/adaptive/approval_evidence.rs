//! The evidence behind an approval request: the learner's submitted exams at the stage
//! they ask to leave, with the results per module (`GET /admin/approvals/{id}/evidence`).

use practicum_domain::{identity::Role, Timestamp};
use practicum_store::adaptive::{
    approvals,
    attempts::{self, AttemptKind},
    catalog, progress,
};

use super::{ApprovalView, ModuleScore};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError};

/// A request with what an admin weighs before deciding it.
#[derive(Debug, Clone)]
pub struct ApprovalEvidence {
    pub approval: ApprovalView,
    /// Every submitted level exam and rank final at the from-stage, oldest first.
    pub exams: Vec<ExamEvidence>,
}

/// One submitted exam attempt and its score per module.
#[derive(Debug, Clone)]
pub struct ExamEvidence {
    pub attempt_id: i64,
    /// `level` or `rank_final`.
    pub kind: &'static str,
    pub attempt_no: i64,
    pub questions_total: i64,
    pub correct: i64,
    pub pct: i64,
    pub passed: bool,
    pub submitted_at: Option<Timestamp>,
    pub per_module: Vec<ModuleScore>,
}

impl App {
    /// The request (any status) and the learner's exams at its from-stage (404 unknown).
    pub async fn approval_evidence(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<ApprovalEvidence, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let request = approvals::find(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ApprovalRequestNotFound))?;
        let stage = progress::find_for_stage(&mut conn, request.user_id, request.from_stage_id)
            .await?
            .ok_or_else(|| AppError::internal("approval request without a stage record"))?;
        let modules = catalog::modules(&mut conn, stage.track_id).await?;
        let mut found = Vec::new();
        for kind in [AttemptKind::Level, AttemptKind::RankFinal] {
            found.extend(
                attempts::for_stage(&mut conn, request.user_id, request.from_stage_id, kind)
                    .await?
                    .into_iter()
                    .filter(|a| a.submitted),
            );
        }
        found.sort_by_key(|a| (a.submitted_at, a.id));
        let exams = found
            .into_iter()
            .map(|a| {
                let stats = a.module_stats.unwrap_or_default();
                // In track order, so every exam lists its modules the same way.
                let per_module = modules
                    .iter()
                    .filter_map(|m| {
                        stats
                            .iter()
                            .find(|s| s.module_id.0 == m.id)
                            .map(|s| ModuleScore {
                                module_id: m.id,
                                module_name: m.name.clone(),
                                total: s.stats.total,
                                correct: s.stats.correct,
                            })
                    })
                    .collect();
                ExamEvidence {
                    attempt_id: a.id,
                    kind: a.kind.as_str(),
                    attempt_no: a.attempt_no,
                    questions_total: a.questions_total,
                    correct: a.correct.unwrap_or(0),
                    pct: a.pct.unwrap_or(0),
                    passed: a.passed,
                    submitted_at: a.submitted_at,
                    per_module,
                }
            })
            .collect();
        Ok(ApprovalEvidence {
            approval: request.into(),
            exams,
        })
    }
}
