//! ML inference use-cases: classify uploaded images, the request history, statistics.

mod classify_images;
mod errors;
mod history;
mod models;
mod read_models;
mod stats;

pub use classify_images::{ForwardInput, ForwardOutput, ImageResult, UploadProblem};
pub use history::{HistoryFilter, MlRequestView};
pub use models::ModelStatus;
pub use stats::{ModelStats, StatsView};

pub use crate::state::{
    ml::{Ml, MlLimits, ModelState, HOW_TO_ENABLE},
    predicted_classes::{PredictedClasses, TOP_CLASSES},
};
pub use read_models::MlTotals;
