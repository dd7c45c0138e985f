//! The model service's metrics: inference and preprocessing time, batch size, queue
//! depth, refusals by reason, top-1 classes with bounded cardinality, readiness.

use axum::http::StatusCode;

use super::*;

/// The value of the series whose line starts with `prefix` (name and labels), summed.
fn value(text: &str, prefix: &str) -> f64 {
    text.lines()
        .filter(|l| l.starts_with(prefix))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[db_test]
async fn the_model_service_is_measured(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    let before = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    // A fresh app: no class predicted yet, only the `other` series at 0.
    assert_eq!(value(&before, "model_predictions_total{"), 0.0);
    assert!(before.contains("model_predictions_total{class=\"other\"} 0"));
    let refused = value(&before, "model_refusals_total{reason=\"not_an_image\"}");
    let runs = value(&before, "model_inference_duration_seconds_count");

    for name in IMAGES {
        let r = ml_forward(&t, Some(&token), &[image(fixture(name))]).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
    }
    let r = ml_forward(&t, Some(&token), &[image(b"not an image at all".to_vec())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    // Each reference image's top-1 label is counted under its own name; four in all.
    let mut expected: Vec<String> = IMAGES.iter().map(|i| expected_top1(i).1).collect();
    expected.sort();
    for label in &expected {
        let n = expected.iter().filter(|l| *l == label).count() as f64;
        let series = format!("model_predictions_total{{class=\"{label}\"}} ");
        assert_eq!(value(&text, &series), n, "{label} in\n{text}");
    }
    assert_eq!(value(&text, "model_predictions_total{"), 4.0);
    assert!(text.contains("model_predictions_total{class=\"other\"} 0"));
    // The refusal, by its reason.
    assert_eq!(
        value(&text, "model_refusals_total{reason=\"not_an_image\"}"),
        refused + 1.0
    );
    // Model runs (other tests share this process's model and recorder: at least ours).
    assert!(value(&text, "model_inference_duration_seconds_count") >= runs + 4.0);
    assert!(text.contains("model_inference_duration_seconds_bucket{le=\"0.1\"}"));
    assert!(text.contains("model_preprocess_duration_seconds_bucket{le="));
    assert!(text.contains("model_batch_size_bucket{le=\"1\"}"));
    assert!(text.lines().any(|l| l.starts_with("model_queue_depth ")));
    assert_eq!(value(&text, "model_ready "), 1.0);
    assert_eq!(value(&text, "model_configured "), 1.0);
}

#[db_test]
async fn no_model_reads_as_not_configured(t: TestApp) {
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert_eq!(value(&text, "model_configured "), 0.0);
    assert_eq!(value(&text, "model_ready "), 0.0);
}
