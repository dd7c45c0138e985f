//! Whether this process can serve: each dependency's state, read in one place so that
//! `/health/ready` needs nothing of `App`'s insides.

use practicum_store::Backend;

use crate::{catalog_cache::CacheHealth, ml::ModelStatus, App};

/// Each dependency's state, and whether together they make the process ready.
#[derive(Debug, Clone)]
pub struct Readiness {
    /// The database answers (else the error's text).
    pub database: Result<(), String>,
    pub backend: Backend,
    /// No model configured is a supported setup (the ML routes answer 503 and say how to
    /// enable one); only a configured model that failed to load makes readiness fail.
    pub model: ModelStatus,
    /// A configured shared tier (Redis) that does not answer makes the process not ready
    /// (its reads still work, from the database, but slower).
    pub cache: CacheHealth,
    /// `None` when no notification listener runs in this process (SQLite, or not
    /// started), else whether it is connected: a started listener must be, or live pushes
    /// caused on other processes would not arrive here.
    pub notification_listener: Option<bool>,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database.is_ok()
            && !matches!(self.model, ModelStatus::Failed(_))
            && !matches!(self.cache, CacheHealth::SharedError(_))
            && self.notification_listener != Some(false)
    }
}

impl App {
    /// For `/health/ready`: pings the database and the shared cache (when configured).
    pub async fn readiness(&self) -> Readiness {
        Readiness {
            database: self.db.ping().await.map_err(|e| e.to_string()),
            backend: self.db.backend(),
            model: self.model_status(),
            cache: self.catalog.health().await,
            notification_listener: self.notification_listener_connected(),
        }
    }
}
