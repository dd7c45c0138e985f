mod access_log;
mod backup;
mod cli;
mod compatibility;
mod db_metrics;
mod demo;
mod envelope;
mod health;
mod metrics;
mod migrations;
mod openapi;
mod replica;
mod security;
mod slow_clients;
mod user_rate_limits;
mod web_app;

use axum::http::{header, StatusCode};

use crate::support::{Response, TestApp};

/// `GET /docs/`: Swagger UI's HTML page.
async fn docs_page(t: &TestApp) -> Response {
    let docs = t.get("/docs/", None).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    docs
}
