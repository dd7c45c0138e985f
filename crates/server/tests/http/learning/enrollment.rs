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

/// An enrollment and a first completion write their step with their own row, in one
/// statement (ADR 0050): the course's counter, the activity row, the analytics event (an
/// enrollment's with the price it recorded) and, for a course with a category, the
/// preference. A repeated completion writes none of it and answers the first stamp.
#[db_test]
async fn an_enrollment_and_a_first_completion_record_their_step_once(t: TestApp) {
    let staff = t.staff().await;
    let category = json!({"name": "Vision", "slug": "vision"});
    t.post_created(
        "/api/v1/courses/categories",
        Some(&staff.producer),
        category,
    )
    .await;
    let body = json!({"title": "Seen", "description": "About it", "price": 12,
                      "category_slug": "vision"});
    let created = t
        .post_created("/api/v1/courses", Some(&staff.teacher), body)
        .await;
    let seen = created["slug"].as_str().unwrap().to_owned();
    let (_, lessons) = module_with_lessons(&t, &staff.teacher, &seen, "A", 2).await;
    publish(&t, &staff.teacher, &staff.producer, &seen).await;
    let plain = draft(&t, &staff.teacher, "Plain").await;
    publish(&t, &staff.teacher, &staff.producer, &plain).await;
    let stu = t.student("stu@example.org").await;

    enroll(&t, &stu, &seen).await;
    enroll(&t, &stu, &plain).await;
    let paths: Vec<String> = [lessons[0], lessons[0], lessons[1]]
        .iter()
        .map(|l| format!("/api/v1/lessons/{l}/complete"))
        .collect();
    let first = t.post(&paths[0], Some(&stu), json!({})).await;
    let again = t.post(&paths[1], Some(&stu), json!({})).await;
    let other = t.post(&paths[2], Some(&stu), json!({})).await;
    assert_eq!(first.body["first_time"], true, "{}", first.body);
    assert_eq!(again.body["first_time"], false, "{}", again.body);
    assert_eq!(again.body["completed_at"], first.body["completed_at"]);
    assert_eq!(other.body["first_time"], true, "{}", other.body);

    for (sql, n) in [
        ("SELECT COUNT(*) AS n FROM enrollments", 2),
        (
            "SELECT CAST(SUM(enrollment_count) AS BIGINT) AS n FROM courses",
            2,
        ),
        ("SELECT COUNT(*) AS n FROM lesson_completions", 2),
        (
            "SELECT COUNT(*) AS n FROM activity_log WHERE kind = 'course.enrolled' \
          AND lesson_id IS NULL AND payload = '{}'",
            2,
        ),
        (
            "SELECT COUNT(*) AS n FROM activity_log WHERE kind = 'lesson.completed'",
            2,
        ),
        (
            "SELECT COUNT(*) AS n FROM activity_log a JOIN lesson_completions c \
          ON c.lesson_id = a.lesson_id AND c.course_id = a.course_id \
          AND c.completed_at = a.occurred_at",
            2,
        ),
        (
            "SELECT COUNT(*) AS n FROM analytics_events WHERE kind = 'enrollment'",
            2,
        ),
        (
            "SELECT CAST(SUM(amount_cents) AS BIGINT) AS n FROM analytics_events \
          WHERE kind = 'enrollment'",
            2200,
        ),
        (
            "SELECT COUNT(*) AS n FROM analytics_events WHERE kind = 'lesson_completed' \
          AND amount_cents IS NULL",
            2,
        ),
        ("SELECT COUNT(*) AS n FROM category_preferences", 1),
        (
            "SELECT CAST(score * 10 AS BIGINT) AS n FROM category_preferences",
            5,
        ),
    ] {
        assert_eq!(count(&t, sql).await, n, "{sql}");
    }
}
