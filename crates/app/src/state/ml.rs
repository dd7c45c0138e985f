//! The ML context's state: the served model (or why there is none), its limits, and the
//! classes this process predicted.

use std::sync::Arc;

use secrecy::SecretString;

use super::predicted_classes::PredictedClasses;
use crate::ports::Classifier;

/// The ML context's state.
#[derive(Debug, Clone, Default)]
pub struct MlState {
    /// The image classifier and its limits; "not configured" unless `App::with_ml`.
    pub(crate) serving: Arc<Ml>,
    /// Top-1 classes predicted by this process (for `/metrics`).
    pub(crate) predicted: Arc<PredictedClasses>,
}

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
