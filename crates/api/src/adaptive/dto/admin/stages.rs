//! Bodies of the admin routes of adaptive learning, a track's stages: add, delete.

use practicum_app::adaptive::StageView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct StageResponse {
    pub stage_id: i64,
    #[schema(example = "junior_1")]
    pub key: String,
    pub rank: String,
    pub level: u8,
}

impl From<StageView> for StageResponse {
    fn from(s: StageView) -> Self {
        Self {
            stage_id: s.stage_id,
            key: s.key.to_string(),
            rank: s.key.rank().to_string(),
            level: s.key.level(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateStageRequest {
    /// `trainee_0`, `junior_1` … `senior_3`.
    #[schema(example = "junior_2")]
    pub stage: String,
}
