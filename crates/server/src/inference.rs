//! The [`Classifier`] port over `practicum-inference`: preprocessing on the blocking pool,
//! inference on the pool of ONNX Runtime sessions. Loaded once at start.

use std::{
    path::Path,
    sync::{Arc, Mutex},
    time::Instant,
};

use practicum_app::{
    ml::{ModelState, HOW_TO_ENABLE},
    ports::{
        BoxFuture, ClassPrediction, Classifier, ClassifyError, ImageClassification, ImageProblem,
        ModelDescription,
    },
};
use practicum_inference::{
    preprocess_into, EngineError, InferencePool, InputError, LoadError, Model, PoolConfig,
    PreprocessBuffers, PreprocessConfig,
};

use crate::settings::Settings;

/// A loaded model served by a pool of sessions.
pub struct PoolClassifier {
    pool: InferencePool,
    preprocess: PreprocessConfig,
    description: ModelDescription,
    /// At most one image is decoded per inference worker at a time, so a burst of uploads
    /// neither oversubscribes the cores the sessions run on nor holds many decoded images
    /// (up to `max_pixels` each) in memory at once.
    preprocess_permits: tokio::sync::Semaphore,
    /// One set of preprocessing buffers a permit, reused from request to request so that
    /// the decoded and resized images are not mapped and unmapped each time (ADR 0056).
    preprocess_buffers: Mutex<Vec<PreprocessBuffers>>,
}

impl PoolClassifier {
    /// Loads and warms up the model in `dir` and starts the pool. Blocking: call it from
    /// `spawn_blocking`.
    ///
    /// # Errors
    /// Why the model or the ONNX Runtime library cannot be loaded.
    pub fn start(dir: &Path, pool: PoolConfig, max_image_bytes: usize) -> Result<Self, LoadError> {
        let model = Model::load(dir)?;
        let preprocess = PreprocessConfig {
            max_input_bytes: max_image_bytes,
            ..model.manifest().preprocess_config()
        };
        let pool = InferencePool::start(model, pool)?;
        let info = pool.info();
        let description = ModelDescription {
            name: info.name.clone(),
            version: info.version.clone(),
            input_size: info.input_size,
            classes: info.classes,
            workers: info.workers,
            max_batch: info.max_batch,
            device: info.device.to_owned(),
        };
        let permits = description.workers.max(1);
        let preprocess_permits = tokio::sync::Semaphore::new(permits);
        let preprocess_buffers =
            Mutex::new((0..permits).map(|_| PreprocessBuffers::default()).collect());
        Ok(Self {
            pool,
            preprocess,
            description,
            preprocess_permits,
            preprocess_buffers,
        })
    }
}

impl PoolClassifier {
    fn buffers(&self) -> std::sync::MutexGuard<'_, Vec<PreprocessBuffers>> {
        // A panic while holding the lock leaves a valid list of buffers.
        self.preprocess_buffers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Classifier for PoolClassifier {
    fn model(&self) -> ModelDescription {
        self.description.clone()
    }

    fn classify(
        &self,
        image: Vec<u8>,
        top_k: usize,
    ) -> BoxFuture<'_, Result<ImageClassification, ClassifyError>> {
        Box::pin(async move {
            let config = self.preprocess.clone();
            let permit = self
                .preprocess_permits
                .acquire()
                .await
                .map_err(|_| ClassifyError::Engine("the classifier is shutting down".into()))?;
            let started = Instant::now();
            // A permit holder always finds a set (one a permit); a set lost to a panic is
            // replaced by a new one.
            let mut buffers = self.buffers().pop().unwrap_or_default();
            let tensor = self.pool.spare_tensor();
            let (prepared, buffers) = tokio::task::spawn_blocking(move || {
                let prepared = preprocess_into(&image, &config, &mut buffers, tensor);
                (prepared, buffers)
            })
            .await
            .map_err(|e| ClassifyError::Engine(format!("preprocessing panicked: {e}")))?;
            self.buffers().push(buffers);
            drop(permit);
            let preprocess_ms = started.elapsed().as_secs_f64() * 1e3;
            let prepared = prepared.map_err(|e| input_error(&e, preprocess_ms))?;
            let c = self
                .pool
                .classify(prepared.tensor, top_k)
                .await
                .map_err(|e| match e {
                    EngineError::QueueFull => ClassifyError::QueueFull,
                    other => ClassifyError::Engine(other.to_string()),
                })?;
            Ok(ImageClassification {
                predictions: c
                    .predictions
                    .into_iter()
                    .map(|p| ClassPrediction {
                        class: p.class,
                        index: p.index,
                        probability: p.probability,
                    })
                    .collect(),
                width: prepared.width,
                height: prepared.height,
                preprocess_ms: prepared.elapsed.as_secs_f64() * 1e3,
                inference_ms: c.inference_ms,
            })
        })
    }
}

fn input_error(e: &InputError, preprocess_ms: f64) -> ClassifyError {
    let problem = match e {
        InputError::Empty => ImageProblem::Empty,
        InputError::NotAnImage => ImageProblem::NotAnImage,
        InputError::Truncated => ImageProblem::Truncated,
        InputError::Unsupported(_) => ImageProblem::Unsupported,
        InputError::TooLarge { .. } => ImageProblem::TooLarge,
        InputError::DecompressionBomb { .. } => ImageProblem::DecompressionBomb,
    };
    ClassifyError::Input {
        problem,
        message: e.to_string(),
        preprocess_ms,
    }
}

/// The pool settings from `ML_*`; unset values follow the CPU defaults of the runtime.
pub fn pool_config(settings: &Settings) -> PoolConfig {
    let defaults = PoolConfig::default();
    let workers = settings.ml_workers.unwrap_or(defaults.workers).max(1);
    PoolConfig {
        workers,
        intra_op_threads: settings.ml_intra_op_threads.max(1),
        max_batch: settings.ml_max_batch.max(1),
        max_wait: std::time::Duration::from_millis(settings.ml_max_wait_ms),
        queue_capacity: settings.ml_queue_capacity.unwrap_or(workers * 16).max(1),
    }
}

/// Loads the configured model once (off the async runtime). Never fails the start: with
/// no model, or without the ONNX Runtime library, the ML routes answer 503 and say how to
/// enable them. A model configured with `MODEL_DIR` that fails to load is an error that
/// readiness reports; the default model directory without the library is "not configured".
pub async fn load_model(settings: &Settings) -> ModelState {
    let Some((dir, explicit)) = settings.model_dir() else {
        return ModelState::NotConfigured(format!(
            "no model is configured (MODEL_DIR is not set): {HOW_TO_ENABLE}"
        ));
    };
    let pool = pool_config(settings);
    let max_bytes = settings.ml_max_image_bytes;
    let path = dir.clone();
    let loaded =
        tokio::task::spawn_blocking(move || PoolClassifier::start(&path, pool, max_bytes)).await;
    match loaded {
        Ok(Ok(classifier)) => {
            tracing::info!(dir = %dir.display(), model = %classifier.description.name, "model ready");
            warn_if_freed_memory_stays_resident();
            ModelState::Ready(Arc::new(classifier))
        }
        Ok(Err(e @ (LoadError::RuntimeMissing { .. } | LoadError::RuntimeLoad { .. })))
            if !explicit =>
        {
            tracing::warn!(error = %e, "no ONNX Runtime library: the ML routes are off");
            ModelState::NotConfigured(format!("the model cannot run: {e}. {HOW_TO_ENABLE}"))
        }
        Ok(Err(e)) => {
            tracing::error!(dir = %dir.display(), error = %e, "the model failed to load");
            ModelState::Failed(format!(
                "the model in {} failed to load: {e}. {HOW_TO_ENABLE}",
                dir.display()
            ))
        }
        Err(e) => ModelState::Failed(format!("loading the model panicked: {e}")),
    }
}

/// glibc reads `MALLOC_MMAP_THRESHOLD_` and mimalloc its `MIMALLOC_*` options before `main`,
/// so only the service's environment can set them (ADR 0046, ADR 0068): without the first
/// the buffers ONNX Runtime frees while loading stay resident (about 80 MB more after 1,000
/// classifications), without the others the pages the server frees stay committed (about
/// 30 MB more).
fn warn_if_freed_memory_stays_resident() {
    let missing = missing_memory_settings(|name| std::env::var_os(name).is_some());
    if !missing.is_empty() {
        let names: Vec<_> = missing.iter().map(|(name, _)| *name).collect();
        let settings: Vec<_> = missing.iter().map(|(n, v)| format!("{n}={v}")).collect();
        tracing::warn!(
            "{} not set: the process keeps memory it has freed (about 80 MB for glibc's \
             threshold, 30 MB for mimalloc's purging); set {} in the service's environment \
             (deploy/RUNNING.md)",
            names.join(", "),
            settings.join(" "),
        );
    }
}

/// The allocator settings of the service's environment, with the container image's values.
const MEMORY_SETTINGS: [(&str, &str); 3] = [
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
    ("MIMALLOC_PURGE_DELAY", "0"),
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
];

/// Those of [`MEMORY_SETTINGS`] the environment lacks (glibc's only on glibc).
fn missing_memory_settings(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    let glibc = cfg!(all(target_os = "linux", target_env = "gnu"));
    MEMORY_SETTINGS
        .into_iter()
        .filter(|(name, _)| glibc || !name.starts_with("MALLOC_"))
        .filter(|(name, _)| !is_set(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use figment::{providers::Serialized, Figment};

    use super::*;

    #[test]
    fn the_warning_names_each_memory_setting_the_environment_lacks() {
        let all = missing_memory_settings(|_| false);
        assert!(all.contains(&("MIMALLOC_PURGE_DELAY", "0")), "{all:?}");
        assert!(
            all.contains(&("MIMALLOC_ARENA_EAGER_COMMIT", "0")),
            "{all:?}"
        );
        assert!(missing_memory_settings(|_| true).is_empty());
        let some = missing_memory_settings(|name| name != "MIMALLOC_PURGE_DELAY");
        assert_eq!(some, vec![("MIMALLOC_PURGE_DELAY", "0")]);
    }

    #[tokio::test]
    async fn an_explicit_model_dir_that_does_not_load_is_an_error_not_a_crash() {
        let settings = Settings::from_figment(
            Figment::new().merge(Serialized::default("model_dir", "/nonexistent/model")),
        )
        .unwrap();
        match load_model(&settings).await {
            ModelState::Failed(message) => {
                assert!(message.contains("/nonexistent/model"), "{message}");
                assert!(message.contains("MODEL_DIR"), "{message}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
