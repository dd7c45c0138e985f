//! `GET /progress/mastery` (the learner's own estimates) and the admin's view of a
//! learner's estimates; item calibration (the periodic job and the admin list).

use std::collections::BTreeMap;

use practicum_domain::{
    adaptive::{
        mastery::{
            calibration::{calibrate, Response},
            Ability, ItemDifficulty,
        },
        Difficulty, QuestionId,
    },
    identity::{Role, UserId},
    Timestamp,
};
use practicum_store::{
    adaptive::{
        calibration::{self, CalibratedQuestion, CalibrationRow},
        catalog, mastery, progress, review,
    },
    identity::users,
    Session,
};

use super::track_lookup::track_by_slug;
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// One module's estimate as shown to the learner and admins.
#[derive(Debug, Clone)]
pub struct ModuleMasteryView {
    pub module_id: i64,
    pub module_name: String,
    /// Rasch ability (logits) and its standard deviation; the prior N(0, 1) without evidence.
    pub ability: f64,
    pub ability_sd: f64,
    /// σ(ability): the chance of answering an average question, with its sd.
    pub mastery: f64,
    pub mastery_sd: f64,
    pub answers: i64,
    pub correct: i64,
    pub updated_at: Option<Timestamp>,
}

/// A learner's estimates on their current track.
#[derive(Debug, Clone)]
pub struct MasteryView {
    pub user_id: UserId,
    pub track_slug: String,
    pub modules: Vec<ModuleMasteryView>,
    /// Spaced-review cards due now.
    pub review_due: i64,
}

/// Summary of a calibration run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalibrationSummary {
    pub questions: usize,
    pub responses: usize,
    pub flagged: usize,
}

/// A calibrated question for the admin list.
#[derive(Debug, Clone)]
pub struct CalibrationView {
    pub question: CalibratedQuestion,
    /// The author's difficulty on the logit scale, for comparison.
    pub author_logit: f64,
}

impl App {
    async fn mastery_of(&self, s: &mut dyn Session, user: UserId) -> Result<MasteryView, AppError> {
        let current = match progress::current(s, user).await? {
            Some(p) => p,
            None => progress::latest(s, user)
                .await?
                .ok_or(AppError::NotFound(ErrorCode::TrackProgressNotFound))?,
        };
        let track = catalog::find_track(s, current.track_id)
            .await?
            .ok_or_else(|| AppError::internal("progress of an unknown track"))?;
        let modules = catalog::modules(s, current.track_id).await?;
        let ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
        let stored = mastery::estimates(s, user, &ids).await?;
        let now = self.now_ms();
        let review_due = review::due_count(s, user, now).await?;
        Ok(MasteryView {
            user_id: user,
            track_slug: track.slug,
            review_due,
            modules: modules
                .iter()
                .map(|m| {
                    let row = stored.iter().find(|e| e.module_id == m.id);
                    // What the model would use now: widened by the time since evidence.
                    let ability =
                        row.map_or(Ability::prior(), |e| e.ability.aged(now - e.updated_at));
                    let (p, sd) = ability.mastery();
                    ModuleMasteryView {
                        module_id: m.id,
                        module_name: m.name.clone(),
                        ability: ability.mean,
                        ability_sd: ability.sd(),
                        mastery: p,
                        mastery_sd: sd,
                        answers: row.map_or(0, |e| e.answers),
                        correct: row.map_or(0, |e| e.correct),
                        updated_at: row.map(|e| e.updated_at),
                    }
                })
                .collect(),
        })
    }

    /// The learner's own estimates per module of their track (placing a new learner at
    /// `trainee_0` first, like every adaptive route).
    pub async fn my_mastery(&self, user: UserId) -> Result<MasteryView, AppError> {
        let mut tx = self.db.write().await?;
        match self.learner(&mut tx, user).await {
            Ok(_) => {}
            // A graduate keeps their estimates on the track they completed.
            Err(AppError::Precondition {
                code: ErrorCode::Graduated,
                ..
            }) => {}
            Err(e) => return Err(e),
        }
        let view = self.mastery_of(&mut tx, user).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// A learner's estimates, for admins (404 for an unknown user or one without a track).
    pub async fn learner_mastery(
        &self,
        actor: &Actor,
        user: UserId,
    ) -> Result<MasteryView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        users::find_by_id(&mut conn, user)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?;
        self.mastery_of(&mut conn, user).await
    }

    /// Re-estimates every answered question's difficulty from all graded answers (the
    /// `calibrate_items` job): JMAP with the author's difficulty as prior, in one
    /// transaction; flags questions that (almost) everyone or no one answers, or that
    /// stronger learners miss more often. The estimation runs off the async runtime.
    pub async fn calibrate_items(&self) -> Result<CalibrationSummary, AppError> {
        // Reads every response: off the request path (ADR 0057), whoever asked for it.
        practicum_store::instrument::off_request_path(self.calibrate_items_now()).await
    }

    async fn calibrate_items_now(&self) -> Result<CalibrationSummary, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let rows = calibration::responses(&mut tx).await?;
        let questions = calibration::answered_questions(&mut tx).await?;
        let priors: BTreeMap<QuestionId, ItemDifficulty> = questions
            .iter()
            .map(|&(id, d)| {
                let d = Difficulty::new(d).unwrap_or(Difficulty::MEDIUM);
                (QuestionId(id), ItemDifficulty::from_author(d))
            })
            .collect();
        // A person is a learner in a module: the model's unit of ability.
        let responses: Vec<Response> = rows
            .iter()
            .map(|r| Response {
                person: ((r.user_id as u64) << 24) ^ (r.module_id as u64),
                question: QuestionId(r.question_id),
                correct: r.correct,
            })
            .collect();
        let count = responses.len();
        let estimates = tokio::task::spawn_blocking(move || calibrate(&priors, &responses))
            .await
            .map_err(|e| AppError::internal(format!("calibration task: {e}")))?;
        let stored: Vec<CalibrationRow> = estimates
            .iter()
            .map(|e| CalibrationRow {
                question_id: e.question.0,
                difficulty: e.difficulty.mean,
                variance: e.difficulty.variance,
                responses: i64::from(e.responses),
                share_correct: e.share_correct,
                discrimination: e.discrimination,
                flags: e
                    .flags
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                calibrated_at: now,
            })
            .collect();
        calibration::upsert(&mut tx, &stored).await?;
        tx.commit().await?;
        let summary = CalibrationSummary {
            questions: stored.len(),
            responses: count,
            flagged: stored.iter().filter(|c| !c.flags.is_empty()).count(),
        };
        tracing::info!(
            questions = summary.questions,
            responses = summary.responses,
            flagged = summary.flagged,
            "items calibrated"
        );
        Ok(summary)
    }

    /// The track's calibrated questions (admin), flagged ones only with `flagged_only`.
    pub async fn list_calibrations(
        &self,
        actor: &Actor,
        slug: &str,
        flagged_only: bool,
        page: PageRequest,
    ) -> Result<Page<CalibrationView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let track = track_by_slug(&mut conn, slug).await?;
        let (rows, total) = calibration::list(
            &mut conn,
            track.id,
            flagged_only,
            page.offset(),
            page.limit(),
        )
        .await?;
        let items = rows
            .into_iter()
            .map(|q| CalibrationView {
                author_logit: ItemDifficulty::from_author(
                    Difficulty::new(q.author_difficulty).unwrap_or(Difficulty::MEDIUM),
                )
                .mean,
                question: q,
            })
            .collect();
        Ok(Page::new(items, total, page))
    }
}
