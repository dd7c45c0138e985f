//! Wraps error responses that were not produced by our handlers — axum's 404/405,
//! tower-http's 408/413, a panic caught as 500 — in the same JSON envelope.

use axum::{
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::{code_for_status, ApiError};

pub async fn ensure_envelope(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let message = match String::from_utf8_lossy(&text).trim() {
        "" => status.canonical_reason().unwrap_or("error").to_lowercase(),
        m => m.to_owned(),
    };
    let mut rewritten = ApiError::new(status, code_for_status(status), message).into_response();
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = parts.headers.get(&name) {
            rewritten.headers_mut().insert(name, v.clone());
        }
    }
    if let Some(v) = parts.headers.get("x-request-id") {
        rewritten.headers_mut().insert("x-request-id", v.clone());
    }
    rewritten
}
