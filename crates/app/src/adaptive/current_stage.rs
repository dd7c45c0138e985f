//! `GET /progress/current-stage`.

use practicum_domain::{
    adaptive::{PathActions, StageStatus},
    identity::UserId,
};
use practicum_store::adaptive::{attempts, content, progress, review, settings};

use super::CurrentStageView;
use crate::{App, AppError};

impl App {
    /// The learner's current stage. The first adaptive request of a learner places them
    /// at `trainee_0` of the default track (the oldest published track with stages and a
    /// current settings version), pinning its current settings; 412 while there is none.
    /// A graduated learner sees their last stage, `completed`, with `graduated`.
    /// `actions` are the decisions the steps themselves apply
    /// (`practicum_domain::adaptive::gates`).
    pub async fn current_stage(&self, user: UserId) -> Result<CurrentStageView, AppError> {
        let mut tx = self.db.write().await?;
        let graduated = match progress::current(&mut tx, user).await? {
            Some(_) => None,
            None => progress::latest(&mut tx, user)
                .await?
                .filter(|last| last.status == StageStatus::Completed),
        };
        let (p, actions, diagnostic_done, content_assigned) = match graduated {
            Some(last) => {
                let diagnostic_done = attempts::diagnostic_of(&mut tx, user)
                    .await?
                    .is_some_and(|a| a.submitted);
                let assigned = content::is_assigned(&mut tx, user, last.stage_id).await?;
                (last, PathActions::graduated(), diagnostic_done, assigned)
            }
            None => {
                let l = self.learner(&mut tx, user).await?;
                let path = self.path_state(&mut tx, &l).await?;
                (
                    l.progress,
                    PathActions::of(&path.state),
                    path.state.diagnostic_submitted,
                    path.state.content_assigned,
                )
            }
        };
        let version = settings::find(&mut tx, p.settings_version_id)
            .await?
            .map_or(0, |v| v.version);
        let review_due = review::due_count(&mut tx, user, self.now_ms()).await?;
        tx.commit().await?;
        Ok(CurrentStageView {
            track_slug: p.track_slug,
            stage_id: p.stage_id,
            key: p.key,
            status: p.status,
            settings_version: version,
            graduated: p.status == StageStatus::Completed,
            rank_final_open: actions.rank_final.is_ok(),
            diagnostic_done,
            content_assigned,
            review_due,
            actions,
        })
    }
}
