//! Reviews notify the people they concern, and their effect on the course's rating is
//! visible at once through the cached public catalog.

use axum::http::StatusCode;
use serde_json::json;

use super::{enrolled, published_course, review};
use crate::support::*;

/// A new review notifies the course's teacher; a reply notifies the review's author.
#[db_test]
async fn a_review_notifies_the_teacher_and_a_reply_the_author(t: TestApp) {
    let (teacher, _producer, slug) = published_course(&t, "rn", "Gradient boosting").await;
    let learner = enrolled(&t, "learner@example.org", &slug).await;
    let id = review(&t, &learner, &slug, 4).await;

    let inbox = t.get("/api/v1/notifications", Some(&teacher)).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    let kinds: Vec<&str> = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["review_created", "course_published"],
        "newest first"
    );
    let note = &inbox.body["items"][0];
    assert_eq!(note["payload"]["review_id"], id);
    assert_eq!(note["payload"]["course_slug"], slug.as_str());
    assert_eq!(note["payload"]["rating"], 4);
    assert_eq!(
        t.get("/api/v1/notifications", Some(&learner)).await.body["total"],
        0,
        "the author is not told of their own review"
    );

    let r = t
        .post(
            &format!("/api/v1/reviews/{id}/replies"),
            Some(&teacher),
            json!({"text": "Thank you!"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let inbox = t.get("/api/v1/notifications", Some(&learner)).await;
    assert_eq!(inbox.body["total"], 1, "{}", inbox.body);
    assert_eq!(inbox.body["items"][0]["kind"], "review_replied");
    assert_eq!(inbox.body["items"][0]["payload"]["review_id"], id);
    assert_eq!(
        t.get("/api/v1/notifications", Some(&teacher)).await.body["total"],
        2,
        "the teacher is not told of their own reply"
    );
}

/// The listing and the detail are cached; a review, its edit and its hiding change the
/// rating they show on the very next read.
#[db_test]
async fn the_cached_catalog_shows_the_new_rating_at_once(t: TestApp) {
    let (_teacher, producer, slug) = published_course(&t, "rc", "Kernel methods").await;
    let learner = enrolled(&t, "learner@example.org", &slug).await;
    let listed = |body: &serde_json::Value| {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == slug.as_str())
            .map(|c| {
                (
                    c["rating_avg"].as_f64().unwrap(),
                    c["rating_count"].as_i64().unwrap(),
                )
            })
            .unwrap()
    };
    // Warm both pages.
    for _ in 0..2 {
        assert_eq!(listed(&t.get("/api/v1/courses", None).await.body), (0.0, 0));
        assert_eq!(super::rating(&t, &slug).await, (0.0, 0));
    }

    let id = review(&t, &learner, &slug, 5).await;
    assert_eq!(listed(&t.get("/api/v1/courses", None).await.body), (5.0, 1));
    assert_eq!(super::rating(&t, &slug).await, (5.0, 1));

    let r = edit_review(
        &t,
        &learner,
        id,
        json!({"rating": 2, "text": "On second thought"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(listed(&t.get("/api/v1/courses", None).await.body), (2.0, 1));
    assert_eq!(super::rating(&t, &slug).await, (2.0, 1));

    let r = t
        .post(
            &format!("/api/v1/reviews/{id}/hide"),
            Some(&producer),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(listed(&t.get("/api/v1/courses", None).await.body), (0.0, 0));
    assert_eq!(super::rating(&t, &slug).await, (0.0, 0));
}
