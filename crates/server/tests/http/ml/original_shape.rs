//! The standalone model service's clients: `GET /history` at the root in the original
//! field names with each row's `request_type`, and a form-urlencoded `data` field on
//! `/forward` (issue 12, items 11 and 12).

use axum::http::StatusCode;
use serde_json::json;

use super::*;

async fn forward_form(t: &TestApp, token: &str, body: &str) -> Response {
    t.post_form("/forward", Some(token), body).await
}

#[db_test]
async fn a_form_urlencoded_data_field_is_echoed_like_the_multipart_one(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    // `{"x":[1,2],"y":"a b"}`, percent-encoded.
    let r = forward_form(
        &t,
        &token,
        "data=%7B%22x%22%3A%5B1%2C2%5D%2C%22y%22%3A%22a+b%22%7D",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["result"]["received_data"],
        json!({"x": [1, 2], "y": "a b"})
    );
    let multipart = post_multipart(
        &t,
        "/forward",
        Some(&token),
        &[("data", None, br#"{"x":[1,2],"y":"a b"}"#.to_vec())],
    )
    .await;
    assert_eq!(
        multipart.body["result"], r.body["result"],
        "the same answer"
    );
    let r = forward_form(&t, &token, "data=%7Bnot+json").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "invalid_json");
    let r = forward_form(&t, &token, "other=1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[db_test]
async fn the_root_history_answers_in_the_original_shape(MlApp(t): MlApp) {
    let token = t.student("learner@example.org").await;
    let (admin, _) = t.admin("root@example.org").await;
    let cat = fixture("cat.jpg");
    let cat_len = cat.len();
    let r = post_multipart(&t, "/forward", Some(&token), &[image(cat)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = forward_form(&t, &token, "data=%7B%22k%22%3A1%7D").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = ml_forward(&t, Some(&token), &[("data", None, b"{broken".to_vec())]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let h = t.get_ok("/history", Some(&admin)).await;
    assert_eq!(h["total"], 3);
    let items = h["items"].as_array().unwrap();
    // Newest first: the broken echo, the echo, the image.
    let (broken, echo, img) = (&items[0], &items[1], &items[2]);
    for item in items {
        for key in [
            "request_type",
            "processing_time",
            "input_data_size",
            "image_width",
            "image_height",
            "status_code",
            "result",
            "error_message",
            "created_at",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["processing_time"].as_f64().unwrap() >= 0.0);
        assert!(item["created_at"].is_string());
    }
    assert_eq!(img["request_type"], "image_classification");
    assert_eq!(img["status_code"], 200);
    assert_eq!(img["input_data_size"], cat_len);
    assert!(img["image_width"].as_i64().unwrap() > 0);
    assert!(img["image_height"].as_i64().unwrap() > 0);
    assert!(img["result"][0]["class"].is_string(), "{img}");
    assert!(img["error_message"].is_null());

    assert_eq!(echo["request_type"], "json_echo");
    assert_eq!(echo["status_code"], 200);
    assert_eq!(echo["result"], json!({"k": 1}));
    assert!(echo["image_width"].is_null());

    assert_eq!(broken["request_type"], "json_echo");
    assert_eq!(broken["status_code"], 400);
    assert!(broken["result"].is_null());
    assert!(broken["error_message"].as_str().unwrap().contains("JSON"));

    // The /api/v1 history keeps its names, and records the type too.
    let v1 = t.get("/api/v1/ml/history", Some(&admin)).await;
    assert_eq!(v1.body["items"][2]["processing_ms"], img["processing_time"]);
    assert_eq!(v1.body["items"][2]["request_type"], "image_classification");
    assert!(v1.body["items"][0].get("processing_time").is_none());
}
