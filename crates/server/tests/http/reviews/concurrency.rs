//! One review per learner and course, also when the posts race; the course's rating
//! counts every review when many learners post at once.

use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use super::*;
use crate::learning::count;

#[db_test]
async fn twenty_concurrent_reviews_give_one(t: TestApp) {
    let (_, _, slug) = published_course(&t, "race", "Racing Reviews").await;
    let me = enrolled(&t, "racer@example.org", &slug).await;
    let path = format!("/api/v1/courses/{slug}/reviews");
    let body = json!({"rating": 4, "text": "same review, many times"});
    let results = join_all((0..20).map(|_| t.post(&path, Some(&me), body.clone()))).await;
    assert_one_wins(
        &results,
        StatusCode::CREATED,
        StatusCode::CONFLICT,
        "already_reviewed",
    );
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM reviews").await, 1);
    assert_rating(rating(&t, &slug).await, 4.0, 1);
}

#[db_test]
async fn many_learners_reviewing_at_once_are_all_counted(t: TestApp) {
    let (_, _, slug) = published_course(&t, "crowd", "Crowded Reviews").await;
    let mut learners = Vec::new();
    for i in 0..12 {
        learners.push(enrolled(&t, &format!("crowd{i}@example.org"), &slug).await);
    }
    let path = format!("/api/v1/courses/{slug}/reviews");
    let results = join_all(learners.iter().enumerate().map(|(i, token)| {
        t.post(
            &path,
            Some(token),
            json!({"rating": 1 + i % 5, "text": "posted at the same time"}),
        )
    }))
    .await;
    for r in &results {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    // Ratings 1..5 repeating over 12 learners: 1,2,3,4,5,1,2,3,4,5,1,2 → sum 33.
    assert_rating(rating(&t, &slug).await, 33.0 / 12.0, 12);
}
