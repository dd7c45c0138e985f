//! Request and response bodies of the ML routes.

use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::{
    ml::{ForwardOutput, ImageResult, MlRequestView, MlTotals, ModelStats, StatsView},
    ports::{ClassPrediction, ModelDescription},
};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::error::ErrorBody;

/// Multipart body of `POST /ml/forward`.
#[derive(Debug, ToSchema)]
pub struct ForwardForm {
    /// One or several image files (JPEG, PNG or WebP), each at most `ML_MAX_IMAGE_BYTES`
    /// (10 MiB by default), at most `ML_MAX_IMAGES_PER_REQUEST` (8) of them. Repeat the
    /// field to send several.
    /// Required unless `data` is sent.
    #[schema(format = Binary, value_type = Option<Vec<String>>)]
    pub image: Option<Vec<Vec<u8>>>,
    /// How many classes to return, 1..=20 (default 5).
    pub top_k: Option<u32>,
    /// Instead of an image: a JSON document, echoed back.
    pub data: Option<String>,
}

/// Form-urlencoded body of the root `POST /forward` (the standalone service's second form).
#[derive(Debug, ToSchema)]
pub struct ForwardDataForm {
    /// A JSON document, echoed back.
    pub data: String,
}

/// One class of a classification.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PredictionDto {
    /// The ImageNet label.
    #[schema(example = "Persian cat")]
    pub class: String,
    /// Index of the class in the model's output.
    pub index: usize,
    pub probability: f32,
}

impl From<ClassPrediction> for PredictionDto {
    fn from(p: ClassPrediction) -> Self {
        Self {
            class: p.class,
            index: p.index,
            probability: p.probability,
        }
    }
}

/// The top-K classes of one image, sorted by probability.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassificationDto {
    pub predictions: Vec<PredictionDto>,
    pub top_class: String,
    pub top_probability: f32,
}

impl From<ImageResult> for ClassificationDto {
    fn from(r: ImageResult) -> Self {
        Self {
            predictions: r.predictions.into_iter().map(Into::into).collect(),
            top_class: r.top_class,
            top_probability: r.top_probability,
        }
    }
}

/// The answer to a `data` field.
#[derive(Debug, Serialize, ToSchema)]
pub struct EchoDto {
    #[schema(example = "data received")]
    pub message: &'static str,
    /// The `data` field, parsed: any JSON value, `null` included.
    pub received_data: Value,
}

/// `result` of a forward call: a classification, or the echo of a `data` field.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ForwardResult {
    Classification(ClassificationDto),
    Echo(EchoDto),
}

/// The model that answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelRef {
    pub name: String,
    pub version: String,
}

/// Answer of `POST /ml/forward`. One image: `result` (and `results` with that one
/// element). Several images: `results`, in upload order (`result` is the first). A `data`
/// field: `result` = `{message, received_data}` only.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForwardResponse {
    pub result: ForwardResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<ClassificationDto>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
    /// Total time spent on the request, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_time_ms: Option<f64>,
}

impl From<ForwardOutput> for ForwardResponse {
    fn from(o: ForwardOutput) -> Self {
        match o {
            ForwardOutput::Echo(v) => Self {
                result: ForwardResult::Echo(EchoDto {
                    message: "data received",
                    received_data: v,
                }),
                results: None,
                model: None,
                processing_time_ms: None,
            },
            ForwardOutput::Classified {
                model,
                results,
                processing_ms,
            } => {
                let all: Vec<ClassificationDto> = results.into_iter().map(Into::into).collect();
                let first = all.first().cloned().unwrap_or(ClassificationDto {
                    predictions: Vec::new(),
                    top_class: String::new(),
                    top_probability: 0.0,
                });
                Self {
                    result: ForwardResult::Classification(first),
                    results: Some(all),
                    model: Some(ModelRef {
                        name: model.name,
                        version: model.version,
                    }),
                    processing_time_ms: Some(processing_ms),
                }
            }
        }
    }
}

/// A served model.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelDto {
    #[schema(example = "efficientnet-lite0")]
    pub name: String,
    pub version: String,
    /// Side of the square input, in pixels.
    pub input_size: u32,
    pub classes: usize,
    /// Sessions serving it in parallel.
    pub workers: usize,
    /// Largest dynamic batch (1 = batching off).
    pub max_batch: usize,
    #[schema(example = "cpu")]
    pub device: String,
}

impl From<ModelDescription> for ModelDto {
    fn from(m: ModelDescription) -> Self {
        Self {
            name: m.name,
            version: m.version,
            input_size: m.input_size,
            classes: m.classes,
            workers: m.workers,
            max_batch: m.max_batch,
            device: m.device,
        }
    }
}

/// Answer of `GET /ml/models`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelsResponse {
    /// `ready`, `not_configured` or `failed`.
    pub status: &'static str,
    /// Why no model is served, and how to enable one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub models: Vec<ModelDto>,
}

/// Filters and page of the history listing.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// 1-based page (default 1).
    pub page: Option<u32>,
    /// Items per page, 1..=100 (default 20).
    pub page_size: Option<u32>,
    /// Only calls answered with this HTTP status.
    pub status: Option<u16>,
    /// Only calls of this account.
    pub user_id: Option<i64>,
    /// Only calls at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only calls before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// One recorded call (one row per image when several were sent).
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryItem {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    /// `image_classification` or `json_echo`.
    pub request_type: String,
    /// The caller; null once the account is deleted.
    pub user_id: Option<i64>,
    pub model_name: Option<String>,
    pub model_version: Option<String>,
    /// The HTTP status answered.
    pub status_code: u16,
    /// Decode and preprocessing time, ms.
    pub preprocess_ms: f64,
    /// Model time, ms.
    pub inference_ms: f64,
    /// Total processing time, ms.
    pub processing_ms: f64,
    pub input_bytes: i64,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    /// The top-K predictions, on success.
    pub result: Option<Vec<PredictionDto>>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

impl From<MlRequestView> for HistoryItem {
    fn from(v: MlRequestView) -> Self {
        Self {
            id: v.id,
            created_at: to_datetime(v.created_at),
            request_type: v.request_type,
            user_id: v.user_id.map(|u| u.0),
            model_name: v.model_name,
            model_version: v.model_version,
            status_code: v.status_code,
            preprocess_ms: v.preprocess_ms,
            inference_ms: v.inference_ms,
            processing_ms: v.processing_ms,
            input_bytes: v.input_bytes,
            image_width: v.image_width,
            image_height: v.image_height,
            result: v.result.and_then(|r| serde_json::from_value(r).ok()),
            error_code: v.error_code,
            error_message: v.error_message,
        }
    }
}

page_response! {
    /// One page of the history, newest first.
    HistoryPage of HistoryItem
}

/// `GET /history` (root, as the standalone service answered).
#[derive(Debug, Serialize, ToSchema)]
pub struct LegacyHistory {
    pub total: i64,
    pub items: Vec<LegacyHistoryItem>,
}

/// One recorded call with the standalone service's field names.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegacyHistoryItem {
    pub id: i64,
    /// The caller; null once the account is deleted.
    pub user_id: Option<i64>,
    /// `image_classification` or `json_echo`.
    pub request_type: String,
    /// Total processing time, ms.
    pub processing_time: f64,
    /// Bytes received.
    pub input_data_size: i64,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    pub status_code: u16,
    /// The top-K predictions, or the echoed JSON; null on failure.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    pub error_message: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<MlRequestView> for LegacyHistoryItem {
    fn from(v: MlRequestView) -> Self {
        Self {
            id: v.id,
            user_id: v.user_id.map(|u| u.0),
            request_type: v.request_type,
            processing_time: v.processing_ms,
            input_data_size: v.input_bytes,
            image_width: v.image_width,
            image_height: v.image_height,
            status_code: v.status_code,
            result: v.result,
            error_message: v.error_message,
            created_at: to_datetime(v.created_at),
        }
    }
}

/// `DELETE /ml/history` filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteHistoryQuery {
    /// Delete only calls before this instant (RFC 3339); omitted, everything.
    pub older_than: Option<DateTime<Utc>>,
}

/// What `GET /ml/history` and the standalone `GET /history` answer besides the page.
#[derive(IntoResponses)]
pub enum HistoryReadRefusals {
    #[response(status = 401, description = "Not signed in")]
    NotSignedIn(ErrorBody),
    #[response(status = 403, description = "Not an admin")]
    NotAdmin(ErrorBody),
    #[response(status = 422, description = "A malformed filter")]
    MalformedFilter(ErrorBody),
}

/// What `GET /ml/stats` and the standalone `GET /stats` answer besides the aggregates.
#[derive(IntoResponses)]
pub enum StatsRefusals {
    #[response(status = 401, description = "Not signed in")]
    NotSignedIn(ErrorBody),
    #[response(status = 403, description = "Not an admin")]
    NotAdmin(ErrorBody),
    #[response(status = 422, description = "A malformed window")]
    MalformedWindow(ErrorBody),
}

/// What the ADMIN_TOKEN guard of both history deletions answers besides 401 and 403.
#[derive(IntoResponses)]
pub enum AdminTokenRefusals {
    #[response(
        status = 429,
        description = "Too many wrong admin tokens from this address"
    )]
    TooManyWrong(ErrorBody),
    #[response(
        status = 503,
        description = "ADMIN_TOKEN is not configured on the server"
    )]
    NotConfigured(ErrorBody),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedResponse {
    /// Rows deleted.
    pub deleted: u64,
}

/// Optional window of the statistics.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Calls at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Calls before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// Aggregates over recorded calls. Times in milliseconds; zeros on an empty history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsFields {
    pub total_requests: i64,
    /// Share of calls answered with a status ≥ 400, 0..1.
    pub error_rate: f64,
    pub mean_processing_time: f64,
    pub median_processing_time: f64,
    /// Linear-interpolation percentile of the recorded processing times.
    pub percentile_95_processing_time: f64,
    pub percentile_99_processing_time: f64,
    /// Bytes.
    pub average_input_size: f64,
    /// Pixels, over the calls that decoded an image.
    pub average_image_width: f64,
    pub average_image_height: f64,
}

impl From<MlTotals> for StatsFields {
    fn from(s: MlTotals) -> Self {
        // Request counts are far below 2^52: the division is exact enough.
        let error_rate = if s.total_requests == 0 {
            0.0
        } else {
            s.error_requests as f64 / s.total_requests as f64
        };
        Self {
            total_requests: s.total_requests,
            error_rate,
            mean_processing_time: s.mean_processing_ms,
            median_processing_time: s.median_processing_ms,
            percentile_95_processing_time: s.p95_processing_ms,
            percentile_99_processing_time: s.p99_processing_ms,
            average_input_size: s.average_input_bytes,
            average_image_width: s.average_image_width,
            average_image_height: s.average_image_height,
        }
    }
}

/// The statistics of one model.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelStatsDto {
    pub name: String,
    pub version: String,
    #[serde(flatten)]
    pub stats: StatsFields,
}

impl From<ModelStats> for ModelStatsDto {
    fn from(m: ModelStats) -> Self {
        Self {
            name: m.name,
            version: m.version,
            stats: m.stats.into(),
        }
    }
}

/// Answer of `GET /ml/stats`: every call in the window, and per model.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsResponse {
    #[serde(flatten)]
    pub overall: StatsFields,
    pub models: Vec<ModelStatsDto>,
}

impl From<StatsView> for StatsResponse {
    fn from(v: StatsView) -> Self {
        Self {
            overall: v.overall.into(),
            models: v.models.into_iter().map(Into::into).collect(),
        }
    }
}

/// `POST /register` (root, as the standalone service had it).
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegacyRegisterRequest {
    /// 3..=32 letters, digits, `.`, `_` or `-`; unique case-insensitively.
    pub username: String,
    pub password: String,
    /// Only an admin may create an admin.
    #[serde(default)]
    pub is_admin: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LegacyUser {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
}

/// `POST /token` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegacyToken {
    pub access_token: String,
    #[schema(example = "bearer")]
    pub token_type: &'static str,
}
