//! Makes the request id (set by tower-http's `SetRequestId`) available to code that has no
//! access to the request, such as the 500 envelope.

use axum::{extract::Request, middleware::Next, response::Response};

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled on this task, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

pub async fn scope_request_id(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // The store's copy: slow-query log lines carry the id of the request that ran them.
    let store_scope = practicum_app::with_request_id(&id, next.run(req));
    REQUEST_ID.scope(id, store_scope).await
}
