//! Practicum's image-classification runtime: image decoding and preprocessing, and a
//! pool of ONNX Runtime sessions with a bounded queue and dynamic batching.
//!
//! No HTTP and no database here: the `api` layer maps [`InputError`], [`LoadError`] and
//! [`EngineError`] to responses. Kept in its own crate because the runtime and image
//! codecs are slow to compile.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use practicum_inference::{preprocess, InferencePool, Model, PoolConfig};
//! let model = Model::load("models/efficientnet-lite0")?;
//! let config = model.manifest().preprocess_config();
//! let pool = InferencePool::start(model, PoolConfig::default())?;
//! let image = preprocess(&std::fs::read("cat.jpg")?, &config)?;
//! let result = pool.classify(image.tensor, 5).await?;
//! println!("{} {:.3}", result.top_class, result.top_probability);
//! # Ok(()) }
//! ```

mod error;
mod manifest;
mod model;
mod output;
mod pool;
mod preprocess;
pub mod runtime;

/// Image types that appear in this crate's API, so callers need no `image` dependency.
pub use image::{ImageFormat, RgbImage};

pub use error::{EngineError, InputError, LoadError};
pub use manifest::{Manifest, MANIFEST_FILE};
pub use model::{Model, ModelInfo};
pub use output::{softmax, top_k, Classification, Prediction, MAX_TOP_K};
pub use pool::{InferencePool, Pending, PoolConfig, PoolStats};
pub use preprocess::{
    decode, preprocess, preprocess_into, short_side_dimensions, PreprocessBuffers,
    PreprocessConfig, PreprocessedImage,
};
