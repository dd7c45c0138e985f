//! `/courses/{slug}/reviews`, `/reviews/*`: enrollment and uniqueness rules, author-only
//! edits, replies, moderation, and the course's rating after every change.

mod concurrency;
mod moderation;
mod notifications;
mod profile_rating;
mod reports;
mod top_rated;

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::{json, Value};

use crate::courses::{draft, publish, user};
use crate::support::*;

/// A published course by a new teacher; returns (teacher, producer, slug).
pub async fn published_course(t: &TestApp, prefix: &str, title: &str) -> (String, String, String) {
    let teacher = user(t, &format!("{prefix}-teacher@example.org"), Role::Teacher).await;
    let producer = user(t, &format!("{prefix}-producer@example.org"), Role::Producer).await;
    let slug = draft(t, &teacher, title).await;
    publish(t, &teacher, &producer, &slug).await;
    (teacher, producer, slug)
}

/// A student enrolled in `slug`.
pub async fn enrolled(t: &TestApp, email: &str, slug: &str) -> String {
    let token = t.student(email).await;
    enroll(t, &token, slug).await;
    token
}

/// Posts a review and returns its id.
pub async fn review(t: &TestApp, token: &str, slug: &str, rating: i64) -> i64 {
    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/reviews"),
            Some(token),
            json!({"rating": rating, "text": format!("I give it {rating}")}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["review_id"].as_i64().unwrap()
}

/// The course's (rating_avg, rating_count) as the public catalog shows them.
pub async fn rating(t: &TestApp, slug: &str) -> (f64, i64) {
    let r = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (
        r.body["rating_avg"].as_f64().unwrap(),
        r.body["rating_count"].as_i64().unwrap(),
    )
}

#[track_caller]
pub fn assert_rating(actual: (f64, i64), avg: f64, count: i64) {
    assert!(
        (actual.0 - avg).abs() < 1e-9,
        "rating_avg {} != {avg}",
        actual.0
    );
    assert_eq!(actual.1, count, "rating_count");
}

pub fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["review_id"].as_i64().unwrap())
        .collect()
}
