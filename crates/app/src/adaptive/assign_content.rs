//! `POST /content/assign`.

use practicum_domain::{
    adaptive::{gates, ContentKind, ModuleId},
    identity::UserId,
};
use practicum_store::adaptive::{articles, content};

use super::{path_state::refused, weakness_basis::rank_modules, MyContentView};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

fn already_assigned() -> AppError {
    AppError::conflict(
        ErrorCode::ContentAlreadyAssigned,
        "content for this stage has already been assigned",
    )
}

impl App {
    /// Assigns the stage's reading once (409 on a second assign; the batch row's unique
    /// key holds it under races): `content_optional_per_module` optional articles for
    /// every module and `content_required_per_weak_module` required ones for the K
    /// weakest modules (under the pinned version's `weakness`: errors on the latest
    /// evidence, or the learner model's lowest estimates; ties as its `tie_break` says:
    /// fewer questions asked, then a draw from a seed stored on the batch, or module
    /// order for versions created before that rule). Each article stores why it was
    /// assigned. At `trainee_0` the evidence is the diagnostic, which must be submitted
    /// first (412).
    pub async fn assign_content(&self, user: UserId) -> Result<MyContentView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let stage_id = l.progress.stage_id;
        // The decision the current stage's `actions.assign_content` reports.
        let path = self.path_state(&mut tx, &l).await?;
        if let Err(r) = gates::assign_content(&path.state) {
            return Err(refused(r, l.progress.key, &path.content));
        }
        let evidence = self.evidence(&mut tx, &l, &path).await?;
        // Drawn once per learner and stage; the stage's exams rank with it too.
        let tie_seed = self.new_seed();
        let ranking = rank_modules(
            &mut tx,
            &l,
            &evidence,
            l.settings.weakness_ties(Some(tie_seed)),
        )
        .await?;
        let weak = ranking.weak().to_vec();
        let articles = articles::stage_articles(&mut tx, stage_id).await?;
        let mut items = Vec::new();
        for m in &l.modules {
            let of_module = |kind: ContentKind| {
                articles
                    .iter()
                    .filter(move |a| a.module_id == m.id && a.kind == kind)
            };
            let optional = usize::try_from(l.settings.content_optional_per_module).unwrap_or(0);
            items.extend(of_module(ContentKind::Optional).take(optional).map(|a| {
                (
                    a.id,
                    ContentKind::Optional,
                    "optional reading, assigned for every module".to_owned(),
                )
            }));
            if weak.contains(&ModuleId(m.id)) {
                let required =
                    usize::try_from(l.settings.content_required_per_weak_module).unwrap_or(0);
                let why = ranking.reason(&l, ModuleId(m.id));
                items.extend(
                    of_module(ContentKind::Required)
                        .take(required)
                        .map(|a| (a.id, ContentKind::Required, why.clone())),
                );
            }
        }
        content::assign(&mut tx, user, stage_id, tie_seed, &items, now)
            .await
            .refuse_on(&["content_batches_user_stage_key"], already_assigned)?;
        let view = self.content_view(&mut tx, &l).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, stage = %l.progress.key, items = items.len(), ?weak, "content assigned");
        Ok(view)
    }
}
