use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use crate::{
    adaptive::support::{build_track, learner_after_diagnostic, pass_level},
    courses::{draft, publish, user},
    support::*,
};

/// `POST /notifications/{id}/read` as `token`.
async fn mark_read(t: &TestApp, token: &str, id: i64) -> Response {
    let path = format!("/api/v1/notifications/{id}/read");
    t.post(&path, Some(token), json!({})).await
}

/// Publishing a teacher's course notifies the teacher; the inbox lists, filters and marks
/// read only the owner's notifications.
#[db_test]
async fn publishing_notifies_the_teacher_and_only_the_owner_reads_it(t: TestApp) {
    let teacher = user(&t, "tea@example.com", Role::Teacher).await;
    let producer = user(&t, "pro@example.com", Role::Producer).await;
    let other = t.student("ann@example.com").await;
    assert_eq!(
        t.get("/api/v1/notifications", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let first = draft(&t, &teacher, "Linear models").await;
    let second = draft(&t, &teacher, "Trees").await;
    publish(&t, &teacher, &producer, &first).await;
    publish(&t, &teacher, &producer, &second).await;

    let inbox = t.get("/api/v1/notifications", Some(&teacher)).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    assert_eq!(inbox.body["total"], 2);
    let items = inbox.body["items"].as_array().unwrap();
    assert_eq!(items[0]["kind"], "course_published");
    assert_eq!(items[0]["payload"]["slug"], second.as_str(), "newest first");
    assert_eq!(items[1]["payload"]["slug"], first.as_str());
    assert!(items[0]["read_at"].is_null());
    let id = items[1]["id"].as_i64().unwrap();
    for who in [&producer, &other] {
        assert_eq!(
            t.get("/api/v1/notifications", Some(who)).await.body["total"],
            0
        );
    }

    // Someone else's notification does not exist for them.
    let r = mark_read(&t, &other, id).await;
    assert_error(&r, StatusCode::NOT_FOUND, "notification_not_found");
    let r = mark_read(&t, &teacher, id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let read_at = r.body["read_at"].clone();
    assert!(read_at.is_string());
    // Idempotent: the first read time is kept.
    let again = mark_read(&t, &teacher, id).await;
    assert_eq!(again.body["read_at"], read_at);

    let unread = t
        .get("/api/v1/notifications?unread_only=true", Some(&teacher))
        .await;
    assert_eq!(unread.body["total"], 1);
    assert_eq!(unread.body["items"][0]["payload"]["slug"], second.as_str());
    let r = t
        .post("/api/v1/notifications/read-all", Some(&teacher), json!({}))
        .await;
    assert_eq!(r.body["marked"], 1);
    let unread = t
        .get(
            "/api/v1/notifications?unread_only=true&page_size=5",
            Some(&teacher),
        )
        .await;
    assert_eq!(unread.body["total"], 0);
    assert_eq!(unread.body["page_size"], 5);
}

/// A graded exam and a decided approval notify the learner, in the same transaction.
#[db_test]
async fn exams_and_approvals_notify_the_learner(t: TestApp) {
    let admin = build_track(&t).await;
    let me = learner_after_diagnostic(&t, "learner@example.org").await;
    let graded = pass_level(&t, &me).await;
    let approval_id = graded["progress"]["approval_id"].as_i64().unwrap();
    t.post_ok(
        &format!("/api/v1/admin/approvals/{approval_id}/approve"),
        Some(&admin),
        json!({}),
    )
    .await;

    let inbox = t.get("/api/v1/notifications", Some(&me)).await;
    let items = inbox.body["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["approval_decided", "exam_graded"], "{}", inbox.body);
    assert_eq!(items[0]["payload"]["approval_id"], approval_id);
    assert_eq!(items[0]["payload"]["approved"], true);
    assert_eq!(items[1]["payload"]["exam"], "level");
    assert_eq!(items[1]["payload"]["passed"], true);
}
