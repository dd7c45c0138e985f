//! Effects that tests must be able to fake.

use practicum_domain::{Clock, Timestamp};

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> Timestamp {
        chrono::Utc::now().timestamp_millis()
    }
}

/// Where the adaptive engine's seeds come from (stored on each attempt and content
/// assignment, so every draw replays). Random in production; the simulation harness
/// passes a seeded sequence so that a run is reproducible.
pub trait SeedSource: Send + Sync + 'static {
    fn next_seed(&self) -> u64;
}

/// Fresh random seeds (UUID v4 bits).
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomSeeds;

impl SeedSource for RandomSeeds {
    fn next_seed(&self) -> u64 {
        uuid::Uuid::new_v4().as_u64_pair().0
    }
}

/// A boxed future, so that [`Classifier`] stays object-safe without `async_trait`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The image classifier the ML use-cases call. The real one (in `server`) decodes and
/// preprocesses off the async runtime and runs the model on a pool of sessions; keeping it
/// behind this trait keeps `app` (and `api`) free of the model runtime and image codecs.
pub trait Classifier: Send + Sync + 'static {
    /// The served model.
    fn model(&self) -> ModelDescription;
    /// Decodes, preprocesses and classifies one uploaded image; `top_k` in `1..=20`.
    fn classify(
        &self,
        image: Vec<u8>,
        top_k: usize,
    ) -> BoxFuture<'_, Result<ImageClassification, ClassifyError>>;
}

/// What `GET /ml/models` shows about the served model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDescription {
    pub name: String,
    pub version: String,
    pub input_size: u32,
    pub classes: usize,
    pub workers: usize,
    pub max_batch: usize,
    pub device: String,
}

/// One class of a classification.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClassPrediction {
    pub class: String,
    pub index: usize,
    pub probability: f32,
}

/// The top-K classes of one image, with the measurements the history records.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageClassification {
    /// Sorted by probability, highest first.
    pub predictions: Vec<ClassPrediction>,
    pub width: u32,
    pub height: u32,
    /// Decode and preprocessing time.
    pub preprocess_ms: f64,
    pub inference_ms: f64,
}

/// What is wrong with an uploaded image (ml.md "Bad input").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    /// Nothing was sent (400).
    Empty,
    /// Not an image, or a truncated/corrupt one (422).
    NotAnImage,
    Truncated,
    /// A recognised but unsupported format (415).
    Unsupported,
    /// Over the size limit (413).
    TooLarge,
    /// Declares more pixels than the service decodes (422).
    DecompressionBomb,
}

/// Why [`Classifier::classify`] failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifyError {
    /// The image is unusable; `message` says why, for the client. `preprocess_ms` is the
    /// time spent finding out.
    #[error("{message}")]
    Input {
        problem: ImageProblem,
        message: String,
        preprocess_ms: f64,
    },
    /// Every worker is busy and the queue is full: retry shortly.
    #[error("the inference queue is full, retry shortly")]
    QueueFull,
    /// The engine failed (a bug or a broken model).
    #[error("inference failed: {0}")]
    Engine(String),
}

/// Sends e-mail (the outbox job's transport). The real one is SMTP (in `server`); without
/// one configured, [`LogMailer`] writes the messages to the log.
pub trait Mailer: Send + Sync + 'static {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>>;
}

/// Development transport: logs each message instead of sending it.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogMailer;

impl Mailer for LogMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            tracing::info!(%to, %subject, %body, "development: e-mail written to the log (SMTP_URL unset)");
            Ok(())
        })
    }
}
