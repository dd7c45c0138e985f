use axum::http::StatusCode;

use crate::support::*;

#[db_test]
async fn health_metrics_and_docs(t: TestApp) {
    let live = t.get("/health/live", None).await;
    assert_eq!(
        (live.status, live.body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );

    let ready = t.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["checks"]["database"], "ok");
    let backend_name = if backend == Backend::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    assert_eq!(ready.body["checks"]["database_backend"], backend_name);

    t.me(None).await;
    let metrics = t.get("/metrics", None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = String::from_utf8(metrics.bytes).unwrap();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/api/v1/auth/me",status="401"}"#),
        "{text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("db_pool_connections"), "{text}");

    super::docs_page(&t).await;
    // The UI must point at our document, or it renders an empty page.
    let init = t.get("/docs/swagger-initializer.js", None).await;
    assert!(String::from_utf8(init.bytes)
        .unwrap()
        .contains("/api/openapi.json"));
    let doc = t.get("/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["paths"]["/api/v1/auth/login"]["post"].is_object());
}

#[db_test]
async fn readiness_reports_a_database_that_is_down(t: TestApp) {
    t.db.db.close().await;
    let ready = t.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["status"], "not_ready");
}
