//! The demo's "ML Engineer" track installs once and supports the learner's path.

use axum::http::StatusCode;
use serde_json::json;

use super::support::*;
use crate::support::*;

#[db_test]
async fn adaptive_demo_track_installs_once_and_can_be_learned(t: TestApp) {
    let doc = practicum_server::demo::track::document;
    let summary = t
        .app
        .install_track(doc())
        .await
        .unwrap()
        .expect("installed");
    assert_eq!(summary.questions_created, 7 * 6 * 8);
    assert!(
        t.app.install_track(doc()).await.unwrap().is_none(),
        "idempotent"
    );
    let track = t.get("/api/v1/tracks/ml-engineer", None).await;
    assert_eq!(track.body["modules"].as_array().unwrap().len(), 6);
    assert_eq!(track.body["stages"].as_array().unwrap().len(), 7);
    assert_eq!(rows(&t, "articles WHERE kind = 'required'").await, 7 * 6);
    // The demo's settings version breaks weakness ties fairly (a new version).
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM settings_versions \
             WHERE settings LIKE '%\"tie_break\":\"fewer_asked_then_draw\"%'"
        )
        .await,
        1
    );

    // A learner takes the diagnostic, closes the reading and starts a 20-question exam.
    let me = t.student("demo-learner@example.org").await;
    let d = start(&t, &me, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(d["total_q"], 18);
    // Answer the demo's questions by looking up the correct option in the database.
    let correct = correct_options(&t).await;
    let pick = |q: &serde_json::Value| {
        let qid = q["question_id"].as_i64().unwrap();
        json!({"question_id": qid, "option_id": correct[&qid]})
    };
    let body =
        json!({"answers": d["questions"].as_array().unwrap().iter().map(pick).collect::<Vec<_>>()});
    let r = t.post("/api/v1/diagnostika/submit", Some(&me), body).await;
    assert_eq!(r.body["score_total"], 18, "{}", r.body);
    let c = t
        .post_created("/api/v1/content/assign", Some(&me), json!({}))
        .await;
    for item in c["items"].as_array().unwrap() {
        let id = &item["id"];
        if item["kind"] == "optional" {
            t.post(&format!("/api/v1/content/{id}/read"), Some(&me), json!({}))
                .await;
            continue;
        }
        let m = t
            .get(&format!("/api/v1/content/{id}/minitest"), Some(&me))
            .await;
        assert_eq!(m.body["total_q"], 3, "{}", m.body);
        let body = json!({"answers": m.body["questions"].as_array().unwrap().iter().map(pick).collect::<Vec<_>>()});
        let r = submit_minitest(&t, &me, id, body).await;
        assert_eq!(r.body["passed"], true, "{}", r.body);
    }
    let exam = start(&t, &me, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(exam["total_q"], 20);
}

async fn correct_options(t: &TestApp) -> std::collections::HashMap<i64, i64> {
    use practicum_store::Session;
    use sqlx::Row;
    let mut conn = t.db.db.read().await.unwrap();
    sqlx::query("SELECT question_id, id FROM question_options WHERE is_correct = TRUE")
        .fetch_all(conn.conn())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("question_id").unwrap(), r.try_get("id").unwrap()))
        .collect()
}
