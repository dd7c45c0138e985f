//! Bodies of the admin routes of adaptive learning, tracks: create, list, change, delete.

use crate::page::page_response;
use practicum_app::adaptive::TrackView;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{StageResponse, TrackModuleResponse};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTrackRequest {
    #[schema(example = "ml-engineer")]
    pub slug: String,
    #[schema(example = "ML Engineer")]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub is_published: bool,
    /// Ranks whose stages are created with the track: `trainee` (level 0), `junior`,
    /// `middle`, `senior` (levels 1–3 each).
    #[serde(default)]
    #[schema(example = json!(["trainee", "junior"]))]
    pub ranks: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTrackRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_published: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackResponse {
    pub track_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    pub stages: Vec<StageResponse>,
    pub modules: Vec<TrackModuleResponse>,
}

impl From<TrackView> for TrackResponse {
    fn from(t: TrackView) -> Self {
        Self {
            track_id: t.track_id,
            slug: t.slug,
            title: t.title,
            description: t.description,
            is_published: t.is_published,
            stages: t.stages.into_iter().map(Into::into).collect(),
            modules: t.modules.into_iter().map(Into::into).collect(),
        }
    }
}

page_response!(TrackPage of TrackResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrackPageQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}
