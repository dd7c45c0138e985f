use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use super::{cast, count};
use crate::{courses::*, support::*};

#[db_test]
async fn learners_enroll_once_in_published_courses(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Statistics").await;
    let enroll = format!("/api/v1/courses/{slug}/enroll");

    assert_error(
        &t.post(&enroll, None, json!({})).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_error(
        &t.post(&enroll, Some(&stu), json!({})).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    assert_error(
        &t.post(&enroll, Some(&ada), json!({})).await,
        StatusCode::CONFLICT,
        "course_not_open",
    );

    publish(&t, &ada, &producer, &slug).await;
    let r = t.post(&enroll, Some(&stu), json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body["enrollment_id"].as_i64().is_some());
    assert_error(
        &t.post(&enroll, Some(&stu), json!({})).await,
        StatusCode::CONFLICT,
        "already_enrolled",
    );
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["enrollment_count"], 1);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM enrollments WHERE price_cents = 1000"
        )
        .await,
        1
    );

    // A course with learners is not deleted.
    assert_error(
        &delete(&t, &format!("/api/v1/courses/{slug}"), Some(&ada)).await,
        StatusCode::CONFLICT,
        "course_has_learners",
    );

    // Favorites toggle; GET tells the state without changing it.
    let fav = format!("/api/v1/courses/{slug}/favorite");
    assert_eq!(t.get(&fav, Some(&stu)).await.body["favorited"], false);
    assert_eq!(
        t.post(&fav, Some(&stu), json!({})).await.body["favorited"],
        true
    );
    assert_eq!(
        t.post(&fav, Some(&stu), json!({})).await.body["favorited"],
        false
    );
    assert_eq!(
        t.post(&fav, Some(&stu), json!({})).await.body["favorited"],
        true
    );
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM favorites").await, 1);
    assert_eq!(t.get(&fav, Some(&stu)).await.body["favorited"], true);
    assert_eq!(t.get(&fav, Some(&stu)).await.body["favorited"], true);
    // Another learner's bookmarks are their own.
    let other = t.student("other@example.org").await;
    assert_eq!(t.get(&fav, Some(&other)).await.body["favorited"], false);
    assert_error(
        &t.get(&fav, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_error(
        &t.get("/api/v1/courses/nope-nope/favorite", Some(&stu))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    assert_error(
        &t.post("/api/v1/courses/nope-nope/favorite", Some(&stu), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
}

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_enrollments_make_one(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Race course").await;
    publish(&t, &ada, &producer, &slug).await;
    let path = format!("/api/v1/courses/{slug}/enroll");
    let results = join_all((0..20).map(|_| t.post(&path, Some(&stu), json!({})))).await;
    assert_one_wins(
        &results,
        StatusCode::CREATED,
        StatusCode::CONFLICT,
        "already_enrolled",
    );
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM enrollments").await, 1);
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["enrollment_count"], 1);
}
