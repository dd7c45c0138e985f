//! Reporting a review: once per user (also when the reports race), never one's own, only
//! reviews the reporter can see; moderators list the reported reviews.

use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use super::*;
use crate::learning::count;

#[db_test]
async fn learners_report_a_review_once_and_moderators_list_it(t: TestApp) {
    let (teacher, producer, slug) = published_course(&t, "rep", "Reported Course").await;
    let ann = enrolled(&t, "rep-ann@example.org", &slug).await;
    let bob = t.student("rep-bob@example.org").await;
    let cat = t.student("rep-cat@example.org").await;
    let spam = review(&t, &ann, &slug, 1).await;
    let fine = review(
        &t,
        &enrolled(&t, "rep-dan@example.org", &slug).await,
        &slug,
        5,
    )
    .await;
    let path = format!("/api/v1/reviews/{spam}/report");
    let reason = json!({"reason": "Spam: links to another site"});

    assert_error(
        &t.post(&path, None, reason.clone()).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_error(
        &t.post(&path, Some(&ann), reason.clone()).await,
        StatusCode::FORBIDDEN,
        "own_review",
    );
    assert_error(
        &t.post(&path, Some(&bob), json!({"reason": "  "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.post("/api/v1/reviews/999999/report", Some(&bob), reason.clone())
            .await,
        StatusCode::NOT_FOUND,
        "review_not_found",
    );

    let r = t.post(&path, Some(&bob), reason.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["report_count"], 1);
    assert_error(
        &t.post(&path, Some(&bob), reason.clone()).await,
        StatusCode::CONFLICT,
        "already_reported",
    );
    // The course's teacher may report too (a second reporter).
    let r = t.post(&path, Some(&teacher), reason.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["report_count"], 2);

    // Moderators list only the reported one; others may not ask.
    let list = t
        .get("/api/v1/reviews?reported=true", Some(&producer))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(ids(&list.body), vec![spam]);
    assert_eq!(list.body["items"][0]["report_count"], 2);
    for who in [&cat, &teacher] {
        assert_error(
            &t.get("/api/v1/reviews?reported=true", Some(who)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    let all = t.get("/api/v1/reviews", Some(&producer)).await;
    assert_eq!(ids(&all.body), vec![fine, spam]);
    assert_eq!(all.body["items"][0]["report_count"], 0);

    // Hidden, it can no longer be reported by those who cannot see it; moderators still
    // find it among the reported ones when they include hidden reviews.
    let r = t
        .post(
            &format!("/api/v1/reviews/{spam}/hide"),
            Some(&producer),
            json!({"reason": "Spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_error(
        &t.post(&path, Some(&cat), reason.clone()).await,
        StatusCode::NOT_FOUND,
        "review_not_found",
    );
    let list = t
        .get(
            "/api/v1/reviews?reported=true&include_hidden=true",
            Some(&producer),
        )
        .await;
    assert_eq!(ids(&list.body), vec![spam]);
    assert_eq!(list.body["items"][0]["is_hidden"], true);
}

#[db_test]
async fn ten_concurrent_reports_by_one_user_count_once(t: TestApp) {
    let (_, _, slug) = published_course(&t, "repr", "Raced Reports").await;
    let ann = enrolled(&t, "repr-ann@example.org", &slug).await;
    let id = review(&t, &ann, &slug, 2).await;
    let bob = t.student("repr-bob@example.org").await;
    let path = format!("/api/v1/reviews/{id}/report");
    let results =
        join_all((0..10).map(|_| t.post(&path, Some(&bob), json!({"reason": "Offensive"})))).await;
    assert_one_wins(
        &results,
        StatusCode::OK,
        StatusCode::CONFLICT,
        "already_reported",
    );
    assert_eq!(
        count(&t, "SELECT COUNT(*) AS n FROM review_reports").await,
        1
    );
}
