//! `POST /progress/request-approval`: asking again after a rejection.

use practicum_domain::{
    adaptive::{gates, ExamKind, StageKey},
    identity::UserId,
};

use super::{path_state::refused, ProgressOutcome};
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
        // The decision the current stage's `actions.request_approval` reports.
        let path = self.path_state(&mut tx, &l).await?;
        if let Err(r) = gates::request_approval(&path.state) {
            return Err(refused(r, l.progress.key, &path.content));
        }
        let kind = if l.progress.key == StageKey::TRAINEE_0 {
            ExamKind::Level
        } else {
            ExamKind::RankFinal
        };
        let outcome = self.progress_after_pass(&mut tx, &l, kind, now).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
