//! `GET /progress/current-stage`.

use practicum_domain::{adaptive::StageStatus, identity::UserId};
use practicum_store::adaptive::{
    attempts::{self, AttemptKind},
    content, progress, review, settings,
};

use super::CurrentStageView;
use crate::{App, AppError};

impl App {
    /// The learner's current stage. The first adaptive request of a learner places them
    /// at `trainee_0` of the default track (the oldest published track with stages and a
    /// current settings version), pinning its current settings; 412 while there is none.
    /// A graduated learner sees their last stage, `completed`, with `graduated`.
    pub async fn current_stage(&self, user: UserId) -> Result<CurrentStageView, AppError> {
        let mut tx = self.db.write().await?;
        let p = match progress::current(&mut tx, user).await? {
            Some(p) => p,
            None => match progress::latest(&mut tx, user).await? {
                Some(last) if last.status == StageStatus::Completed => last,
                _ => self.learner(&mut tx, user).await?.progress,
            },
        };
        let version = settings::find(&mut tx, p.settings_version_id)
            .await?
            .map_or(0, |v| v.version);
        let level_passed = attempts::for_stage(&mut tx, user, p.stage_id, AttemptKind::Level)
            .await?
            .iter()
            .any(|a| a.passed);
        let diagnostic_done = attempts::diagnostic_of(&mut tx, user)
            .await?
            .is_some_and(|a| a.submitted);
        let content_assigned = content::is_assigned(&mut tx, user, p.stage_id).await?;
        let review_due = review::due_count(&mut tx, user, self.now_ms()).await?;
        tx.commit().await?;
        Ok(CurrentStageView {
            track_slug: p.track_slug,
            stage_id: p.stage_id,
            key: p.key,
            status: p.status,
            settings_version: version,
            graduated: p.status == StageStatus::Completed,
            rank_final_open: level_passed && p.key.is_last_level_of_rank() && p.key.level() > 0,
            diagnostic_done,
            content_assigned,
            review_due,
        })
    }
}
