//! Integration tests of `practicum-inference` against the real EfficientNet-Lite0 model.
//!
//! Tests that need ONNX Runtime do not skip when it is missing: they fail with the
//! loader's message, which says to run `scripts/fetch-onnxruntime.sh`.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns: a failure here is a test failure"
)]

mod bad_input;
mod predictions;
mod serving;

use std::path::PathBuf;
use std::sync::OnceLock;

use practicum_inference::{Model, PreprocessConfig};

/// `models/efficientnet-lite0` at the repository root.
pub fn model_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/efficientnet-lite0")
}

/// The model, loaded once per test binary.
pub fn model() -> Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Model::load(model_dir()).unwrap_or_else(|e| {
                panic!("cannot load the test model (run scripts/fetch-onnxruntime.sh first): {e}")
            })
        })
        .clone()
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub const IMAGES: [&str; 4] = ["cat.jpg", "dog.jpg", "dog2.jpg", "coffee.jpg"];

pub fn preprocess_config() -> PreprocessConfig {
    PreprocessConfig::default()
}

/// `(index, label, probability)` from `expected_top5.json`.
pub fn expected_top5(image: &str) -> Vec<(usize, String, f32)> {
    let json: serde_json::Value =
        serde_json::from_slice(&fixture("expected_top5.json")).expect("valid JSON");
    json[format!("test_images/{image}")]
        .as_array()
        .expect("an entry per image")
        .iter()
        .map(|p| {
            (
                p["index"].as_u64().expect("index") as usize,
                p["label"].as_str().expect("label").to_string(),
                p["prob"].as_f64().expect("prob") as f32,
            )
        })
        .collect()
}
