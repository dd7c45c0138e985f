//! What every learner use-case loads first: the learner's current stage (placing a new
//! learner at `trainee_0`), the pinned settings, the track's stages and modules.

use std::collections::BTreeSet;

use practicum_domain::{
    adaptive::{
        AnswerKey, BankQuestion, Difficulty, DrawError, DrawnQuestion, ModuleId, ModuleResult,
        OptionId, QuestionId, Rank, StageKey, StageModule, StageStatus, TrackRanks, TrackSettings,
    },
    identity::UserId,
};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptKind, NewAttempt},
        bank::{self, BankRow},
        catalog::{self, ModuleRecord, StageRecord},
        progress::{self, ProgressRecord},
        settings,
    },
    Session,
};
use serde_json::json;

use super::path_state::LoadedPath;
use super::views::{OptionView, QuestionView};
use crate::ErrorCode;
use crate::{App, AppError};

/// The learner's current stage with everything its rules need.
pub(crate) struct Learner {
    pub progress: ProgressRecord,
    pub settings: TrackSettings,
    pub stages: Vec<StageRecord>,
    pub modules: Vec<ModuleRecord>,
}

impl Learner {
    pub fn ranks(&self) -> Result<TrackRanks, AppError> {
        let ranks: BTreeSet<Rank> = self.stages.iter().map(|s| s.key.rank()).collect();
        TrackRanks::new(ranks).map_err(|e| AppError::internal(e.to_string()))
    }

    /// The attempt that stores questions drawn for this learner at `stage_id`, in the drawn
    /// order, under the learner's pinned settings version.
    pub fn new_attempt(
        &self,
        stage_id: i64,
        kind: AttemptKind,
        seed: u64,
        drawn: &[DrawnQuestion],
    ) -> NewAttempt {
        NewAttempt {
            user_id: self.progress.user_id,
            stage_id,
            kind,
            seed: seed as i64,
            settings_version_id: self.progress.settings_version_id,
            questions: drawn
                .iter()
                .map(|d| (d.question_id.0, d.module_id.0))
                .collect(),
            draw_reasons: None,
        }
    }

    pub fn stage_id(&self, key: StageKey) -> Option<i64> {
        self.stages.iter().find(|s| s.key == key).map(|s| s.id)
    }

    pub fn stage_modules(&self) -> Vec<StageModule> {
        self.modules
            .iter()
            .map(|m| StageModule {
                id: ModuleId(m.id),
                name: m.name.clone(),
                order: m.position,
            })
            .collect()
    }

    pub fn module_name(&self, id: i64) -> String {
        self.modules
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    }
}

pub(crate) fn no_track() -> AppError {
    AppError::Precondition {
        code: ErrorCode::NoTrackAvailable,
        message: "no published track with stages and a current settings version exists yet".into(),
        details: json!({}),
    }
}

impl App {
    /// Loads the learner's current stage, placing a learner who has none at the default
    /// track's `trainee_0` (pinning its current settings). A learner who graduated has no
    /// current stage: 412 `graduated`.
    pub(crate) async fn learner(
        &self,
        s: &mut dyn Session,
        user: UserId,
    ) -> Result<Learner, AppError> {
        let current = match progress::current(s, user).await? {
            Some(p) => p,
            None => match progress::latest(s, user).await? {
                // With no current stage, a completed latest stage is a graduation.
                Some(last) if last.status == StageStatus::Completed => {
                    return Err(AppError::Precondition {
                        code: ErrorCode::Graduated,
                        message: "you have completed the track".into(),
                        details: json!({}),
                    });
                }
                // A racing request placed the learner between our two reads.
                Some(placed) => placed,
                None => {
                    let track = catalog::default_track(s).await?.ok_or_else(no_track)?;
                    let stage = catalog::stages(s, track.id)
                        .await?
                        .into_iter()
                        .find(|st| st.key == StageKey::TRAINEE_0)
                        .ok_or_else(no_track)?;
                    let version = settings::current(s, track.id).await?.ok_or_else(no_track)?;
                    if progress::place(s, user, track.id, stage.id, version.id, self.now_ms())
                        .await?
                    {
                        tracing::info!(user_id = %user, track = %track.slug, "learner placed at trainee_0");
                    }
                    progress::current(s, user)
                        .await?
                        .ok_or_else(|| AppError::internal("placed learner has no current stage"))?
                }
            },
        };
        let pinned = settings::find(s, current.settings_version_id)
            .await?
            .ok_or_else(|| AppError::internal("pinned settings version missing"))?;
        let (stages, modules) = catalog::stages_and_modules(s, current.track_id).await?;
        Ok(Learner {
            progress: current,
            settings: pinned.settings,
            stages,
            modules,
        })
    }

    /// The most recent evidence of the learner's weaknesses: the diagnostic at
    /// `trainee_0`, then the last passed exam of the previous stage. Empty when there is
    /// none (every module then counts 0 errors and 0 questions asked: all are tied). The
    /// diagnostic is the one `path` read.
    pub(crate) async fn evidence(
        &self,
        s: &mut dyn Session,
        l: &Learner,
        path: &LoadedPath,
    ) -> Result<Vec<ModuleResult>, AppError> {
        let user = l.progress.user_id;
        if l.progress.key == StageKey::TRAINEE_0 {
            let diag = path.diagnostic.as_ref();
            return Ok(diag
                .and_then(|d| d.module_stats.clone())
                .unwrap_or_default());
        }
        let history = progress::history(s, user).await?;
        let previous = history
            .iter()
            .take_while(|p| p.id != l.progress.id)
            .last()
            .map(|p| p.stage_id);
        let Some(previous) = previous else {
            return Ok(Vec::new());
        };
        Ok(attempts::last_passed_exam(s, user, previous)
            .await?
            .and_then(|a| a.module_stats)
            .unwrap_or_default())
    }
}

/// The engine's view of bank rows (difficulty is CHECKed 1..5 by the database).
pub(crate) fn engine_bank(rows: &[BankRow]) -> Vec<BankQuestion> {
    rows.iter()
        .filter_map(|r| {
            Difficulty::new(r.difficulty)
                .ok()
                .map(|difficulty| BankQuestion {
                    id: QuestionId(r.id),
                    module_id: ModuleId(r.module_id),
                    difficulty,
                })
        })
        .collect()
}

/// A draw refused by the engine, as the learner-facing 412.
pub(crate) fn draw_refused(e: DrawError, l: &Learner) -> AppError {
    match e {
        DrawError::BankShort {
            module_id,
            needed,
            available,
        } => AppError::Precondition {
            code: ErrorCode::QuestionBankShort,
            message: format!(
                "module \"{}\" has {available} active questions; {needed} are needed",
                l.module_name(module_id.0)
            ),
            details: json!({
                "module_id": module_id.0,
                "module": l.module_name(module_id.0),
                "needed": needed,
                "available": available,
            }),
        },
        other => AppError::Precondition {
            code: ErrorCode::ExamNotConfigured,
            message: other.to_string(),
            details: json!({}),
        },
    }
}

/// Questions for the learner, without the correct options.
pub(crate) async fn question_views(
    s: &mut dyn Session,
    ids: &[i64],
) -> Result<Vec<QuestionView>, AppError> {
    Ok(bank::questions_with_options(s, ids)
        .await?
        .into_iter()
        .map(|q| QuestionView {
            question_id: q.id,
            module_id: q.module_id,
            text: q.text,
            options: q
                .options
                .into_iter()
                .map(|o| OptionView {
                    option_id: o.id,
                    text: o.text,
                })
                .collect(),
        })
        .collect())
}

/// The answer key of the given questions.
pub(crate) async fn answer_keys(
    s: &mut dyn Session,
    ids: &[i64],
) -> Result<Vec<AnswerKey>, AppError> {
    Ok(bank::questions_with_options(s, ids)
        .await?
        .into_iter()
        .map(|q| AnswerKey {
            question_id: QuestionId(q.id),
            module_id: ModuleId(q.module_id),
            options: q.options.iter().map(|o| OptionId(o.id)).collect(),
            correct: q
                .options
                .iter()
                .filter(|o| o.is_correct)
                .map(|o| OptionId(o.id))
                .collect(),
        })
        .collect())
}
