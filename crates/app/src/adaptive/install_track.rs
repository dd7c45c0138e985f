//! Installing a whole track from one document: the demo's track and
//! `practicum import-track FILE`. A trusted, operator-side use-case (no actor).

use practicum_store::adaptive::{catalog, settings};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    edit_track::create_track_in, import_track::import_into, settings::merge_settings, ImportInput,
    ImportSummary, NewTrackInput,
};
use crate::{App, AppError};

fn published_by_default() -> bool {
    true
}

/// A track with its settings and content. Settings fields left out take the defaults.
#[derive(Debug, Clone, Deserialize)]
pub struct TrackDocument {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "published_by_default")]
    pub is_published: bool,
    /// `trainee` first, then any of `junior`, `middle`, `senior`.
    pub ranks: Vec<String>,
    #[serde(default)]
    pub settings: Map<String, Value>,
    #[serde(flatten)]
    pub content: ImportInput,
}

impl App {
    /// Creates the track, its stages, first settings version and content in one
    /// transaction, validated as a whole (422 naming the rows). Idempotent by slug: an
    /// existing track is left as it is and `None` is returned.
    pub async fn install_track(
        &self,
        doc: TrackDocument,
    ) -> Result<Option<ImportSummary>, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        if catalog::find_track_by_slug(&mut tx, &doc.slug)
            .await?
            .is_some()
        {
            return Ok(None);
        }
        let parsed = merge_settings(Default::default(), doc.settings)?;
        let input = NewTrackInput {
            slug: doc.slug,
            title: doc.title,
            description: doc.description,
            is_published: doc.is_published,
            ranks: doc.ranks,
        };
        let track_id = create_track_in(&mut tx, &input, now).await?;
        settings::insert_current(&mut tx, track_id, &parsed, None, now).await?;
        let summary = import_into(&mut tx, track_id, &doc.content, now).await?;
        tx.commit().await?;
        tracing::info!(track = %input.slug, questions = summary.questions_created, "track installed");
        Ok(Some(summary))
    }
}
