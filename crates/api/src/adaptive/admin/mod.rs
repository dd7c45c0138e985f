//! Admin routes of adaptive learning: the catalog, settings versions, bulk import and
//! approvals. All need an admin-scoped token (`POST /admin/login`).

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
