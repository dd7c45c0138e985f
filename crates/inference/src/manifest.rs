//! `manifest.toml`: what a model directory holds and how to feed the model.
//!
//! The manifest makes the runtime model-agnostic: any ImageNet-style classifier exported
//! to ONNX (EfficientNet-Lite0, ResNet-50, …) is served by writing one of these next to it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::LoadError;
use crate::preprocess::PreprocessConfig;

/// File name of the manifest inside a model directory.
pub const MANIFEST_FILE: &str = "manifest.toml";

/// The parsed `manifest.toml` of a model directory.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Model name, e.g. `efficientnet-lite0` (recorded with every request).
    pub name: String,
    /// Model version (recorded with every request).
    pub version: String,
    /// ONNX file, relative to the directory.
    pub onnx: PathBuf,
    /// Label file (one label a line, in output index order), relative to the directory.
    pub labels: PathBuf,
    /// Side of the square input the network takes.
    pub input_size: u32,
    /// The short side is resized to this before cropping.
    pub resize_short_side: u32,
    /// Side of the center crop; must equal `input_size`.
    pub crop: u32,
    /// Per-channel mean on the 0..1 scale, RGB.
    pub mean: [f32; 3],
    /// Per-channel standard deviation on the 0..1 scale, RGB.
    pub std: [f32; 3],
    /// Name of the input tensor (`[N, 3, H, W]` float32).
    pub input_name: String,
    /// Name of the output tensor (`[N, classes]` float32 logits).
    pub output_name: String,
}

impl Manifest {
    /// Reads and validates `dir/manifest.toml`.
    ///
    /// # Errors
    /// [`LoadError::Io`] when unreadable, [`LoadError::Manifest`] when malformed or
    /// inconsistent (crop ≠ input size, crop larger than the resized short side, std = 0).
    pub fn read(dir: &Path) -> Result<Self, LoadError> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        let manifest: Self = toml::from_str(&text).map_err(|e| LoadError::Manifest {
            path: path.clone(),
            message: e.to_string(),
        })?;
        manifest
            .validate()
            .map_err(|message| LoadError::Manifest { path, message })?;
        Ok(manifest)
    }

    fn validate(&self) -> Result<(), String> {
        if self.crop != self.input_size {
            return Err(format!(
                "crop {} differs from input_size {}",
                self.crop, self.input_size
            ));
        }
        if self.crop == 0 || self.resize_short_side < self.crop {
            return Err(format!(
                "resize_short_side {} must be at least crop {} (and crop > 0)",
                self.resize_short_side, self.crop
            ));
        }
        if self.std.iter().any(|s| !s.is_finite() || *s <= 0.0) {
            return Err("std values must be positive".into());
        }
        Ok(())
    }

    /// The preprocessing this model needs, with default safety limits.
    #[must_use]
    pub fn preprocess_config(&self) -> PreprocessConfig {
        PreprocessConfig {
            resize_short_side: self.resize_short_side,
            crop: self.crop,
            mean: self.mean,
            std: self.std,
            ..PreprocessConfig::default()
        }
    }
}
