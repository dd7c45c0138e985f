//! What each context keeps for the life of the process, one small type per context:
//! the catalog cache, the notification hub and listener state, the analytics view buffer
//! and live channel, the served model, the housekeeping settings, the token checks, the
//! dashboard reads, the catalog pages being computed. [`crate::App`] holds
//! one of each in a private field; a context's use-cases reach theirs through it
//! (`self.notify.hub`, `self.analytics.views`), code outside `app` through an accessor.
//!
//! Nothing here imports `App` or a use-case: `App` stands above these types and the
//! contexts above `App`, so no import runs back down (see docs/ARCHITECTURE.md, "App and
//! context state").

pub mod catalog_cache;
pub(crate) mod dashboards;
pub(crate) mod housekeeping;
pub(crate) mod ml;
pub(crate) mod notification_hub;
pub(crate) mod predicted_classes;
pub(crate) mod shared_pages;
pub(crate) mod token_checks;
pub(crate) mod view_buffer;
