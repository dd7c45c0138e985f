//! Choosing a track: at registration (`POST /auth/register` with `track_slug`) or later
//! (`POST /progress/track`) while the learner has done nothing on a track yet.

use practicum_domain::{
    adaptive::{ExamState, PathActions, PathState, StageKey, StageStatus},
    identity::UserId,
    FieldErrors,
};
use practicum_store::{
    adaptive::{catalog, progress, settings},
    Session,
};

use super::CurrentStageView;
use crate::ErrorCode;
use crate::{App, AppError};

/// Where a learner choosing a track starts: its `trainee_0` and current settings.
pub(crate) struct Placement {
    pub track_id: i64,
    pub track_slug: String,
    pub stage_id: i64,
    pub settings_version_id: i64,
    pub settings_version: i64,
}

/// The start of the published track `slug`, or 422 on `track_slug` when there is no
/// such track or it is not open to learners yet (unpublished, no `trainee_0`, no
/// current settings) — the same conditions as for the default track.
pub(crate) async fn placement_for(s: &mut dyn Session, slug: &str) -> Result<Placement, AppError> {
    let unknown = || -> AppError {
        FieldErrors::single(
            "track_slug",
            "no published track with this slug is open to learners",
        )
        .into()
    };
    let slug = slug.trim();
    if slug.is_empty() || slug.len() > 100 {
        return Err(unknown());
    }
    let track = catalog::find_track_by_slug(s, slug)
        .await?
        .filter(|t| t.is_published)
        .ok_or_else(unknown)?;
    let stage = catalog::stages(s, track.id)
        .await?
        .into_iter()
        .find(|st| st.key == StageKey::TRAINEE_0)
        .ok_or_else(unknown)?;
    let version = settings::current(s, track.id).await?.ok_or_else(unknown)?;
    Ok(Placement {
        track_id: track.id,
        track_slug: track.slug,
        stage_id: stage.id,
        settings_version_id: version.id,
        settings_version: version.version,
    })
}

fn progress_exists() -> AppError {
    AppError::conflict(
        ErrorCode::TrackProgressExists,
        "you already have progress on a track; the track can no longer be changed",
    )
}

impl App {
    /// Places a newly created learner on the chosen track, inside the registration's
    /// transaction (so the account and its placement exist together or not at all).
    pub(crate) async fn place_on_track(
        &self,
        s: &mut dyn Session,
        user: UserId,
        at: &Placement,
    ) -> Result<(), AppError> {
        progress::place(
            s,
            user,
            at.track_id,
            at.stage_id,
            at.settings_version_id,
            self.now_ms(),
        )
        .await?;
        Ok(())
    }

    /// Chooses (or confirms) the learner's track while they have no progress: no stage
    /// yet, or only the untouched `trainee_0` placement (no diagnostic, exam or content
    /// there). The same track again is a confirmation; another one replaces the
    /// placement. 409 `track_progress_exists` once anything was done on a track; 422 for
    /// a track that is unknown or not open. One transaction.
    pub async fn choose_track(
        &self,
        user: UserId,
        track_slug: &str,
    ) -> Result<CurrentStageView, AppError> {
        let mut tx = self.db.write().await?;
        let at = placement_for(&mut tx, track_slug).await?;
        let history = progress::history(&mut tx, user).await?;
        let place = match history.as_slice() {
            [] => true,
            [only]
                if only.key == StageKey::TRAINEE_0
                    && only.status == StageStatus::Active
                    && !progress::has_activity(&mut tx, user).await? =>
            {
                if only.track_id == at.track_id {
                    false
                } else {
                    progress::remove_placement(&mut tx, user, only.id).await?;
                    true
                }
            }
            _ => return Err(progress_exists()),
        };
        if place {
            // False when a racing request placed the learner between our reads.
            if !progress::place(
                &mut tx,
                user,
                at.track_id,
                at.stage_id,
                at.settings_version_id,
                self.now_ms(),
            )
            .await?
            {
                return Err(progress_exists());
            }
            tracing::info!(user_id = %user, track = %at.track_slug, "learner chose a track");
        }
        tx.commit().await?;
        Ok(CurrentStageView {
            track_slug: at.track_slug,
            stage_id: at.stage_id,
            key: StageKey::TRAINEE_0,
            status: StageStatus::Active,
            settings_version: at.settings_version,
            graduated: false,
            rank_final_open: false,
            diagnostic_done: false,
            content_assigned: false,
            // Cards come from graded answers, which a learner without progress lacks.
            review_due: 0,
            // An untouched trainee_0: the diagnostic comes first, nothing else yet.
            actions: PathActions::of(&PathState {
                key: StageKey::TRAINEE_0,
                status: StageStatus::Active,
                diagnostic_submitted: false,
                content_assigned: false,
                required_open: false,
                level: ExamState::default(),
                rank_final: ExamState::default(),
            }),
        })
    }
}
