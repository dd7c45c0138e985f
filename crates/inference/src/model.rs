//! A loaded model: manifest, labels, the ONNX bytes kept in memory, and the runtime.
//!
//! Loading validates everything once at start-up (labels match the output width, a
//! warm-up run succeeds) so that a misconfigured model is reported then, not on the
//! first user request.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ort::environment::Environment;
use ort::session::builder::PrepackedWeights;
use ort::session::Session;
use ort::value::TensorRef;
use serde::Serialize;

use crate::error::LoadError;
use crate::manifest::Manifest;
use crate::runtime;

/// A validated model, ready to be served by an [`crate::InferencePool`].
/// Cloning is cheap: the ONNX bytes and labels are shared.
#[derive(Clone)]
pub struct Model {
    manifest: Manifest,
    labels: Arc<[String]>,
    onnx: Arc<[u8]>,
    environment: Environment,
}

/// What a model is, for `/ml/info`, readiness and the request history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    /// Manifest name.
    pub name: String,
    /// Manifest version.
    pub version: String,
    /// Side of the square input.
    pub input_size: u32,
    /// Number of classes (= labels).
    pub classes: usize,
    /// Worker sessions serving it (0 until a pool is started).
    pub workers: usize,
    /// Largest dynamic batch (1 = batching off).
    pub max_batch: usize,
    /// Execution device; only `cpu` today.
    pub device: &'static str,
}

impl std::fmt::Debug for Model {
    /// Leaves out the ONNX bytes (megabytes) and the 1000 labels.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("manifest", &self.manifest)
            .field("labels", &self.labels.len())
            .field("onnx_bytes", &self.onnx.len())
            .finish_non_exhaustive()
    }
}

impl Model {
    /// Loads `dir` (see `models/efficientnet-lite0/`), finding ONNX Runtime through
    /// [`runtime::locate_library`].
    ///
    /// # Errors
    /// A [`LoadError`] naming the file or setting at fault; a missing ONNX Runtime
    /// library gives [`LoadError::RuntimeMissing`] with instructions, never a panic.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self, LoadError> {
        let dir = dir.as_ref();
        // Read the cheap files first so a bad directory is reported even without a runtime.
        let (manifest, labels, onnx) = read_files(dir)?;
        let library = runtime::locate_library()?;
        Self::from_parts(manifest, labels, onnx, &library)
    }

    /// Like [`Model::load`] with an explicit ONNX Runtime library file.
    ///
    /// # Errors
    /// As [`Model::load`].
    pub fn load_with_library(dir: impl AsRef<Path>, library: &Path) -> Result<Self, LoadError> {
        let (manifest, labels, onnx) = read_files(dir.as_ref())?;
        Self::from_parts(manifest, labels, onnx, library)
    }

    fn from_parts(
        manifest: Manifest,
        labels: Vec<String>,
        onnx: Vec<u8>,
        library: &Path,
    ) -> Result<Self, LoadError> {
        let environment = runtime::environment(library)?;
        let model = Self {
            manifest,
            labels: labels.into(),
            onnx: onnx.into(),
            environment,
        };
        let mut session = model.new_session(1, None)?;
        let size = model.manifest.input_size as usize;
        let started = std::time::Instant::now();
        let (_, classes) = model
            .run(&mut session, &vec![0.0; 3 * size * size], 1)
            .map_err(LoadError::WarmUp)?;
        if classes != model.labels.len() {
            return Err(LoadError::LabelCount {
                labels: model.labels.len(),
                outputs: classes,
            });
        }
        tracing::info!(
            model = %model.manifest.name,
            version = %model.manifest.version,
            classes,
            warm_up_ms = started.elapsed().as_secs_f64() * 1e3,
            "model loaded"
        );
        Ok(model)
    }

    /// The manifest the model was loaded with.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Labels in output index order.
    #[must_use]
    pub fn labels(&self) -> &Arc<[String]> {
        &self.labels
    }

    /// Description without pool settings (`workers` = 0).
    #[must_use]
    pub fn info(&self) -> ModelInfo {
        ModelInfo {
            name: self.manifest.name.clone(),
            version: self.manifest.version.clone(),
            input_size: self.manifest.input_size,
            classes: self.labels.len(),
            workers: 0,
            max_batch: 1,
            device: "cpu",
        }
    }

    /// A new session over the in-memory model. Each worker owns one, because
    /// `Session::run` takes `&mut self`.
    ///
    /// Sessions given the same `prepacked` container share their pre-packed weights
    /// instead of holding one copy each. ONNX Runtime's CPU arena stays on: a build with
    /// it (and memory patterns) off measured more resident memory under load, not less
    /// (docs/PERFORMANCE.md, "Image classification").
    pub(crate) fn new_session(
        &self,
        intra_op_threads: usize,
        prepacked: Option<&PrepackedWeights>,
    ) -> Result<Session, LoadError> {
        let session = |e: String| LoadError::Session(e);
        let mut builder = Session::builder(&self.environment)
            .map_err(|e| session(e.to_string()))?
            .with_intra_threads(intra_op_threads.max(1))
            .map_err(|e| session(e.to_string()))?
            .with_inter_threads(1)
            .map_err(|e| session(e.to_string()))?;
        if let Some(weights) = prepacked {
            builder = builder
                .with_prepacked_weights(weights)
                .map_err(|e| session(e.to_string()))?;
        }
        builder
            .commit_from_memory(&self.onnx)
            .map_err(|e| session(e.to_string()))
    }

    /// The same model without its ONNX bytes: what a pool keeps once its sessions exist
    /// (the bytes, megabytes, are needed only to create sessions).
    pub(crate) fn without_onnx(&self) -> Self {
        Self {
            onnx: Arc::from(Vec::new()),
            ..self.clone()
        }
    }

    /// Runs `batch` stacked CHW images (`data.len() == batch * 3 * size * size`) and
    /// returns the row-major logits and the number of classes. ONNX Runtime reads `data`
    /// where it is: no copy of the input.
    pub(crate) fn run(
        &self,
        session: &mut Session,
        data: &[f32],
        batch: usize,
    ) -> Result<(Vec<f32>, usize), String> {
        let size = self.manifest.input_size as usize;
        let input = TensorRef::from_array_view(([batch, 3, size, size], data))
            .map_err(|e| e.to_string())?;
        let outputs = session
            .run(ort::inputs![self.manifest.input_name.as_str() => input])
            .map_err(|e| e.to_string())?;
        let output = outputs.get(&self.manifest.output_name).ok_or_else(|| {
            format!(
                "the model has no output named {}",
                self.manifest.output_name
            )
        })?;
        let (shape, logits) = output
            .try_extract_tensor::<f32>()
            .map_err(|e| e.to_string())?;
        let dims: Vec<i64> = shape.iter().copied().collect();
        match dims.as_slice() {
            [n, classes] if usize::try_from(*n).ok() == Some(batch) && *classes > 0 => Ok((
                logits.to_vec(),
                usize::try_from(*classes).map_err(|e| e.to_string())?,
            )),
            _ => Err(format!(
                "expected output shape [{batch}, classes], got {dims:?}"
            )),
        }
    }
}

fn read_files(dir: &Path) -> Result<(Manifest, Vec<String>, Vec<u8>), LoadError> {
    let manifest = Manifest::read(dir)?;
    let read =
        |path: PathBuf| std::fs::read(&path).map_err(|source| LoadError::Io { path, source });
    let labels_path = dir.join(&manifest.labels);
    let labels_text =
        String::from_utf8(read(labels_path.clone())?).map_err(|e| LoadError::Manifest {
            path: labels_path,
            message: format!("labels are not UTF-8: {e}"),
        })?;
    let onnx = read(dir.join(&manifest.onnx))?;
    Ok((manifest, parse_labels(&labels_text), onnx))
}

/// One label a line (LF or CRLF), surrounding spaces trimmed, trailing blank lines dropped.
fn parse_labels(text: &str) -> Vec<String> {
    let mut labels: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    while labels.last().is_some_and(String::is_empty) {
        labels.pop();
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::parse_labels;

    #[test]
    fn labels_accept_crlf_and_trailing_newlines() {
        assert_eq!(
            parse_labels("a\r\nb c\n\n"),
            vec!["a".to_string(), "b c".to_string()]
        );
    }
}
