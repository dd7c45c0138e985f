//! Every mini-test try is stored; the learner lists their own tries; a pass stays.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

async fn required_article(t: &TestApp, token: &str) -> Value {
    t.post_created("/api/v1/content/assign", Some(token), json!({}))
        .await;
    let my = t.get("/api/v1/content/my", Some(token)).await;
    my.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "required")
        .cloned()
        .expect("a required article")
}

async fn take(t: &TestApp, token: &str, id: &Value, right: bool) -> (Value, Value) {
    let m = t
        .get_ok(&format!("/api/v1/content/{id}/minitest"), Some(token))
        .await;
    let body = answers(&m["questions"], |_| right);
    let r = submit_minitest(t, token, id, body.clone())
        .await
        .expect_status(StatusCode::OK);
    (r, body)
}

/// `(question, option, is_correct)` of each answer of `list`.
fn graded(list: &Value, is_correct: impl Fn(&Value) -> Value) -> Vec<(Value, Value, Value)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["question_id"].clone(),
                a["option_id"].clone(),
                is_correct(a),
            )
        })
        .collect()
}

#[db_test]
async fn adaptive_minitest_tries_are_stored_and_listed(t: TestApp) {
    build_track(&t).await;
    let me = learner_weak_in(&t, "tries@example.org", "Beta").await;
    let article = required_article(&t, &me).await;
    let id = &article["id"];
    let list_path = format!("/api/v1/content/{id}/minitest/attempts");

    let r = t.get_ok(&list_path, Some(&me)).await;
    assert_eq!(r["items"], json!([]));
    assert_eq!(r["passed"], false);

    let (failed, failed_answers) = take(&t, &me, id, false).await;
    assert_eq!(failed["passed"], false);
    assert_eq!(failed["closed"], false);
    let (passed, _) = take(&t, &me, id, true).await;
    assert_eq!(passed["passed"], true);
    assert_eq!(passed["closed"], true);
    let (retake, _) = take(&t, &me, id, false).await;
    assert_eq!(retake["passed"], false);
    assert_eq!(retake["closed"], true, "a pass is sticky");

    let r = t.get_ok(&list_path, Some(&me)).await;
    assert_eq!(r["passed"], true);
    let items = r["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let ids: Vec<&Value> = items.iter().map(|i| &i["attempt_id"]).collect();
    assert_eq!(
        ids,
        [
            &failed["attempt_id"],
            &passed["attempt_id"],
            &retake["attempt_id"]
        ]
    );
    let outcomes: Vec<&Value> = items.iter().map(|i| &i["passed"]).collect();
    assert_eq!(outcomes, [&json!(false), &json!(true), &json!(false)]);
    assert_eq!(items[0]["stage"], "trainee_0");
    assert_eq!(items[1]["correct"], items[1]["total"]);
    assert_eq!(items[0]["correct"], 0);
    // The stored answers are the submitted ones, graded.
    let stored = graded(&items[0]["answers"], |a| a["is_correct"].clone());
    let sent = graded(&failed_answers["answers"], |_| json!(false));
    assert_eq!(stored, sent);
    assert_eq!(rows(&t, "minitest_attempts").await, 3);

    // Another learner with the same article sees none of these tries.
    let other = learner_weak_in(&t, "other@example.org", "Beta").await;
    let theirs = required_article(&t, &other).await;
    assert_eq!(theirs["id"], *id, "same diagnostic, same weakest module");
    let r = t
        .get_ok(
            &format!("/api/v1/content/{}/minitest/attempts", theirs["id"]),
            Some(&other),
        )
        .await;
    assert_eq!(r["items"], json!([]));
    let r = t
        .get("/api/v1/content/999999/minitest/attempts", Some(&other))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "minitest_not_found");
    let r = t.get(&list_path, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
