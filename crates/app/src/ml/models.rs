use super::ModelState;
use crate::{ports::ModelDescription, App};

/// The model's state for `/health/ready` and `GET /ml/models`.
#[derive(Debug, Clone)]
pub enum ModelStatus {
    Ready(ModelDescription),
    NotConfigured(String),
    Failed(String),
}

impl App {
    /// The served model (if any). Needs no database.
    pub fn model_status(&self) -> ModelStatus {
        match &self.ml.serving.model {
            ModelState::Ready(c) => ModelStatus::Ready(c.model()),
            ModelState::NotConfigured(m) => ModelStatus::NotConfigured(m.clone()),
            ModelState::Failed(m) => ModelStatus::Failed(m.clone()),
        }
    }
}
