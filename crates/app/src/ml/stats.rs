use practicum_domain::{identity::Role, Timestamp};
use practicum_store::ml::stats::{self, StatsScope};

use super::MlTotals;
use crate::{identity::Actor, App, AppError};

/// The statistics of one model.
#[derive(Debug, Clone)]
pub struct ModelStats {
    pub name: String,
    pub version: String,
    pub stats: MlTotals,
}

/// `GET /ml/stats`: over every row of the window, and per model.
#[derive(Debug, Clone)]
pub struct StatsView {
    pub overall: MlTotals,
    pub models: Vec<ModelStats>,
}

impl App {
    /// Aggregates of the inference history over an optional window (admin). Computed in
    /// the database; a constant number of queries per model.
    pub async fn ml_stats(
        &self,
        actor: &Actor,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    ) -> Result<StatsView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let overall = stats::compute(
            &mut conn,
            &StatsScope {
                from,
                to,
                model: None,
            },
        )
        .await?;
        let mut models = Vec::new();
        for (name, version) in stats::models(&mut conn, from, to).await? {
            let s = stats::compute(
                &mut conn,
                &StatsScope {
                    from,
                    to,
                    model: Some((&name, &version)),
                },
            )
            .await?;
            models.push(ModelStats {
                name,
                version,
                stats: s.into(),
            });
        }
        Ok(StatsView {
            overall: overall.into(),
            models,
        })
    }
}
