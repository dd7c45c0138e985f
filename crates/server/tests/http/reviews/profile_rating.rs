//! The teacher's profile rating (issue #12, item 2): the visible reviews of their
//! published courses, kept right by every review change and by a course leaving or
//! entering `published`, also when reviews race.

use axum::http::{Method, StatusCode};
use futures::future::join_all;
use practicum_domain::identity::Role;
use serde_json::json;

use super::*;
use crate::courses::{draft, publish, user};

/// `(rating, rating_count)` of the profile as an anonymous visitor sees it.
async fn profile_rating(t: &TestApp, slug: &str) -> (Option<f64>, i64) {
    let r = t
        .get(&format!("/api/v1/accounts/profiles/{slug}"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (
        r.body["rating"].as_f64(),
        r.body["rating_count"].as_i64().unwrap(),
    )
}

#[track_caller]
fn assert_profile(actual: (Option<f64>, i64), avg: Option<f64>, count: i64) {
    assert_eq!(actual.1, count, "rating_count");
    match (actual.0, avg) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "rating {a} != {b}"),
        (a, b) => assert_eq!(a, b, "rating"),
    }
}

async fn profile_slug(t: &TestApp, token: &str) -> String {
    let r = t.get("/api/v1/accounts/profiles/me", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["slug"].as_str().unwrap().to_owned()
}

#[db_test]
async fn profile_rating_follows_every_review_change(t: TestApp) {
    let teacher = user(&t, "rated-teacher@example.org", Role::Teacher).await;
    let producer = user(&t, "rated-producer@example.org", Role::Producer).await;
    let a = draft(&t, &teacher, "Rated Course A").await;
    let b = draft(&t, &teacher, "Rated Course B").await;
    publish(&t, &teacher, &producer, &a).await;
    publish(&t, &teacher, &producer, &b).await;
    let slug = profile_slug(&t, &teacher).await;
    assert_profile(profile_rating(&t, &slug).await, None, 0);

    let l1 = enrolled(&t, "l1@example.org", &a).await;
    let l2 = enrolled(&t, "l2@example.org", &a).await;
    let l3 = enrolled(&t, "l3@example.org", &b).await;
    review(&t, &l1, &a, 5).await;
    let r2 = review(&t, &l2, &a, 3).await;
    let r3 = review(&t, &l3, &b, 4).await;
    assert_profile(profile_rating(&t, &slug).await, Some(4.0), 3);

    // Edit: 5 + 1 + 4.
    let r = edit_review(&t, &l2, r2, json!({"rating": 1, "text": "changed my mind"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_profile(profile_rating(&t, &slug).await, Some(10.0 / 3.0), 3);

    // Hidden reviews leave the rating; unhidden ones come back.
    let r = t
        .post(
            &format!("/api/v1/reviews/{r3}/hide"),
            Some(&producer),
            json!({"reason": "off topic"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_profile(profile_rating(&t, &slug).await, Some(3.0), 2);
    t.post_ok(
        &format!("/api/v1/reviews/{r3}/unhide"),
        Some(&producer),
        json!({}),
    )
    .await;
    assert_profile(profile_rating(&t, &slug).await, Some(10.0 / 3.0), 3);

    // Deleted by its author.
    let r = t
        .call(
            Method::DELETE,
            &format!("/api/v1/reviews/{r2}"),
            Some(&l2),
            None,
        )
        .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    assert_profile(profile_rating(&t, &slug).await, Some(4.5), 2);

    // An archived course no longer counts.
    let r = t
        .post(
            &format!("/api/v1/courses/{b}/status"),
            Some(&teacher),
            json!({"status": "archived"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_profile(profile_rating(&t, &slug).await, Some(5.0), 1);

    // Another teacher's profile is untouched; the owner sees the same figures.
    let other = user(&t, "unrated@example.org", Role::Teacher).await;
    let other_slug = profile_slug(&t, &other).await;
    assert_profile(profile_rating(&t, &other_slug).await, None, 0);
    let me = t.get("/api/v1/accounts/profiles/me", Some(&teacher)).await;
    assert_eq!(me.body["rating"], 5.0);
    assert_eq!(me.body["rating_count"], 1);
}

#[db_test]
async fn profile_rating_counts_reviews_posted_at_once_on_two_courses(t: TestApp) {
    let teacher = user(&t, "busy-teacher@example.org", Role::Teacher).await;
    let producer = user(&t, "busy-producer@example.org", Role::Producer).await;
    let a = draft(&t, &teacher, "Busy Course A").await;
    let b = draft(&t, &teacher, "Busy Course B").await;
    publish(&t, &teacher, &producer, &a).await;
    publish(&t, &teacher, &producer, &b).await;
    let mut learners = Vec::new();
    for i in 0..12 {
        let course = if i % 2 == 0 { &a } else { &b };
        learners.push((
            enrolled(&t, &format!("busy{i}@example.org"), course).await,
            course.clone(),
            (i % 5) + 1,
        ));
    }
    let paths: Vec<String> = learners
        .iter()
        .map(|(_, course, _)| format!("/api/v1/courses/{course}/reviews"))
        .collect();
    let results = join_all(
        learners
            .iter()
            .zip(&paths)
            .map(|((token, _, rating), path)| {
                t.post(
                    path,
                    Some(token),
                    json!({"rating": rating, "text": "at once"}),
                )
            }),
    )
    .await;
    for r in &results {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let sum: i64 = learners.iter().map(|(_, _, r)| *r as i64).sum();
    let slug = profile_slug(&t, &teacher).await;
    assert_profile(profile_rating(&t, &slug).await, Some(sum as f64 / 12.0), 12);
}
