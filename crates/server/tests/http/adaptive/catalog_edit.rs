//! Admin edits and deletions of modules, questions and articles. What learner history
//! refers to is held by foreign keys: deleting it is 409, never a silent loss.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

async fn delete(t: &TestApp, path: &str, token: Option<&str>) -> crate::support::Response {
    t.call(Method::DELETE, path, token, None).await
}

async fn id(t: &TestApp, sql: &str) -> i64 {
    let n = count(t, sql).await;
    assert!(n > 0, "no row for {sql}");
    n
}

fn q_path(id: i64) -> String {
    format!("/api/v1/admin/tracks/{SLUG}/questions/{id}")
}

fn options(correct: &[bool]) -> Value {
    json!(correct
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"text": format!("option {i}"), "is_correct": c}))
        .collect::<Vec<_>>())
}

/// A question nobody was asked and no mini-test uses.
const FREE_QUESTION: &str = "SELECT MIN(id) AS n FROM questions \
     WHERE id NOT IN (SELECT question_id FROM attempt_questions) \
     AND id NOT IN (SELECT question_id FROM article_questions)";

#[db_test]
async fn adaptive_admin_edits_and_deletes_questions(t: TestApp) {
    let admin = build_track(&t).await;
    let learner = learner_after_diagnostic(&t, "history@example.org").await;

    // A question asked (and answered) in the diagnostic: kept.
    let asked = id(&t, "SELECT MIN(question_id) AS n FROM attempt_answers").await;
    let r = delete(&t, &q_path(asked), Some(&admin)).await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("retire"));
    let r = t
        .patch(
            &q_path(asked),
            Some(&admin),
            json!({"options": options(&[true, false])}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    // Its text and activity may change; the attempt keeps the question.
    t.patch(
        &q_path(asked),
        Some(&admin),
        json!({"text": "Reworded", "difficulty": 5, "is_active": false}),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(
        rows(
            &t,
            &format!(
                "questions WHERE id = {asked} \
                 AND text = 'Reworded' AND difficulty = 5"
            )
        )
        .await,
        1
    );
    t.get_ok("/api/v1/diagnostika/result", Some(&learner)).await;

    // An unreferenced question: options replaced (exactly one correct), then deleted.
    let free = id(&t, FREE_QUESTION).await;
    let r = t
        .patch(
            &q_path(free),
            Some(&admin),
            json!({"options": options(&[true, true, false])}),
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(error_fields(&r), ["options"]);
    let r = t
        .patch(
            &q_path(free),
            Some(&admin),
            json!({"difficulty": 9, "text": " "}),
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(error_fields(&r), ["text", "difficulty"]);
    t.patch(
        &q_path(free),
        Some(&admin),
        json!({"options": options(&[false, false, true, false])}),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM question_options WHERE question_id = {free} AND position = 2"
    );
    assert_eq!(count(&t, &sql).await, 1);
    assert_eq!(
        rows(&t, &format!("question_options WHERE question_id = {free}")).await,
        4
    );
    delete(&t, &q_path(free), Some(&admin))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(rows(&t, &format!("questions WHERE id = {free}")).await, 0);
    let r = delete(&t, &q_path(free), Some(&admin)).await;
    assert_error(&r, StatusCode::NOT_FOUND, "question_not_found");
    let r = t
        .patch(&q_path(free), Some(&admin), json!({"text": "gone"}))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "question_not_found");

    // Only an admin-scoped token may edit.
    let other = id(&t, FREE_QUESTION).await;
    let r = delete(&t, &q_path(other), Some(&learner)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = delete(&t, &q_path(other), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = t
        .patch(&q_path(other), Some(&learner), json!({"text": "hijack"}))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(rows(&t, &format!("questions WHERE id = {other}")).await, 1);
}

#[db_test]
async fn adaptive_admin_edits_and_deletes_articles_and_modules(t: TestApp) {
    let admin = build_track(&t).await;
    let learner = learner_after_diagnostic(&t, "reader@example.org").await;
    t.post_created("/api/v1/content/assign", Some(&learner), json!({}))
        .await;
    let a_path = |id: i64| format!("/api/v1/admin/tracks/{SLUG}/articles/{id}");

    // An assigned article is held by the RESTRICT foreign key; it can be edited.
    let assigned = id(&t, "SELECT MIN(article_id) AS n FROM content_assignments").await;
    let r = delete(&t, &a_path(assigned), Some(&admin)).await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    t.patch(
        &a_path(assigned),
        Some(&admin),
        json!({"title": "Renamed", "markdown": "# New", "position": 7}),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    let my = t.get("/api/v1/content/my", Some(&learner)).await;
    assert!(my.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["title"] == "Renamed"));
    let r = t
        .patch(&a_path(assigned), Some(&admin), json!({"title": ""}))
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(error_fields(&r), ["title"]);

    // An unassigned required article deletes; its mini-test questions stay in the bank.
    let free = id(
        &t,
        "SELECT MIN(id) AS n FROM articles WHERE kind = 'required' \
         AND id NOT IN (SELECT article_id FROM content_assignments)",
    )
    .await;
    let links = format!("SELECT COUNT(*) AS n FROM article_questions WHERE article_id = {free}");
    assert_eq!(count(&t, &links).await, 2);
    let bank_before = rows(&t, "questions").await;
    delete(&t, &a_path(free), Some(&admin))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(count(&t, &links).await, 0);
    assert_eq!(rows(&t, "questions").await, bank_before);
    let r = delete(&t, &a_path(free), Some(&admin)).await;
    assert_error(&r, StatusCode::NOT_FOUND, "article_not_found");
    let r = delete(&t, &a_path(assigned), Some(&learner)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // Modules: rename (unique per track), delete an unused one, keep a used one.
    let m_path = |id: i64| format!("/api/v1/admin/tracks/{SLUG}/modules/{id}");
    let r = t
        .post_created(
            &format!("/api/v1/admin/tracks/{SLUG}/modules"),
            Some(&admin),
            json!({"name": "Delta"}),
        )
        .await;
    let delta = r["module_id"].as_i64().unwrap();
    t.patch(&m_path(delta), Some(&admin), json!({"name": "Epsilon"}))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let r = t
        .patch(&m_path(delta), Some(&admin), json!({"name": MODULES[0]}))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "module_exists");
    let r = t
        .patch(&m_path(delta), Some(&admin), json!({"name": "  "}))
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    t.post_created(
        &format!("/api/v1/admin/tracks/{SLUG}/questions"),
        Some(&admin),
        json!({"module": "Epsilon", "stage": "trainee_0", "text": "New?",
                   "options": [{"text": "a", "is_correct": true}, {"text": "b"}]}),
    )
    .await;
    delete(&t, &m_path(delta), Some(&admin))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(
        rows(&t, &format!("questions WHERE module_id = {delta}")).await,
        0
    );
    let r = delete(&t, &m_path(delta), Some(&admin)).await;
    assert_error(&r, StatusCode::NOT_FOUND, "module_not_found");

    // A module whose questions were asked and articles assigned is kept, whole.
    let used = id(&t, "SELECT MIN(module_id) AS n FROM attempt_questions").await;
    let questions = format!("SELECT COUNT(*) AS n FROM questions WHERE module_id = {used}");
    let before = count(&t, &questions).await;
    let r = delete(&t, &m_path(used), Some(&admin)).await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    assert_eq!(count(&t, &questions).await, before);
    let r = delete(&t, &m_path(used), Some(&learner)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[db_test]
async fn adaptive_admin_deletes_tracks_and_stages_nobody_reached(t: TestApp) {
    let admin = build_track(&t).await;
    let learner = learner_after_diagnostic(&t, "placed@example.org").await;
    new_track(
        &t,
        &admin,
        json!({"slug": "spare", "title": "Spare", "ranks": ["trainee", "junior"]}),
    )
    .await
    .expect_status(StatusCode::CREATED);

    // Nobody reached these: they go, with their content.
    delete(
        &t,
        "/api/v1/admin/tracks/spare/stages/junior_3",
        Some(&admin),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    let r = delete(
        &t,
        "/api/v1/admin/tracks/spare/stages/junior_3",
        Some(&admin),
    )
    .await;
    assert_error(&r, StatusCode::NOT_FOUND, "stage_not_found");
    let r = delete(
        &t,
        "/api/v1/admin/tracks/spare/stages/expert_9",
        Some(&admin),
    )
    .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let path = format!("/api/v1/admin/tracks/{SLUG}/stages/junior_2");
    let junior2 = "SELECT COUNT(*) AS n FROM questions q JOIN stages s ON s.id = q.stage_id \
                   WHERE s.rank = 'junior' AND s.level = 2";
    assert!(count(&t, junior2).await > 0);
    delete(&t, &path, Some(&admin))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(count(&t, junior2).await, 0);
    delete(&t, "/api/v1/admin/tracks/spare", Some(&admin))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let r = t.get("/api/v1/tracks/spare", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = delete(&t, "/api/v1/admin/tracks/spare", Some(&admin)).await;
    assert_error(&r, StatusCode::NOT_FOUND, "track_not_found");

    // A learner is on the track: neither it nor their stage can go.
    let progress = "SELECT COUNT(*) AS n FROM stage_progress";
    let attempts = "SELECT COUNT(*) AS n FROM attempts";
    let before = (count(&t, progress).await, count(&t, attempts).await);
    assert_eq!(before.0, 1);
    let r = delete(&t, &format!("/api/v1/admin/tracks/{SLUG}"), Some(&admin)).await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    let r = delete(
        &t,
        &format!("/api/v1/admin/tracks/{SLUG}/stages/trainee_0"),
        Some(&admin),
    )
    .await;
    assert_error(&r, StatusCode::CONFLICT, "referenced_by_history");
    assert_eq!(
        (count(&t, progress).await, count(&t, attempts).await),
        before
    );
    let r = delete(&t, &format!("/api/v1/admin/tracks/{SLUG}"), Some(&learner)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    t.get_ok("/api/v1/progress/current-stage", Some(&learner))
        .await;
}
