use std::time::Instant;

use futures::future::join_all;
use practicum_store::ml::history::{self, NewMlRequest};
use serde_json::Value;

use super::{
    errors::{classify_error, upload_error},
    ModelState,
};
use crate::ErrorCode;
use crate::{
    identity::Actor,
    ports::{ClassPrediction, ClassifyError, ImageClassification, ImageProblem, ModelDescription},
    App, AppError,
};

/// What `/ml/forward` received, as the HTTP layer read it.
#[derive(Debug)]
pub enum ForwardInput {
    /// One or several images (already checked against the size and count limits).
    Images { images: Vec<Vec<u8>>, top_k: usize },
    /// The JSON `data` form field, as sent (validated here).
    Data(String),
    /// The upload was refused while it was read; recorded and answered like any failure.
    Refused {
        problem: UploadProblem,
        input_bytes: u64,
    },
}

/// Why the HTTP layer refused an upload before any image was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadProblem {
    /// Nothing, an empty file, or a field over the size limit.
    Image(ImageProblem),
    /// More images than `ML_MAX_IMAGES_PER_REQUEST`.
    TooManyImages,
    /// `top_k` is not an integer in 1..=20.
    InvalidTopK,
    /// The multipart body cannot be parsed.
    Malformed(String),
}

/// One classified image.
#[derive(Debug, Clone)]
pub struct ImageResult {
    pub predictions: Vec<ClassPrediction>,
    pub top_class: String,
    pub top_probability: f32,
}

/// The answer of `/ml/forward`.
#[derive(Debug, Clone)]
pub enum ForwardOutput {
    /// One result per image, in upload order.
    Classified {
        model: ModelDescription,
        results: Vec<ImageResult>,
        processing_ms: f64,
    },
    /// The parsed `data` field.
    Echo(Value),
}

/// `request_type` of a history row recording an image upload (whatever its outcome).
pub const REQUEST_IMAGE_CLASSIFICATION: &str = "image_classification";
/// `request_type` of a history row recording an echoed `data` field.
pub const REQUEST_JSON_ECHO: &str = "json_echo";

/// Largest top-K a client may ask for.
pub const MAX_TOP_K: usize = 20;

/// One history row to write.
struct Outcome {
    status: u16,
    preprocess_ms: f64,
    inference_ms: f64,
    processing_ms: f64,
    input_bytes: u64,
    size: Option<(u32, u32)>,
    result: Option<String>,
    /// The top-1 label of a classified image.
    top_class: Option<String>,
    error: Option<(&'static str, String)>,
}

impl Outcome {
    fn failed(error: &AppError, input_bytes: u64, preprocess_ms: f64, processing_ms: f64) -> Self {
        Self {
            status: error.status(),
            preprocess_ms,
            inference_ms: 0.0,
            processing_ms,
            input_bytes,
            size: None,
            result: None,
            top_class: None,
            error: Some((error.code().as_str(), error.to_string())),
        }
    }
}

impl App {
    /// Classifies the uploaded images (or echoes a `data` field) and records every call
    /// in the history, success or failure, with its status. The images are classified
    /// concurrently; if the client goes away, the pending work is cancelled with the
    /// future.
    pub async fn forward(
        &self,
        actor: &Actor,
        input: ForwardInput,
    ) -> Result<ForwardOutput, AppError> {
        let started = Instant::now();
        let model = match &self.ml.serving.model {
            ModelState::Ready(c) => Some(c.model()),
            _ => None,
        };
        let request_type = match &input {
            ForwardInput::Data(_) => REQUEST_JSON_ECHO,
            _ => REQUEST_IMAGE_CLASSIFICATION,
        };
        let (answer, outcomes) = self.run_forward(input, started).await;
        self.observe(&outcomes);
        self.record(actor, model.as_ref(), request_type, &outcomes)
            .await?;
        answer
    }

    async fn run_forward(
        &self,
        input: ForwardInput,
        started: Instant,
    ) -> (Result<ForwardOutput, AppError>, Vec<Outcome>) {
        let elapsed = || started.elapsed().as_secs_f64() * 1e3;
        let fail = |e: AppError, bytes: u64, pre: f64| {
            let outcome = Outcome::failed(&e, bytes, pre, elapsed());
            (Err(e), vec![outcome])
        };
        match input {
            ForwardInput::Refused {
                problem,
                input_bytes,
            } => fail(
                upload_error(&problem, &self.ml.serving.limits),
                input_bytes,
                0.0,
            ),
            ForwardInput::Data(raw) => {
                let bytes = raw.len() as u64;
                match serde_json::from_str::<Value>(&raw) {
                    Ok(v) => {
                        let outcome = Outcome {
                            status: 200,
                            preprocess_ms: 0.0,
                            inference_ms: 0.0,
                            processing_ms: elapsed(),
                            input_bytes: bytes,
                            size: None,
                            // The echoed JSON, as the original service recorded it.
                            result: Some(v.to_string()),
                            top_class: None,
                            error: None,
                        };
                        (Ok(ForwardOutput::Echo(v)), vec![outcome])
                    }
                    Err(e) => fail(
                        AppError::bad_request(
                            ErrorCode::InvalidJson,
                            format!("the data field is not valid JSON: {e}"),
                        ),
                        bytes,
                        0.0,
                    ),
                }
            }
            ForwardInput::Images { images, top_k } => {
                let total_bytes: u64 = images.iter().map(|i| i.len() as u64).sum();
                let classifier = match &self.ml.serving.model {
                    ModelState::Ready(c) => c,
                    ModelState::NotConfigured(m) | ModelState::Failed(m) => {
                        return fail(
                            AppError::Unavailable {
                                code: ErrorCode::ModelUnavailable,
                                message: m.clone(),
                                retry_after: None,
                            },
                            total_bytes,
                            0.0,
                        )
                    }
                };
                if !(1..=MAX_TOP_K).contains(&top_k) {
                    return fail(
                        upload_error(&UploadProblem::InvalidTopK, &self.ml.serving.limits),
                        total_bytes,
                        0.0,
                    );
                }
                let runs = images.into_iter().map(|image| async move {
                    let bytes = image.len() as u64;
                    let t = Instant::now();
                    let r = classifier.classify(image, top_k).await;
                    (r, bytes, t.elapsed().as_secs_f64() * 1e3)
                });
                let done = join_all(runs).await;
                // The first failure answers the request; that image is the one recorded.
                if let Some((err, bytes, ms)) = done
                    .iter()
                    .find_map(|(r, b, ms)| r.as_ref().err().map(|e| (e.clone(), *b, *ms)))
                {
                    let pre = match &err {
                        ClassifyError::Input { preprocess_ms, .. } => *preprocess_ms,
                        _ => 0.0,
                    };
                    let app_err = classify_error(err);
                    let outcome = Outcome::failed(&app_err, bytes, pre, ms);
                    return (Err(app_err), vec![outcome]);
                }
                let mut outcomes = Vec::with_capacity(done.len());
                let mut results = Vec::with_capacity(done.len());
                for (r, bytes, ms) in done {
                    let Ok(c) = r else { continue };
                    outcomes.push(success(&c, bytes, ms));
                    results.push(ImageResult::from(c));
                }
                let answer = ForwardOutput::Classified {
                    model: classifier.model(),
                    results,
                    processing_ms: elapsed(),
                };
                (Ok(answer), outcomes)
            }
        }
    }

    /// The model service's metrics of one call: preprocessing time of each image that
    /// reached it, refusals by reason (the error code), top-1 classes.
    fn observe(&self, outcomes: &[Outcome]) {
        for o in outcomes {
            if o.preprocess_ms > 0.0 {
                metrics::histogram!("model_preprocess_duration_seconds")
                    .record(o.preprocess_ms / 1e3);
            }
            if let Some((code, _)) = &o.error {
                metrics::counter!("model_refusals_total", "reason" => *code).increment(1);
            }
            if let Some(top) = &o.top_class {
                self.ml.predicted.record(top);
            }
        }
    }

    /// Writes the history rows of one call in one transaction.
    async fn record(
        &self,
        actor: &Actor,
        model: Option<&ModelDescription>,
        request_type: &str,
        outcomes: &[Outcome],
    ) -> Result<(), AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        for o in outcomes {
            let (code, message) = match &o.error {
                Some((c, m)) => (Some(*c), Some(m.as_str())),
                None => (None, None),
            };
            history::insert(
                &mut tx,
                &NewMlRequest {
                    created_at: now,
                    request_type,
                    user_id: Some(actor.id),
                    model_name: model.map(|m| m.name.as_str()),
                    model_version: model.map(|m| m.version.as_str()),
                    status_code: o.status,
                    preprocess_ms: o.preprocess_ms,
                    inference_ms: o.inference_ms,
                    processing_ms: o.processing_ms,
                    input_bytes: i64::try_from(o.input_bytes).unwrap_or(i64::MAX),
                    image_width: o.size.map(|s| i64::from(s.0)),
                    image_height: o.size.map(|s| i64::from(s.1)),
                    result_json: o.result.as_deref(),
                    error_code: code,
                    error_message: message,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

fn success(c: &ImageClassification, bytes: u64, ms: f64) -> Outcome {
    Outcome {
        status: 200,
        preprocess_ms: c.preprocess_ms,
        inference_ms: c.inference_ms,
        processing_ms: ms,
        input_bytes: bytes,
        size: Some((c.width, c.height)),
        result: serde_json::to_string(&c.predictions).ok(),
        top_class: c.predictions.first().map(|p| p.class.clone()),
        error: None,
    }
}

impl From<ImageClassification> for ImageResult {
    fn from(c: ImageClassification) -> Self {
        let (top_class, top_probability) = c
            .predictions
            .first()
            .map_or((String::new(), 0.0), |p| (p.class.clone(), p.probability));
        Self {
            predictions: c.predictions,
            top_class,
            top_probability,
        }
    }
}
