//! `POST /content/assign`.

use practicum_domain::{
    adaptive::{weakest_modules, ContentKind, ModuleId, ModuleResult, ModuleStats, StageKey},
    identity::UserId,
};
use practicum_store::adaptive::{articles, attempts, content};
use serde_json::json;

use super::{context::new_seed, MyContentView};
use crate::{App, AppError};

fn already_assigned() -> AppError {
    AppError::conflict(
        "content_already_assigned",
        "content for this stage has already been assigned",
    )
}

impl App {
    /// Assigns the stage's reading once (409 on a second assign; the batch row's unique
    /// key holds it under races): `content_optional_per_module` optional articles for
    /// every module and `content_required_per_weak_module` required ones for the K
    /// weakest modules (errors on the latest evidence; ties as the pinned version's
    /// `tie_break` says: fewer questions asked, then a draw from a seed stored on the
    /// batch, or module order for versions created before that rule). At `trainee_0` the
    /// evidence is the diagnostic, which must be submitted first (412).
    pub async fn assign_content(&self, user: UserId) -> Result<MyContentView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        l.require_active()?;
        let stage_id = l.progress.stage_id;
        if content::is_assigned(&mut tx, user, stage_id).await? {
            return Err(already_assigned());
        }
        if l.progress.key == StageKey::TRAINEE_0
            && !attempts::diagnostic_of(&mut tx, user)
                .await?
                .is_some_and(|a| a.submitted)
        {
            return Err(AppError::Precondition {
                code: "diagnostic_required",
                message: "take the diagnostic first: it decides which modules need reading".into(),
                details: json!({}),
            });
        }
        let evidence = self.evidence(&mut tx, &l).await?;
        let in_order: Vec<ModuleResult> = l
            .modules
            .iter()
            .map(|m| ModuleResult {
                module_id: ModuleId(m.id),
                stats: evidence
                    .iter()
                    .find(|e| e.module_id.0 == m.id)
                    .map_or(ModuleStats::default(), |e| e.stats),
            })
            .collect();
        let k = usize::try_from(l.settings.content_k_weak_modules).unwrap_or(usize::MAX);
        // Drawn once per learner and stage; the stage's exams rank with it too.
        let tie_seed = new_seed();
        let weak = weakest_modules(&in_order, k, l.settings.weakness_ties(Some(tie_seed)));
        let articles = articles::stage_articles(&mut tx, stage_id).await?;
        let mut items = Vec::new();
        for m in &l.modules {
            let of_module = |kind: ContentKind| {
                articles
                    .iter()
                    .filter(move |a| a.module_id == m.id && a.kind == kind)
            };
            let optional = usize::try_from(l.settings.content_optional_per_module).unwrap_or(0);
            items.extend(
                of_module(ContentKind::Optional)
                    .take(optional)
                    .map(|a| (a.id, ContentKind::Optional)),
            );
            if weak.contains(&ModuleId(m.id)) {
                let required =
                    usize::try_from(l.settings.content_required_per_weak_module).unwrap_or(0);
                items.extend(
                    of_module(ContentKind::Required)
                        .take(required)
                        .map(|a| (a.id, ContentKind::Required)),
                );
            }
        }
        content::assign(&mut tx, user, stage_id, tie_seed, &items, now)
            .await
            .map_err(|e| {
                if e.is_unique("content_batches_user_stage_key") {
                    already_assigned()
                } else {
                    e.into()
                }
            })?;
        let view = self.content_view(&mut tx, &l).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user, stage = %l.progress.key, items = items.len(), ?weak, "content assigned");
        Ok(view)
    }
}
