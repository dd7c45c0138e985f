use axum::{
    extract::{Request, State},
    Json,
};
use practicum_app::ml::ModelStatus;

use super::{dto::*, upload::read_forward};
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::CurrentUser,
    state::ApiState,
};

/// Classify one or several images (multipart field `image`, repeated for several; optional
/// `top_k` 1..=20, default 5), or echo a JSON `data` field. Every call is recorded in the
/// history with its status.
#[utoipa::path(post, path = "/ml/forward", tag = "ml", security(("bearer" = [])),
    request_body(content = ForwardForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Top-K classes: `result` for one image, `results` for several; or the echoed `data`", body = ForwardResponse),
        (status = 400, description = "Nothing sent, malformed multipart, or `data` that is not valid JSON", body = ErrorBody),
        NotSignedIn,
        (status = 413, description = "An image over ML_MAX_IMAGE_BYTES (checked while streaming), or more images than ML_MAX_IMAGES_PER_REQUEST", body = ErrorBody),
        (status = 415, description = "An image format that is not supported (send JPEG, PNG or WebP)", body = ErrorBody),
        (status = 422, description = "Not an image, a truncated image, a decompression bomb, or `top_k` out of 1..=20", body = ErrorBody),
        (status = 503, description = "No model is configured (the message says how to enable one), or the inference queue is full (`Retry-After`)", body = ErrorBody),
    ))]
pub async fn forward(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    req: Request,
) -> ApiResult<Json<ForwardResponse>> {
    let input = read_forward(req, &state.app.ml().limits).await;
    Ok(Json(state.app.forward(&actor, input).await?.into()))
}

/// The served model, or why none is served and how to enable one.
#[utoipa::path(get, path = "/ml/models", tag = "ml", security(),
    responses(
        (status = 200, description = "The served model (an empty list when none is)", body = ModelsResponse),
    ))]
pub async fn list_models(State(state): State<ApiState>) -> Json<ModelsResponse> {
    Json(match state.app.model_status() {
        ModelStatus::Ready(m) => ModelsResponse {
            status: "ready",
            message: None,
            models: vec![m.into()],
        },
        ModelStatus::NotConfigured(message) => ModelsResponse {
            status: "not_configured",
            message: Some(message),
            models: Vec::new(),
        },
        ModelStatus::Failed(message) => ModelsResponse {
            status: "failed",
            message: Some(message),
            models: Vec::new(),
        },
    })
}
