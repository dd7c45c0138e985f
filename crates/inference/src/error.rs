//! Typed errors of the model runtime.
//!
//! Three families, because callers answer them differently: [`InputError`] is the
//! client's fault (4xx), [`LoadError`] happens once at start-up (the server keeps
//! running without a model and says how to configure one), [`EngineError`] is a
//! serving condition (queue full → 503 + `Retry-After`, shut down, runtime failure).

use std::path::PathBuf;

/// Why an uploaded byte string cannot be turned into a model input.
///
/// Each variant has a stable snake_case [`code`](InputError::code) that the API and the
/// request history can store; the `Display` text is meant for humans.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Nothing was sent.
    #[error("no image data was sent")]
    Empty,
    /// The bytes carry no known image signature, or a header that cannot be read.
    #[error("the data is not a recognised image")]
    NotAnImage,
    /// The header is valid but the image data ends early or is corrupt.
    #[error("the image data is truncated or corrupt")]
    Truncated,
    /// A recognised image format that this service does not decode.
    #[error("image format {0} is not supported; send JPEG, PNG or WebP")]
    Unsupported(String),
    /// The upload is bigger than the configured byte limit.
    #[error("the image is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A (typically small) file that declares huge dimensions; refused before decoding.
    #[error("the image declares {width}x{height} pixels, more than this service decodes")]
    DecompressionBomb {
        /// Declared width in pixels.
        width: u32,
        /// Declared height in pixels.
        height: u32,
    },
}

impl InputError {
    /// Stable machine-readable code, e.g. for the error body and the history table.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotAnImage => "not_an_image",
            Self::Truncated => "truncated",
            Self::Unsupported(_) => "unsupported_format",
            Self::TooLarge { .. } => "too_large",
            Self::DecompressionBomb { .. } => "decompression_bomb",
        }
    }
}

/// Why a model directory could not be turned into a servable model.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No ONNX Runtime shared library was found; the message says how to get one.
    #[error(
        "the ONNX Runtime library was not found (looked at: {}). Run scripts/fetch-onnxruntime.sh \
         from the repository root, or set ORT_DYLIB_PATH to the path of libonnxruntime.so.{version}",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    RuntimeMissing {
        /// Every path that was checked.
        searched: Vec<PathBuf>,
        /// The ONNX Runtime version this crate is built against.
        version: &'static str,
    },
    /// The library file exists but could not be loaded (wrong file, wrong version).
    #[error(
        "the ONNX Runtime library at {} could not be loaded: {message}. Run \
         scripts/fetch-onnxruntime.sh or point ORT_DYLIB_PATH at libonnxruntime.so.{version}",
        path.display()
    )]
    RuntimeLoad {
        /// The library that was tried.
        path: PathBuf,
        /// What went wrong.
        message: String,
        /// The ONNX Runtime version this crate is built against.
        version: &'static str,
    },
    /// A file of the model directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `manifest.toml` is malformed or inconsistent.
    #[error("invalid model manifest {}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The label file does not have one label per model output.
    #[error("the label file has {labels} labels but the model outputs {outputs} classes")]
    LabelCount {
        /// Non-empty lines in the label file.
        labels: usize,
        /// Width of the model's output.
        outputs: usize,
    },
    /// ONNX Runtime refused the model or the session options.
    #[error("cannot create an inference session: {0}")]
    Session(String),
    /// The model loaded but a warm-up run on a blank image failed or gave a wrong shape.
    #[error("the warm-up run failed: {0}")]
    WarmUp(String),
}

/// Why a classification request was not answered with a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The bounded queue is full; retry later (HTTP 503 + `Retry-After`).
    #[error("the inference queue is full, retry shortly")]
    QueueFull,
    /// The pool has been shut down.
    #[error("the inference pool is shut down")]
    ShutDown,
    /// `top_k` outside `1..=20` (or more than the model has classes).
    #[error("top_k must be between 1 and {max}, got {got}")]
    InvalidTopK {
        /// The value asked for.
        got: usize,
        /// The largest value allowed.
        max: usize,
    },
    /// The tensor does not have the model's input shape.
    #[error("input tensor has shape {got:?}, the model expects {expected:?}")]
    InvalidShape {
        /// Shape received.
        got: Vec<usize>,
        /// Shape expected (`[3, H, W]`).
        expected: Vec<usize>,
    },
    /// ONNX Runtime failed while running the model.
    #[error("inference failed: {0}")]
    Runtime(String),
    /// The worker handling the request died before answering.
    #[error("the inference worker stopped before answering")]
    WorkerLost,
}
