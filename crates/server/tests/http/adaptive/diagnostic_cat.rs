//! The adaptive diagnostic: one question at a time until confident or at the maximum,
//! the result naming the weak modules with confidence; one start per learner and one
//! answer per question under races.

use axum::http::StatusCode;
use rstest::rstest;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

async fn adaptive_track(t: &TestApp, max: u32) -> String {
    let admin = build_track(t).await;
    new_settings(
        t,
        &admin,
        json!({"diagnostic_mode": "adaptive", "diagnostic_max_questions": max, "weakness": "mastery"}),
    )
    .await
    .expect_status(StatusCode::CREATED);
    admin
}

fn answer_for(q: &Value, right: bool) -> Value {
    let want = if right { "right" } else { "wrong" };
    let option = q["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == want)
        .unwrap();
    json!({"question_id": q["question_id"], "option_id": option["option_id"]})
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn adaptive_diagnostic_asks_one_at_a_time_and_names_the_weak_module(
    #[case] backend: Backend,
) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    adaptive_track(&t, 12).await;
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let beta = track.body["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Beta")
        .unwrap()["module_id"]
        .clone();
    let me = t.student("cat@example.org").await;
    let start = start(&t, &me, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(
        start["questions"].as_array().unwrap().len(),
        1,
        "one question at a time"
    );
    assert_error(
        &t.post(
            "/api/v1/diagnostika/submit",
            Some(&me),
            answers(&start["questions"], |_| true),
        )
        .await,
        StatusCode::CONFLICT,
        "diagnostic_is_adaptive",
    );
    let next = t
        .post_ok("/api/v1/diagnostika/next", Some(&me), json!({}))
        .await;
    assert_eq!(
        next["question"]["question_id"],
        start["questions"][0]["question_id"]
    );
    assert_eq!(
        (next["asked"].as_u64(), next["done"].as_bool()),
        (Some(1), Some(false))
    );

    // A question that is not the pending one, and an option of another question.
    let bad = t
        .post(
            "/api/v1/diagnostika/answer",
            Some(&me),
            json!({"question_id": 999999, "option_id": 1}),
        )
        .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    // Everything right except Beta.
    let mut question = next["question"].clone();
    let mut asked = Vec::new();
    let result = loop {
        asked.push(question["question_id"].as_i64().unwrap());
        let r = t
            .post_ok(
                "/api/v1/diagnostika/answer",
                Some(&me),
                answer_for(&question, question["module_id"] != beta),
            )
            .await;
        if r["done"] == true {
            assert!(r["question"].is_null());
            break r["result"].clone();
        }
        question = r["question"].clone();
        assert!(asked.len() < 12);
    };
    let distinct: std::collections::BTreeSet<i64> = asked.iter().copied().collect();
    assert_eq!(distinct.len(), asked.len(), "no question twice");
    assert!(asked.len() >= 3, "every module asked");
    assert_eq!(result["mode"], "adaptive");
    assert_eq!(result["total_q"].as_u64(), Some(asked.len() as u64));
    let weak = result["weak_modules"].as_array().unwrap();
    assert_eq!(weak.len(), 1, "{result}");
    assert_eq!(weak[0]["module_id"], beta);
    assert!(weak[0]["confidence"].as_f64().unwrap() > 0.5);
    assert!(["confident", "max_questions", "bank_exhausted"]
        .contains(&result["stop_reason"].as_str().unwrap()));

    // Answering again is a conflict; the stored result reads the same; content follows.
    let again = t
        .post(
            "/api/v1/diagnostika/answer",
            Some(&me),
            answer_for(&question, true),
        )
        .await;
    assert_error(&again, StatusCode::CONFLICT, "diagnostic_finished");
    let stored = t.get("/api/v1/diagnostika/result", Some(&me)).await;
    assert_eq!(stored.body["weak_modules"][0]["module_id"], beta);
    assert_eq!(stored.body["submitted"], true);
    let content = t
        .post_created("/api/v1/content/assign", Some(&me), json!({}))
        .await;
    let required: Vec<&Value> = content["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "required")
        .collect();
    assert_eq!(required[0]["module_id"], beta);
    let m = t.get("/api/v1/progress/mastery", Some(&me)).await;
    let answered: i64 = m.body["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["answers"].as_i64().unwrap())
        .sum();
    assert_eq!(
        answered as usize,
        asked.len(),
        "every answer reached the model"
    );
}

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn adaptive_diagnostic_races_have_one_winner(t: TestApp) {
    adaptive_track(&t, 12).await;
    let me = t.student("race-cat@example.org").await;
    t.get("/api/v1/progress/current-stage", Some(&me)).await;
    exactly_one(
        &fire(&t, "/api/v1/diagnostika/start", &me, json!({})).await,
        StatusCode::CREATED,
    );
    assert_eq!(rows(&t, "diagnostics").await, 1);
    let pending = t
        .post("/api/v1/diagnostika/next", Some(&me), json!({}))
        .await
        .body["question"]
        .clone();
    let body = answer_for(&pending, true);
    exactly_one(
        &fire(&t, "/api/v1/diagnostika/answer", &me, body).await,
        StatusCode::OK,
    );
    assert_eq!(rows(&t, "attempt_answers").await, 1);
    assert_eq!(
        rows(&t, "item_responses").await,
        1,
        "the model counted it once"
    );
    assert_eq!(rows(&t, "attempt_questions").await, 2, "one next question");
}

#[db_test]
async fn adaptive_fixed_diagnostic_has_no_steps(t: TestApp) {
    build_track(&t).await;
    let me = t.student("fixed@example.org").await;
    assert_error(
        &t.post("/api/v1/diagnostika/next", Some(&me), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "diagnostic_not_found",
    );
    let d = start(&t, &me, "diagnostika").await;
    assert_eq!(d.body["questions"].as_array().unwrap().len(), 6);
    assert_error(
        &t.post("/api/v1/diagnostika/next", Some(&me), json!({}))
            .await,
        StatusCode::CONFLICT,
        "diagnostic_not_adaptive",
    );
    let r = t
        .post(
            "/api/v1/diagnostika/submit",
            Some(&me),
            answers(&d.body["questions"], |_| true),
        )
        .await;
    assert_eq!(r.body["mode"], "fixed");
    assert_eq!(r.body["modules"].as_array().unwrap().len(), 3, "{}", r.body);
    assert_eq!(r.body["weak_modules"].as_array().unwrap().len(), 1);
}
