//! What an admin sees before deciding an approval: the learner's exams per module, and the
//! bank filtered by module and stage.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

fn sum(per_module: &Value, field: &str) -> i64 {
    per_module
        .as_array()
        .expect("per_module")
        .iter()
        .map(|m| m[field].as_i64().expect("count"))
        .sum()
}

#[db_test]
async fn approval_evidence_lists_the_exams_per_module(t: TestApp) {
    let admin = build_track(&t).await;
    let me = learner_after_diagnostic(&t, "evidence@example.org").await;
    t.post_created("/api/v1/content/assign", Some(&me), json!({}))
        .await;
    close_content(&t, &me).await;
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let alpha = track.body["modules"][0]["module_id"].clone();

    // First try: only Alpha right — failed. Second try: everything right — passed.
    let exam = start(&t, &me, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    let r = submit_exam(&t, &me, "level", &exam, |q| q["module_id"] == alpha).await;
    assert_eq!(r.body["passed"], false, "{}", r.body);
    let exam = start(&t, &me, "exams/level").await;
    let r = submit_exam(&t, &me, "level", &exam.body, |_| true).await;
    assert_eq!(r.body["passed"], true, "{}", r.body);
    let id = r.body["progress"]["approval_id"].clone();

    let url = format!("/api/v1/admin/approvals/{id}/evidence");
    let e = t.get(&url, Some(&admin)).await;
    assert_eq!(e.status, StatusCode::OK, "{}", e.body);
    assert_eq!(e.body["approval"]["id"], id);
    assert_eq!(e.body["approval"]["status"], "pending");
    assert_eq!(e.body["approval"]["user_email"], "evidence@example.org");
    assert_eq!(e.body["approval"]["to_stage"], "junior_1");
    let exams = e.body["exams"].as_array().expect("exams").clone();
    assert_eq!(exams.len(), 2, "{}", e.body);
    let (failed, passed) = (&exams[0], &exams[1]);
    assert_eq!(failed["kind"], "level");
    assert_eq!(failed["attempt_no"], 1);
    assert_eq!(failed["passed"], false);
    assert_eq!(passed["attempt_no"], 2);
    assert_eq!(passed["passed"], true);
    assert_eq!(passed["pct"], 100);
    for exam in &exams {
        // The per-module rows add up to the exam's score, in track order.
        assert_eq!(sum(&exam["per_module"], "total"), exam["questions_total"]);
        assert_eq!(sum(&exam["per_module"], "correct"), exam["correct"]);
        let names: Vec<_> = exam["per_module"]
            .as_array()
            .expect("per_module")
            .iter()
            .map(|m| m["module"].as_str().expect("name").to_owned())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "track order (Alpha, Beta, Gamma)");
    }
    for m in failed["per_module"].as_array().expect("per_module") {
        let want = if m["module_id"] == alpha {
            m["total"].clone()
        } else {
            json!(0)
        };
        assert_eq!(m["correct"], want, "{m}");
    }

    // Still readable once decided; unknown ids are 404; a learner token is refused.
    decide(&t, &admin, &id, "approve", json!({}))
        .await
        .expect_status(StatusCode::OK);
    let e = t.get(&url, Some(&admin)).await;
    assert_eq!(e.body["approval"]["status"], "approved");
    assert_eq!(e.body["exams"].as_array().map(Vec::len), Some(2));
    let r = t
        .get("/api/v1/admin/approvals/999999/evidence", Some(&admin))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "approval_request_not_found");
    let r = t.get(&url, Some(&me)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[db_test]
async fn admin_bank_filters_by_module_and_stage(t: TestApp) {
    let admin = build_track(&t).await;
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let beta = track.body["modules"][1]["module_id"].clone();
    let base = format!("/api/v1/admin/tracks/{SLUG}");

    let all = t
        .get(&format!("{base}/questions?page_size=100"), Some(&admin))
        .await;
    // 4 bank questions per module and stage, and the 2 mini-test questions of each
    // required article (the bank holds them too).
    assert_eq!(all.body["total"], (4 + 2) * 3 * 4);
    let r = t
        .get(
            &format!("{base}/questions?module_id={beta}&page_size=100"),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let items = r.body["items"].as_array().expect("items");
    assert_eq!(r.body["total"], (4 + 2) * 4);
    assert_eq!(items.len(), (4 + 2) * 4);
    assert!(items.iter().all(|q| q["module_id"] == beta));
    let r = t
        .get(
            &format!("{base}/questions?module_id={beta}&stage=junior_2&page_size=100"),
            Some(&admin),
        )
        .await;
    let items = r.body["items"].as_array().expect("items");
    assert!(items
        .iter()
        .all(|q| q["module_id"] == beta && q["stage"] == "junior_2"));
    assert_eq!(r.body["total"], 4 + 2);

    let r = t
        .get_ok(&format!("{base}/articles?module_id={beta}"), Some(&admin))
        .await;
    let items = r["items"].as_array().expect("items");
    assert_eq!(
        items.len(),
        2 * 4,
        "an optional and a required one per stage"
    );
    assert!(items.iter().all(|a| a["module_id"] == beta));
    assert_eq!(r["total"], 8);
    // A module of no track: nothing (not another track's questions).
    let r = t
        .get(&format!("{base}/questions?module_id=987654"), Some(&admin))
        .await;
    assert_eq!(r.body["total"], 0);
}
