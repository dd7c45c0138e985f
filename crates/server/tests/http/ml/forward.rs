use axum::http::{Method, StatusCode};
use rstest::rstest;
use serde_json::json;

use super::*;

#[db_test]
async fn real_predictions_match_the_reference(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    for name in IMAGES {
        let r = ml_forward(&t, Some(&token), &[image(fixture(name))]).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        let (index, label, probability) = expected_top1(name);
        let result = &r.body["result"];
        assert_eq!(result["top_class"], label.as_str(), "{name}");
        assert_eq!(result["predictions"][0]["index"], index, "{name}");
        assert_eq!(result["predictions"][0]["class"], label.as_str(), "{name}");
        let p = result["top_probability"].as_f64().unwrap();
        assert!(
            (p - probability).abs() < 0.02,
            "{name}: {p} vs {probability}"
        );
        let predictions = result["predictions"].as_array().unwrap();
        assert_eq!(predictions.len(), 5, "default top_k");
        assert!(predictions
            .windows(2)
            .all(|w| w[0]["probability"].as_f64() >= w[1]["probability"].as_f64()));
        assert_eq!(r.body["model"]["name"], "efficientnet-lite0");
    }
    let (_, admin) = t.admin("root@example.org").await;
    let rows = all_history(&t, &admin, "").await;
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["status_code"] == 200
        && r["image_width"].as_i64().unwrap() > 0
        && r["input_bytes"].as_i64().unwrap() > 0
        && r["result"].as_array().is_some_and(|a| a.len() == 5)
        && r["model_name"] == "efficientnet-lite0"));
}

#[db_test]
async fn several_images_and_top_k(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    let r = ml_forward(
        &t,
        Some(&token),
        &[
            image(fixture("cat.jpg")),
            image(fixture("dog.jpg")),
            ("top_k", None, b"3".to_vec()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["top_class"], expected_top1("cat.jpg").1.as_str());
    assert_eq!(results[1]["top_class"], expected_top1("dog.jpg").1.as_str());
    assert!(results
        .iter()
        .all(|r| r["predictions"].as_array().unwrap().len() == 3));
    assert_eq!(r.body["result"], results[0]);

    let bad = ml_forward(
        &t,
        Some(&token),
        &[image(fixture("cat.jpg")), ("top_k", None, b"21".to_vec())],
    )
    .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    let many: Vec<Part<'_>> = (0..9).map(|_| image(fixture("cat.jpg"))).collect();
    let r = ml_forward(&t, Some(&token), &many).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "too_many_images");

    let (_, admin) = t.admin("root@example.org").await;
    let rows = all_history(&t, &admin, "").await;
    let statuses: Vec<i64> = rows
        .iter()
        .map(|r| r["status_code"].as_i64().unwrap())
        .collect();
    // One row per classified image, one per refused call.
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 2);
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == 413).count(), 1);
}

#[db_test]
async fn data_is_echoed_and_invalid_json_is_400(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    let r = ml_forward(
        &t,
        Some(&token),
        &[("data", None, br#"{"x": [1, 2], "y": "z"}"#.to_vec())],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["result"]["received_data"],
        json!({"x": [1, 2], "y": "z"})
    );
    assert!(r.body["result"]["message"].is_string());

    let r = ml_forward(&t, Some(&token), &[("data", None, b"{not json".to_vec())]).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "invalid_json");

    let r = ml_forward(&t, None, &[image(fixture("cat.jpg"))]).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
}

/// Each bad input gets its status and a clear error, and is recorded with that status.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn bad_input_matrix_is_answered_and_recorded(#[case] backend: Backend) {
    let Some(t) = start_ml_with(
        backend,
        MlLimits {
            max_image_bytes: 16 * 1024,
            ..limits()
        },
    )
    .await
    else {
        return;
    };
    let token = t.student("learner@example.org").await;
    let (_, admin) = t.admin("root@example.org").await;
    let mut random = vec![0u8; 4096];
    for (i, b) in random.iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    let large = fixture("coffee.jpg");
    assert!(
        large.len() > 16 * 1024,
        "the oversize case needs a large fixture"
    );
    let mut truncated = fixture("dog.jpg");
    truncated.truncate(2000);
    let cases: Vec<(&str, Vec<Part<'_>>, StatusCode, &str)> = vec![
        ("nothing", vec![], StatusCode::BAD_REQUEST, "empty_input"),
        (
            "empty file",
            vec![image(Vec::new())],
            StatusCode::BAD_REQUEST,
            "empty_input",
        ),
        (
            "random bytes",
            vec![image(random)],
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_an_image",
        ),
        (
            "truncated",
            vec![image(truncated)],
            StatusCode::UNPROCESSABLE_ENTITY,
            "truncated_image",
        ),
        (
            "gif",
            vec![image(GIF.to_vec())],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image_format",
        ),
        (
            "oversize",
            vec![image(large)],
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
        ),
        (
            "bomb",
            vec![image(png_bomb(100_000, 100_000))],
            StatusCode::UNPROCESSABLE_ENTITY,
            "decompression_bomb",
        ),
    ];
    for (i, (what, parts, status, code)) in cases.into_iter().enumerate() {
        let r = ml_forward(&t, Some(&token), &parts).await;
        assert_error(&r, status, code);
        assert!(
            r.body["error"]["message"].as_str().unwrap().len() > 10,
            "{what}: {}",
            r.body
        );
        let rows = all_history(&t, &admin, "").await;
        assert_eq!(rows.len(), i + 1, "{what}: one row per call");
        assert_eq!(rows[0]["status_code"], status.as_u16(), "{what}");
        assert_eq!(rows[0]["error_code"], code, "{what}");
        assert!(rows[0]["result"].is_null(), "{what}");
    }
    // A body that is not multipart at all is "nothing sent" too.
    let r = t
        .call(Method::POST, "/api/v1/ml/forward", Some(&token), None)
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "empty_input");
}

#[db_test]
async fn without_a_model_the_server_runs_and_says_how_to_enable_it(t: TestApp) {
    let token = t.student("learner@example.org").await;
    let r = ml_forward(&t, Some(&token), &[image(fixture("cat.jpg"))]).await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "model_unavailable");
    let message = r.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("scripts/fetch-onnxruntime.sh"),
        "{message}"
    );
    assert!(message.contains("MODEL_DIR"), "{message}");

    let ready = t.get_ok("/health/ready", None).await;
    assert_eq!(ready["checks"]["model"], "not configured");

    let models = t.get("/api/v1/ml/models", None).await;
    assert_eq!(models.status, StatusCode::OK);
    assert_eq!(models.body["status"], "not_configured");
    assert_eq!(models.body["models"], json!([]));
}

#[db_test]
async fn models_and_readiness_with_a_model(MlApp(t): MlApp) {
    let models = t.get("/api/v1/ml/models", None).await;
    assert_eq!(models.status, StatusCode::OK);
    assert_eq!(models.body["status"], "ready");
    assert_eq!(models.body["models"][0]["name"], "efficientnet-lite0");
    assert_eq!(models.body["models"][0]["classes"], 1000);
    let ready = t.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["checks"]["model"], "ok");
}
