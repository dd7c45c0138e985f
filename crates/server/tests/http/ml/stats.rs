use axum::http::StatusCode;
use serde_json::Value;

use super::*;

/// Linear-interpolation percentile (numpy's default) of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = p * (sorted.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

/// The statistics recomputed from history rows.
fn expected(rows: &[Value]) -> Vec<(&'static str, f64)> {
    let mut times: Vec<f64> = rows
        .iter()
        .map(|r| r["processing_ms"].as_f64().unwrap())
        .collect();
    times.sort_by(f64::total_cmp);
    let col = |name: &str| -> Vec<f64> { rows.iter().filter_map(|r| r[name].as_f64()).collect() };
    let errors = rows
        .iter()
        .filter(|r| r["status_code"].as_u64().unwrap() >= 400)
        .count();
    vec![
        ("total_requests", rows.len() as f64),
        (
            "error_rate",
            if rows.is_empty() {
                0.0
            } else {
                errors as f64 / rows.len() as f64
            },
        ),
        ("mean_processing_time", mean(&times)),
        ("median_processing_time", percentile(&times, 0.5)),
        ("percentile_95_processing_time", percentile(&times, 0.95)),
        ("percentile_99_processing_time", percentile(&times, 0.99)),
        ("average_input_size", mean(&col("input_bytes"))),
        ("average_image_width", mean(&col("image_width"))),
        ("average_image_height", mean(&col("image_height"))),
    ]
}

#[track_caller]
fn assert_stats(stats: &Value, rows: &[Value]) {
    for (field, want) in expected(rows) {
        let got = stats[field]
            .as_f64()
            .unwrap_or_else(|| panic!("{field} missing in {stats}"));
        assert!(
            (got - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{field}: got {got}, recomputed {want}"
        );
    }
}

#[db_test]
async fn stats_match_the_history(MlApp(t): MlApp) {
    let student = t.student("learner@example.org").await;
    let (admin, _) = t.admin("root@example.org").await;

    let empty = t.get_ok("/api/v1/ml/stats", Some(&admin)).await;
    assert_stats(&empty, &[]);
    assert_eq!(empty["total_requests"], 0);
    assert_eq!(empty["models"], serde_json::json!([]));

    let r = t.get("/api/v1/ml/stats", Some(&student)).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden");

    for name in IMAGES {
        ml_forward(&t, Some(&student), &[image(fixture(name))]).await;
    }
    ml_forward(
        &t,
        Some(&student),
        &[image(fixture("cat.jpg")), image(fixture("coffee.jpg"))],
    )
    .await;
    ml_forward(&t, Some(&student), &[image(GIF.to_vec())]).await;
    ml_forward(&t, Some(&student), &[image(b"junk".to_vec())]).await;
    ml_forward(&t, Some(&student), &[image(png_bomb(90_000, 90_000))]).await;

    let rows = all_history(&t, &admin, "").await;
    assert_eq!(rows.len(), 9);
    let stats = t.get_ok("/api/v1/ml/stats", Some(&admin)).await;
    assert_stats(&stats, &rows);
    assert!(stats["error_rate"].as_f64().unwrap() > 0.3);

    // Per model: every row here was served by the one model.
    let models = stats["models"].as_array().unwrap();
    assert_eq!(models.len(), 1);
    assert_eq!(models[0]["name"], "efficientnet-lite0");
    assert_stats(&models[0], &rows);

    // A window: the root route and the /api/v1 route agree.
    let window = "from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z";
    let root = t.get(&format!("/stats?{window}"), Some(&admin)).await;
    assert_eq!(root.status, StatusCode::OK);
    assert_stats(&root.body, &rows);
    let none = t
        .get("/api/v1/ml/stats?from=2999-01-01T00:00:00Z", Some(&admin))
        .await;
    assert_stats(&none.body, &[]);
}
