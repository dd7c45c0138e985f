//! One learner's walk from registration to the junior rank and graduation.

use axum::http::StatusCode;
use serde_json::json;

use super::support::*;
use crate::support::*;

#[db_test]
async fn adaptive_learner_walks_the_track_to_graduation(t: TestApp) {
    // Before a track exists the adaptive routes say so.
    let early = t.student("early@example.org").await;
    let r = t.get("/api/v1/progress/current-stage", Some(&early)).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "no_track_available");

    let admin = build_track(&t).await;
    let tracks = t.get("/api/v1/tracks", None).await;
    assert_eq!(tracks.body["items"][0]["slug"], SLUG);
    assert_eq!(
        tracks.body["items"][0]["stages"].as_array().unwrap().len(),
        4
    );

    let me = t.student("learner@example.org").await;
    let stage = t.get_ok("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage["rank"], "trainee");
    assert_eq!(stage["level"], 0);
    assert_eq!(stage["status"], "active");
    assert_eq!(stage["settings_version"], 1);

    // Content before the diagnostic is refused: the diagnostic decides the weak modules.
    let r = t.post("/api/v1/content/assign", Some(&me), json!({})).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "diagnostic_required");

    // Diagnostic: once; Alpha answered wrong makes it the weakest module.
    let d = start(&t, &me, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(d["total_q"], 6);
    assert!(!d.to_string().contains("is_correct"), "answers leaked");
    let again = start(&t, &me, "diagnostika").await;
    assert_error(&again, StatusCode::CONFLICT, "diagnostic_already_started");
    let modules = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await.body["modules"].clone();
    let alpha = modules[0]["module_id"].clone();
    let r = submit_diagnostic(&t, &me, &d, |q| q["module_id"] != alpha).await;
    assert_eq!(r["score_total"], 4);
    let result = t.get("/api/v1/diagnostika/result", Some(&me)).await;
    assert_eq!(result.body["per_module"][0]["module"], "Alpha");
    assert_eq!(result.body["per_module"][0]["correct"], 0);
    assert_eq!(result.body["per_module"][0]["total"], 2);

    // Content: optional articles for every module, a required one for Alpha only.
    let c = t
        .post_created("/api/v1/content/assign", Some(&me), json!({}))
        .await;
    let items = c["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 4);
    let required: Vec<_> = items.iter().filter(|i| i["kind"] == "required").collect();
    assert_eq!(required.len(), 1);
    assert_eq!(required[0]["module_id"], alpha);
    let r = t.post("/api/v1/content/assign", Some(&me), json!({})).await;
    assert_error(&r, StatusCode::CONFLICT, "content_already_assigned");

    // Not eligible while the required article is open.
    let r = start(&t, &me, "exams/level").await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "not_eligible");
    assert_eq!(
        r.body["error"]["details"]["missing_required"][0],
        required[0]["id"]
    );

    // Mini-test: a failed try, a pass, then a failed retake keeps it closed.
    let article = required[0]["id"].clone();
    let m = t
        .get(&format!("/api/v1/content/{article}/minitest"), Some(&me))
        .await;
    assert_eq!(m.body["total_q"], 2);
    let fail = answers(&m.body["questions"], |_| false);
    let r = submit_minitest(&t, &me, &article, fail.clone()).await;
    assert_eq!(
        (r.body["passed"].clone(), r.body["closed"].clone()),
        (json!(false), json!(false))
    );
    let pass = answers(&m.body["questions"], |_| true);
    let r = submit_minitest(&t, &me, &article, pass).await;
    assert_eq!(r.body["closed"], true);
    let r = submit_minitest(&t, &me, &article, fail).await;
    assert_eq!(
        (r.body["passed"].clone(), r.body["closed"].clone()),
        (json!(false), json!(true))
    );
    let e = t.get("/api/v1/progress/eligibility", Some(&me)).await;
    assert_eq!(e.body["eligible"], true, "{}", e.body);
    assert_eq!(e.body["optional_done"], 0);

    // Level exam: failed once, then passed → pending approval to junior_1.
    let exam = start(&t, &me, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(exam["attempt_no"], 1);
    assert_eq!(exam["total_q"], 6);
    let ids: std::collections::BTreeSet<_> = exam["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 6, "questions are distinct");
    let open = start(&t, &me, "exams/level").await;
    assert_error(&open, StatusCode::CONFLICT, "attempt_in_progress");
    let url = format!("/api/v1/exams/level/{}/submit", exam["attempt_id"]);
    let mut short = answers(&exam["questions"], |_| true);
    short["answers"].as_array_mut().unwrap().pop();
    let r = t.post(&url, Some(&me), short).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let other = t.student("other@example.org").await;
    let r = t
        .post(&url, Some(&other), answers(&exam["questions"], |_| true))
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "not_your_attempt");
    let r = t
        .post_ok(&url, Some(&me), answers(&exam["questions"], |_| false))
        .await;
    assert_eq!(r["passed"], false);
    assert_eq!(r["progress"]["action"], "none");
    let r = t
        .post(&url, Some(&me), answers(&exam["questions"], |_| true))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "attempt_already_submitted");

    let exam = start(&t, &me, "exams/level").await;
    assert_eq!(exam.body["attempt_no"], 2);
    let r = submit_exam(&t, &me, "level", &exam.body, |_| true).await;
    assert_eq!(r.body["passed"], true, "{}", r.body);
    assert_eq!(r.body["score_total"], 6);
    assert_eq!(r.body["progress"]["action"], "pending_approval");
    assert_eq!(r.body["progress"]["to"], "junior_1");
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.body["status"], "pending_approval");
    let r = start(&t, &me, "exams/level").await;
    assert_error(&r, StatusCode::CONFLICT, "stage_pending_approval");

    // A new settings version does not change the pinned one of a started stage.
    let mut newer = settings();
    newer["level_exam_pass_pct"] = json!(65);
    let r = new_settings(&t, &admin, newer).await;
    assert_eq!(r.body["version"], 2, "{}", r.body);

    // The admin approves the move to junior_1, which pins the then-current version 2.
    let pending = t
        .get_ok("/api/v1/admin/approvals/pending", Some(&admin))
        .await;
    assert_eq!(pending["total"], 1);
    assert_eq!(pending["items"][0]["kind"], "rank_transition");
    let id = pending["items"][0]["id"].clone();
    let r = decide(&t, &admin, &id, "approve", json!({}))
        .await
        .expect_status(StatusCode::OK);
    assert_eq!(r["status"], "approved");
    let r = decide(&t, &admin, &id, "approve", json!({})).await;
    assert_error(&r, StatusCode::CONFLICT, "approval_already_decided");
    let r = t
        .post(
            "/api/v1/admin/approvals/999999/approve",
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.body["stage"], "junior_1", "{}", stage.body);
    assert_eq!(stage.body["status"], "active");
    assert_eq!(stage.body["settings_version"], 2);

    // junior_1 and junior_2 auto-advance; junior_3 opens the rank final.
    let r = pass_level(&t, &me).await;
    assert_eq!(r["progress"]["action"], "auto_advanced");
    assert_eq!(r["progress"]["to"], "junior_2");
    let r = pass_level(&t, &me).await;
    assert_eq!(r["progress"]["to"], "junior_3");
    let r = start(&t, &me, "exams/rank-final").await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, "rank_final_not_open");
    let r = pass_level(&t, &me).await;
    assert_eq!(r["progress"]["action"], "rank_final_open");
    let r = start(&t, &me, "exams/level").await;
    assert_error(&r, StatusCode::CONFLICT, "exam_already_passed");

    // Rank final over the whole rank → graduation request (junior is the last rank).
    let fin = start(&t, &me, "exams/rank-final")
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(fin["total_q"], 6);
    let r = submit_exam(&t, &me, "rank-final", &fin, |_| true)
        .await
        .expect_status(StatusCode::OK);
    assert_eq!(r["progress"]["action"], "pending_approval");
    assert_eq!(r["progress"]["approval_kind"], "graduation");
    let id = r["progress"]["approval_id"].clone();
    decide(&t, &admin, &id, "approve", json!({}))
        .await
        .expect_status(StatusCode::OK);
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.body["graduated"], true, "{}", stage.body);
    assert_eq!(stage.body["stage"], "junior_3");
}

#[db_test]
async fn adaptive_rejection_puts_the_stage_back_to_active(t: TestApp) {
    let admin = build_track(&t).await;
    let me = learner_after_diagnostic(&t, "rejected@example.org").await;
    let r = pass_level(&t, &me).await;
    let id = r["progress"]["approval_id"].clone();
    let r = decide(&t, &admin, &id, "reject", json!({"reason": ""})).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let r = decide(
        &t,
        &admin,
        &id,
        "reject",
        json!({"reason": "retake the ML basics"}),
    )
    .await
    .expect_status(StatusCode::OK);
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["reason"], "retake the ML basics");
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.body["stage"], "trainee_0");
    assert_eq!(stage.body["status"], "active");
    // The passed exam stays passed.
    let r = start(&t, &me, "exams/level").await;
    assert_error(&r, StatusCode::CONFLICT, "exam_already_passed");
    // The learner asks again; a second request while one is pending is 409.
    let r = t
        .post_created("/api/v1/progress/request-approval", Some(&me), json!({}))
        .await;
    assert_eq!(r["action"], "pending_approval");
    assert_eq!(r["to"], "junior_1");
    let r = t
        .post("/api/v1/progress/request-approval", Some(&me), json!({}))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "stage_pending_approval");
    let pending = t.get("/api/v1/admin/approvals/pending", Some(&admin)).await;
    assert_eq!(pending.body["total"], 1);
    // A learner token is not an admin-scoped token.
    let r = t.get("/api/v1/admin/approvals/pending", Some(&me)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
