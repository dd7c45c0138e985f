//! Bodies of the admin routes of adaptive learning, a track's modules: add, rename or move, delete.

use practicum_app::adaptive::ModuleView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackModuleResponse {
    pub module_id: i64,
    pub name: String,
    pub position: i32,
}

impl From<ModuleView> for TrackModuleResponse {
    fn from(m: ModuleView) -> Self {
        Self {
            module_id: m.module_id,
            name: m.name,
            position: m.position,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTrackModuleRequest {
    #[schema(example = "Linear models")]
    pub name: String,
    /// Order in the track (lower first; under `module_order` settings it also breaks ties
    /// of weakness). Default: last.
    pub position: Option<i32>,
}

/// `PATCH /admin/tracks/{slug}/modules/{module_id}`: the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTrackModuleRequest {
    pub name: Option<String>,
    pub position: Option<i32>,
}
