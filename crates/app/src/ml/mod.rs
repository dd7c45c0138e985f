//! ML inference use-cases: classify uploaded images, the request history, statistics.

mod classify_images;
mod errors;
mod history;
mod models;
mod predicted_classes;
mod read_models;
mod stats;

use std::sync::Arc;

pub use classify_images::{ForwardInput, ForwardOutput, ImageResult, UploadProblem};
pub use history::{HistoryFilter, MlRequestView};
pub use models::ModelStatus;
pub use predicted_classes::{PredictedClasses, TOP_CLASSES};
pub use stats::{ModelStats, StatsView};

pub use read_models::MlTotals;
use secrecy::SecretString;

use crate::ports::Classifier;

/// Hint given whenever no model is served.
pub const HOW_TO_ENABLE: &str = "run scripts/fetch-onnxruntime.sh from the repository root \
     (it installs the ONNX Runtime library in .ort/lib) and set MODEL_DIR to a model \
     directory (for example models/efficientnet-lite0), then restart the server";

/// The served model, or why there is none.
#[derive(Clone)]
pub enum ModelState {
    Ready(Arc<dyn Classifier>),
    /// Nothing to serve, by configuration: the server is still ready.
    NotConfigured(String),
    /// A configured model failed to load: readiness fails.
    Failed(String),
}

impl std::fmt::Debug for ModelState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ready(c) => write!(f, "Ready({})", c.model().name),
            Self::NotConfigured(m) => write!(f, "NotConfigured({m})"),
            Self::Failed(m) => write!(f, "Failed({m})"),
        }
    }
}

/// Limits of `/ml/forward`, and the static token that guards history deletion.
#[derive(Debug, Clone)]
pub struct MlLimits {
    /// Largest image, in bytes (413 above, checked while streaming).
    pub max_image_bytes: usize,
    /// Most images in one request.
    pub max_images_per_request: usize,
    /// `ADMIN_TOKEN`; history deletion answers 503 without it.
    pub admin_token: Option<SecretString>,
}

impl Default for MlLimits {
    fn default() -> Self {
        Self {
            max_image_bytes: 10 * 1024 * 1024,
            max_images_per_request: 8,
            admin_token: None,
        }
    }
}

/// The ML part of the application.
#[derive(Debug, Clone)]
pub struct Ml {
    pub model: ModelState,
    pub limits: MlLimits,
}

impl Default for Ml {
    fn default() -> Self {
        Self {
            model: ModelState::NotConfigured(format!("no model is configured: {HOW_TO_ENABLE}")),
            limits: MlLimits::default(),
        }
    }
}
