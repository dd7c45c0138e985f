//! A small track built through the admin API: trainee + junior, three modules, four
//! questions per module and stage (the correct option is always the text "right"), an
//! optional and a required article (two mini-test questions) per module and stage.

use axum::http::StatusCode;
use practicum_store::Session;
use serde_json::{json, Value};
use sqlx::Row;

use crate::support::*;

pub const SLUG: &str = "ml-test";
pub const MODULES: [&str; 3] = ["Alpha", "Beta", "Gamma"];
pub const STAGES: [&str; 4] = ["trainee_0", "junior_1", "junior_2", "junior_3"];

pub fn settings() -> Value {
    json!({
        "content_k_weak_modules": 1,
        "content_optional_per_module": 1,
        "content_required_per_weak_module": 1,
        "minitest_questions": 2,
        "minitest_pass_correct": 2,
        "diagnostic_questions_per_module": 2,
        "level_exam_questions": 6,
        "min_questions_per_module": 1,
        "max_questions_per_module": 4,
        "level_exam_pass_pct": 60,
        "rank_final_questions": 6,
        "rank_final_pass_pct": 60
    })
}

fn question(module: &str, stage: &str, i: usize) -> Value {
    json!({
        "module": module, "stage": stage, "text": format!("{stage} {module} question {i}"),
        "difficulty": (i % 5) + 1,
        "options": [{"text": "wrong"}, {"text": "right", "is_correct": true}, {"text": "also wrong"}]
    })
}

fn minitest_question(i: usize) -> Value {
    json!({"text": format!("check {i}"), "options": [{"text": "right", "is_correct": true}, {"text": "wrong"}]})
}

pub fn import_document() -> Value {
    let mut questions = Vec::new();
    let mut articles = Vec::new();
    for stage in STAGES {
        for module in MODULES {
            for i in 0..4 {
                questions.push(question(module, stage, i));
            }
            articles.push(json!({"module": module, "stage": stage, "kind": "optional",
                "title": format!("Read about {module} at {stage}"), "markdown": "# Notes"}));
            articles.push(json!({"module": module, "stage": stage, "kind": "required",
                "title": format!("Master {module} at {stage}"), "markdown": "# Must read",
                "minitest": [minitest_question(1), minitest_question(2)]}));
        }
    }
    json!({"modules": MODULES, "questions": questions, "articles": articles})
}

/// Builds and publishes the track; returns the admin-scoped token.
pub async fn build_track(t: &TestApp) -> String {
    let (_, admin) = t.admin("admin@example.org").await;
    let r = t
        .post(
            "/api/v1/admin/tracks",
            Some(&admin),
            json!({"slug": SLUG, "title": "ML test track", "ranks": ["trainee", "junior"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = t
        .post(
            &format!("/api/v1/admin/tracks/{SLUG}/import"),
            Some(&admin),
            import_document(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = t
        .post(
            &format!("/api/v1/admin/tracks/{SLUG}/settings"),
            Some(&admin),
            settings(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = t
        .patch(
            &format!("/api/v1/admin/tracks/{SLUG}"),
            Some(&admin),
            json!({"is_published": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    admin
}

/// Answers every question: the "right" option when `correct(question)` says so.
pub fn answers(questions: &Value, correct: impl Fn(&Value) -> bool) -> Value {
    let answers: Vec<Value> = questions
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            let want = if correct(q) { "right" } else { "wrong" };
            let option = q["options"]
                .as_array()
                .expect("options")
                .iter()
                .find(|o| o["text"] == want)
                .expect("option");
            json!({"question_id": q["question_id"], "option_id": option["option_id"]})
        })
        .collect();
    json!({ "answers": answers })
}

/// Closes every assigned article: reads the optional ones, passes the mini-tests.
pub async fn close_content(t: &TestApp, token: &str) {
    let my = t.get("/api/v1/content/my", Some(token)).await;
    assert_eq!(my.status, StatusCode::OK, "{}", my.body);
    for item in my.body["items"].as_array().expect("items") {
        let id = &item["id"];
        if item["kind"] == "optional" {
            let r = t
                .post(
                    &format!("/api/v1/content/{id}/read"),
                    Some(token),
                    json!({}),
                )
                .await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        } else {
            let m = t
                .get(&format!("/api/v1/content/{id}/minitest"), Some(token))
                .await;
            assert_eq!(m.status, StatusCode::OK, "{}", m.body);
            let r = t
                .post(
                    &format!("/api/v1/content/{id}/minitest/submit"),
                    Some(token),
                    answers(&m.body["questions"], |_| true),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert_eq!(r.body["closed"], true);
        }
    }
}

/// Passes the level exam of the learner's stage (content closed first).
pub async fn pass_level(t: &TestApp, token: &str) -> Value {
    let r = t
        .post("/api/v1/content/assign", Some(token), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    close_content(t, token).await;
    let exam = t
        .post("/api/v1/exams/level/start", Some(token), json!({}))
        .await;
    assert_eq!(exam.status, StatusCode::CREATED, "{}", exam.body);
    let r = t
        .post(
            &format!("/api/v1/exams/level/{}/submit", exam.body["attempt_id"]),
            Some(token),
            answers(&exam.body["questions"], |_| true),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["passed"], true);
    r.body
}

/// A learner at trainee_0 with the diagnostic submitted (all correct).
pub async fn learner_after_diagnostic(t: &TestApp, email: &str) -> String {
    let token = t.student(email).await;
    let d = t
        .post("/api/v1/diagnostika/start", Some(&token), json!({}))
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let r = t
        .post(
            "/api/v1/diagnostika/submit",
            Some(&token),
            answers(&d.body["questions"], |_| true),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    token
}

/// A learner at trainee_0 whose diagnostic got every question of `module` (a name of
/// [`MODULES`]) wrong and the rest right: that module is strictly the weakest, whatever
/// the tie rule.
pub async fn learner_weak_in(t: &TestApp, email: &str, module: &str) -> String {
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let module_id = track.body["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["name"] == module)
        .expect("module")["module_id"]
        .clone();
    let token = t.student(email).await;
    let d = t
        .post("/api/v1/diagnostika/start", Some(&token), json!({}))
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let r = t
        .post(
            "/api/v1/diagnostika/submit",
            Some(&token),
            answers(&d.body["questions"], |q| q["module_id"] != module_id),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    token
}

/// Counts rows with a query returning `n`.
pub async fn count(t: &TestApp, sql: &str) -> i64 {
    let mut conn = t.db.db.read().await.expect("read");
    sqlx::query(sql)
        .fetch_one(conn.conn())
        .await
        .expect("count")
        .try_get::<i64, _>("n")
        .expect("n")
}
