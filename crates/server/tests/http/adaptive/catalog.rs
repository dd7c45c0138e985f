//! The admin catalog: tracks, settings versions, questions and the all-or-nothing import.

use axum::http::StatusCode;
use serde_json::json;

use super::support::*;
use crate::support::*;

/// `POST /admin/tracks/{SLUG}/{kind}/{id}/deactivate` as `admin`.
async fn deactivate(t: &TestApp, admin: &str, kind: &str, id: &serde_json::Value) -> Response {
    let path = format!("/api/v1/admin/tracks/{SLUG}/{kind}/{id}/deactivate");
    t.post(&path, Some(admin), json!({})).await
}

#[db_test]
async fn adaptive_admin_builds_a_track_and_bad_input_is_named(t: TestApp) {
    let admin = build_track(&t).await;
    let r = new_track(&t, &admin, json!({"slug": SLUG, "title": "Again"})).await;
    assert_error(&r, StatusCode::CONFLICT, "track_slug_taken");
    let (user_token, _) = t.admin("admin2@example.org").await;
    let r = new_track(&t, &user_token, json!({"slug": "x", "title": "X"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a user-scoped token is refused"
    );

    // Track lists are paginated; unpublished tracks are admin-only.
    for (slug, published) in [("second", true), ("draft", false)] {
        new_track(
            &t,
            &admin,
            json!({"slug": slug, "title": slug, "is_published": published, "ranks": ["trainee"]}),
        )
        .await
        .expect_status(StatusCode::CREATED);
    }
    let page = t.get("/api/v1/tracks?page=2&page_size=1", None).await;
    assert_eq!(page.body["total"], 2, "{}", page.body);
    assert_eq!(page.body["items"][0]["slug"], "second");
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
    let all = t.get("/api/v1/admin/tracks", Some(&admin)).await;
    assert_eq!(all.body["total"], 3);
    assert_eq!(all.body["items"][2]["stages"][0]["key"], "trainee_0");
    assert_eq!(
        t.get("/api/v1/tracks/draft", None).await.status,
        StatusCode::NOT_FOUND
    );

    // Settings: an inconsistent set names its fields; versions are listed newest first.
    let r = new_settings(
        &t,
        &admin,
        json!({"min_questions_per_module": 9, "max_questions_per_module": 3, "level_exam_pass_pct": 101}),
    )
    .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields = error_fields(&r);
    for field in ["min_questions_per_module", "level_exam_pass_pct"] {
        assert!(fields.iter().any(|f| f == field), "{field}: {fields:?}");
    }
    let r = new_settings(
        &t,
        &admin,
        json!({"minitest_questions": 3, "minitest_pass_correct": 3}),
    )
    .await
    .expect_status(StatusCode::CREATED);
    assert_eq!(
        r["settings"]["level_exam_questions"], 6,
        "unchanged fields are kept"
    );
    let list = t.get(&settings_url(), Some(&admin)).await;
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["items"][0]["version"], 2);
    assert_eq!(list.body["items"][0]["is_current"], true);
    assert_eq!(list.body["items"][1]["is_current"], false);
    assert_eq!(
        rows(&t, "settings_versions WHERE is_current = TRUE").await,
        1
    );

    // A question must have exactly one correct option.
    let r = t
        .post(
            &format!("/api/v1/admin/tracks/{SLUG}/questions"),
            Some(&admin),
            json!({"module": "Alpha", "stage": "junior_1", "text": "Two right?", "difficulty": 2,
                   "options": [{"text": "a", "is_correct": true}, {"text": "b", "is_correct": true}]}),
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "options");

    // The bank as admins see it: answers included, filtered by stage, paginated.
    let q = t
        .get_ok(
            &format!("/api/v1/admin/tracks/{SLUG}/questions?stage=junior_2&page_size=5"),
            Some(&admin),
        )
        .await;
    assert_eq!(q["total"], 3 * 4 + 3 * 2, "{}", q);
    assert_eq!(q["items"].as_array().unwrap().len(), 5);
    assert_eq!(q["items"][0]["stage"], "junior_2");
    assert_eq!(q["items"][0]["options"][1]["is_correct"], true);
    let id = q["items"][0]["question_id"].clone();
    let r = deactivate(&t, &admin, "questions", &id).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let q = t
        .get(
            &format!("/api/v1/admin/tracks/{SLUG}/questions?stage=junior_2"),
            Some(&admin),
        )
        .await;
    assert_eq!(q.body["items"][0]["is_active"], false);
    let a = t
        .get(
            &format!("/api/v1/admin/tracks/{SLUG}/articles?stage=trainee_0"),
            Some(&admin),
        )
        .await;
    assert_eq!(a.body["total"], 6, "{}", a.body);
    let required = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "required")
        .unwrap()
        .clone();
    assert_eq!(required["minitest_questions"], 2);
    let r = deactivate(&t, &admin, "articles", &required["article_id"]).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = deactivate(&t, &admin, "articles", &json!(999999)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Import: one bad row names its index and field, and nothing is written.
    let before = rows(&t, "questions").await;
    let mut doc = import_document();
    doc["modules"] = json!(["Alpha", "Delta"]);
    doc["questions"][3]["difficulty"] = json!(9);
    doc["articles"][1]["stage"] = json!("junior_7");
    let r = t
        .post(
            &format!("/api/v1/admin/tracks/{SLUG}/import"),
            Some(&admin),
            doc,
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields = error_fields(&r);
    assert_eq!(fields, ["questions[3].difficulty", "articles[1].stage"]);
    assert_eq!(rows(&t, "questions").await, before);
    assert_eq!(rows(&t, "track_modules WHERE name = 'Delta'").await, 0);
}

#[db_test]
async fn adaptive_a_short_bank_names_the_module(t: TestApp) {
    let admin = build_track(&t).await;
    t.post_created(
        &format!("/api/v1/admin/tracks/{SLUG}/modules"),
        Some(&admin),
        json!({"name": "Empty"}),
    )
    .await;
    let me = t.student("short@example.org").await;
    let r = start(&t, &me, "diagnostika").await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "question_bank_short");
    assert_eq!(r.body["error"]["details"]["module"], "Empty");
    // Nothing was recorded: the learner may try again once the bank is filled.
    assert_eq!(rows(&t, "diagnostics").await, 0);

    // Retired questions are never drawn: with Beta's trainee questions retired, Beta
    // (before Empty in module order) is the module that cannot supply the diagnostic.
    let bank = t
        .get(
            &format!("/api/v1/admin/tracks/{SLUG}/questions?stage=trainee_0&page_size=100"),
            Some(&admin),
        )
        .await;
    let beta = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await.body["modules"][1]["module_id"]
        .clone();
    for q in bank.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["module_id"] == beta)
    {
        let r = deactivate(&t, &admin, "questions", &q["question_id"]).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
    }
    let r = start(&t, &me, "diagnostika").await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "question_bank_short");
    assert_eq!(r.body["error"]["details"]["module"], "Beta", "{}", r.body);
    assert_eq!(r.body["error"]["details"]["available"], 0);
}
