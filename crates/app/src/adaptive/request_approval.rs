//! `POST /progress/request-approval`: asking again after a rejection.

use practicum_domain::{
    adaptive::{ExamKind, StageKey},
    identity::UserId,
};
use practicum_store::adaptive::attempts::{self, AttemptKind};
use serde_json::json;

use super::ProgressOutcome;
use crate::{App, AppError};

impl App {
    /// After a rejection the stage is active again and its passed exam stays passed;
    /// this asks the admin again (the same request a PASS opens): at `trainee_0` once
    /// its level exam is passed, at level 3 once the rank final is passed. 412 when no
    /// such exam is passed, 409 while a request is pending.
    pub async fn request_approval(&self, user: UserId) -> Result<ProgressOutcome, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        l.require_active()?;
        let (kind, stored) = if l.progress.key == StageKey::TRAINEE_0 {
            (ExamKind::Level, AttemptKind::Level)
        } else {
            (ExamKind::RankFinal, AttemptKind::RankFinal)
        };
        let passed = attempts::for_stage(&mut tx, user, l.progress.stage_id, stored)
            .await?
            .iter()
            .any(|a| a.passed);
        if !passed {
            return Err(AppError::Precondition {
                code: "nothing_to_approve",
                message: "approval follows a passed trainee exam or rank final".into(),
                details: json!({ "stage": l.progress.key }),
            });
        }
        let outcome = self.progress_after_pass(&mut tx, &l, kind, now).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
