//! Serving conditions that need a stand-in classifier: a full queue, a model that failed.

use std::sync::Arc;

use axum::http::{header, StatusCode};
use practicum_app::{
    ml::ModelState,
    ports::{BoxFuture, Classifier, ClassifyError, ImageClassification, ModelDescription},
};
use rstest::rstest;

use super::*;

/// A classifier whose queue is always full.
struct Saturated;

impl Classifier for Saturated {
    fn model(&self) -> ModelDescription {
        ModelDescription {
            name: "saturated".into(),
            version: "0".into(),
            input_size: 224,
            classes: 1000,
            workers: 1,
            max_batch: 1,
            device: "cpu".into(),
        }
    }

    fn classify(
        &self,
        _image: Vec<u8>,
        _top_k: usize,
    ) -> BoxFuture<'_, Result<ImageClassification, ClassifyError>> {
        Box::pin(async { Err(ClassifyError::QueueFull) })
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_full_queue_is_503_with_retry_after_and_recorded(#[case] backend: Backend) {
    let Some(t) = start_with_model(backend, ModelState::Ready(Arc::new(Saturated)), limits()).await
    else {
        return;
    };
    let token = t.student("learner@example.org").await;
    let r = ml_forward(&t, Some(&token), &[image(fixture("cat.jpg"))]).await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "inference_queue_full");
    assert_eq!(r.headers[header::RETRY_AFTER], "1");
    let (admin, _) = t.admin("root@example.org").await;
    let rows = all_history(&t, &admin, "").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status_code"], 503);
    assert_eq!(rows[0]["model_name"], "saturated");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_configured_model_that_failed_makes_readiness_fail(#[case] backend: Backend) {
    let failed = ModelState::Failed("the model in /nowhere failed to load".into());
    let Some(t) = start_with_model(backend, failed, limits()).await else {
        return;
    };
    let ready = t.get("/health/ready", None).await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );
    assert!(ready.body["checks"]["model"]
        .as_str()
        .unwrap()
        .starts_with("error:"));
    let token = t.student("learner@example.org").await;
    let r = ml_forward(&t, Some(&token), &[image(fixture("cat.jpg"))]).await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "model_unavailable");
    // The server still serves everything else.
    assert_eq!(t.get("/health/live", None).await.status, StatusCode::OK);
}
