//! One review per learner and course, also when the posts race.

use axum::http::StatusCode;
use futures::future::join_all;
use rstest::rstest;
use serde_json::json;

use super::*;
use crate::learning::count;

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn twenty_concurrent_reviews_give_one(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let (_, _, slug) = published_course(&t, "race", "Racing Reviews").await;
    let me = enrolled(&t, "racer@example.org", &slug).await;
    let path = format!("/api/v1/courses/{slug}/reviews");
    let body = json!({"rating": 4, "text": "same review, many times"});
    let results = join_all((0..20).map(|_| t.post(&path, Some(&me), body.clone()))).await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "exactly one review is created");
    for r in results.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_error(r, StatusCode::CONFLICT, "already_reviewed");
    }
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM reviews").await, 1);
    assert_rating(rating(&t, &slug).await, 4.0, 1);
}
