//! Bodies of the admin routes: catalog, settings versions, import, approvals.

mod approvals;
mod articles;
mod import;
mod modules;
mod questions;
mod settings;
mod stages;
mod tracks;

pub use approvals::*;
pub use articles::*;
pub use import::*;
pub use modules::*;
pub use questions::*;
pub use settings::*;
pub use stages::*;
pub use tracks::*;

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedResponse {
    pub id: i64,
}
