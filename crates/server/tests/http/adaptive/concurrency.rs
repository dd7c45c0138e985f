//! Twenty identical requests at once: exactly one wins, and the database holds one row.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn adaptive_races_have_exactly_one_winner(t: TestApp) {
    let admin = build_track(&t).await;
    let me = t.student("racer@example.org").await;

    // Diagnostic start (the first adaptive request also places the learner).
    exactly_one(
        &fire(&t, "/api/v1/diagnostika/start", &me, json!({})).await,
        StatusCode::CREATED,
    );
    assert_eq!(rows(&t, "diagnostics").await, 1);
    assert_eq!(rows(&t, "attempts WHERE kind = 'diagnostic'").await, 1);
    assert_eq!(rows(&t, "stage_progress").await, 1);
    let d = t.get("/api/v1/diagnostika/result", Some(&me)).await;
    assert_eq!(d.body["submitted"], false);

    // The rest of the path with a second learner whose diagnostic is submitted.
    let me = learner_after_diagnostic(&t, "racer2@example.org").await;

    // Content assignment.
    exactly_one(
        &fire(&t, "/api/v1/content/assign", &me, json!({})).await,
        StatusCode::CREATED,
    );
    assert_eq!(
        rows(&t, "content_batches b JOIN users u ON u.id = b.user_id WHERE u.email = 'racer2@example.org'").await,
        1
    );
    close_content(&t, &me).await;

    // Exam start.
    exactly_one(
        &fire(&t, "/api/v1/exams/level/start", &me, json!({})).await,
        StatusCode::CREATED,
    );
    assert_eq!(rows(&t, "attempts WHERE kind = 'level'").await, 1);
    let attempt = count(&t, "SELECT MAX(id) AS n FROM attempts WHERE kind = 'level'").await;

    // Exam submit: the winner's questions are read back from the database (the losers
    // got no attempt, and a new start is refused while this one is open).
    let questions = attempt_questions(&t, attempt).await;
    let body = answers(&questions, |_| true);
    let statuses = fire(
        &t,
        &format!("/api/v1/exams/level/{attempt}/submit"),
        &me,
        body,
    )
    .await;
    exactly_one(&statuses, StatusCode::OK);
    assert_eq!(rows(&t, "approval_requests").await, 1);
    assert_eq!(
        rows(&t, &format!("attempt_answers WHERE attempt_id = {attempt}")).await,
        6
    );

    // Approval decision.
    let id = count(&t, "SELECT MAX(id) AS n FROM approval_requests").await;
    let statuses = fire(
        &t,
        &format!("/api/v1/admin/approvals/{id}/approve"),
        &admin,
        json!({}),
    )
    .await;
    exactly_one(&statuses, StatusCode::OK);
    assert_eq!(
        rows(&t, "stage_progress p JOIN users u ON u.id = p.user_id WHERE u.email = 'racer2@example.org' AND p.status = 'active'").await,
        1
    );
}

/// The attempt's questions with their options, as the learner received them.
async fn attempt_questions(t: &TestApp, attempt: i64) -> Value {
    use practicum_store::Session;
    use sqlx::Row;
    let mut conn = t.db.db.read().await.unwrap();
    let rows = sqlx::query(
        "SELECT q.question_id, o.id AS option_id, o.text FROM attempt_questions q \
         JOIN question_options o ON o.question_id = q.question_id WHERE q.attempt_id = $1 \
         ORDER BY q.position, o.position",
    )
    .bind(attempt)
    .fetch_all(conn.conn())
    .await
    .unwrap();
    let mut out: Vec<Value> = Vec::new();
    for r in rows {
        let qid: i64 = r.try_get("question_id").unwrap();
        let option = json!({"option_id": r.try_get::<i64, _>("option_id").unwrap(), "text": r.try_get::<String, _>("text").unwrap()});
        match out.iter_mut().find(|q| q["question_id"] == qid) {
            Some(q) => q["options"].as_array_mut().unwrap().push(option),
            None => out.push(json!({"question_id": qid, "options": [option]})),
        }
    }
    Value::Array(out)
}
