//! Course rollups: views, enrollments, completion rate, revenue, rating and the daily
//! trend, against hand-computed values; who may read them; user activity.

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use super::close;
use crate::courses::{draft, module_with_lessons, publish, user};
use crate::learning::count;
use crate::reviews::{enrolled, review};
use crate::support::*;

#[db_test]
async fn rollups_match_hand_computed_figures(t: TestApp) {
    let Staff { teacher, producer } = t.staff().await;
    let slug = draft(&t, &teacher, "Counted Course").await; // price 10
    let (_, lessons) = module_with_lessons(&t, &teacher, &slug, "Basics", 2).await;
    publish(&t, &teacher, &producer, &slug).await;
    let quiet = draft(&t, &teacher, "Quiet Course").await;
    publish(&t, &teacher, &producer, &quiet).await;

    // Two learners at 10.00, then the price goes up and a third pays 25.00.
    let ann = enrolled(&t, "ann@example.org", &slug).await;
    let bob = enrolled(&t, "bob@example.org", &slug).await;
    t.patch_ok(
        &format!("/api/v1/courses/{slug}"),
        Some(&teacher),
        json!({"price": 25}),
    )
    .await;
    let cat = enrolled(&t, "cat@example.org", &slug).await;
    // Ann completes both lessons, Bob one, Cat none: 1 of 3 completed.
    for (who, n) in [(&ann, 2), (&bob, 1)] {
        for lesson in &lessons[..n] {
            t.post_ok(
                &format!("/api/v1/lessons/{lesson}/complete"),
                Some(who),
                json!({}),
            )
            .await;
        }
    }
    review(&t, &ann, &slug, 4).await;
    review(&t, &bob, &slug, 5).await;
    // Three views: two anonymous, one signed in (buffered until the refresh).
    for token in [None, None, Some(cat.as_str())] {
        assert_eq!(
            t.get(&format!("/api/v1/courses/{slug}"), token)
                .await
                .status,
            StatusCode::OK
        );
    }

    // The course page never writes: the views wait in the buffer.
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM analytics_events WHERE kind = 'course_view'"
        )
        .await,
        0
    );
    assert_eq!(t.app.course_views().len(), 3);
    let r = t
        .post_ok("/api/v1/analytics/refresh", Some(&producer), json!({}))
        .await;
    assert_eq!(r["views_flushed"], 3);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM analytics_events WHERE kind = 'course_view'"
        )
        .await,
        3
    );
    // Idempotent: a second refresh gives the same figures.
    let r = t
        .post("/api/v1/analytics/refresh", Some(&producer), json!({}))
        .await;
    assert_eq!(r.body["views_flushed"], 0);

    let a = t
        .get_ok(
            &format!("/api/v1/analytics/courses/{slug}?days=7"),
            Some(&teacher),
        )
        .await;
    let b = &a;
    assert_eq!(b["views"], 3);
    assert_eq!(b["enrollments"], 3);
    assert_eq!(b["completed"], 1);
    close(&b["completion_rate"], 1.0 / 3.0);
    assert_eq!(b["revenue_cents"], 1000 + 1000 + 2500);
    close(&b["revenue"], 45.0);
    close(&b["rating_avg"], 4.5);
    assert_eq!(b["rating_count"], 2);
    // 3 views·1 + 3 completions·2 + 2 reviews·3 + 3 enrollments·5, all of age 0 h.
    close(&b["trending_score"], 30.0);
    assert!(b["refreshed_at"].is_string());
    let trend = b["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 7);
    let today = &trend[6];
    assert_eq!(today["views"], 3);
    assert_eq!(today["enrollments"], 3);
    assert_eq!(today["lesson_completions"], 3);
    assert_eq!(today["reviews"], 2);
    assert_eq!(today["revenue_cents"], 4500);
    assert!(trend[..6]
        .iter()
        .all(|d| d["views"] == 0 && d["enrollments"] == 0));

    // Activity yesterday moves into yesterday's row.
    super::age_events(&t, &slug, 24).await;
    t.app.refresh_analytics().await.unwrap();
    let a = t
        .get(
            &format!("/api/v1/analytics/courses/{slug}?days=2"),
            Some(&producer),
        )
        .await;
    let trend = a.body["trend"].as_array().unwrap();
    assert_eq!(
        (
            trend[0]["enrollments"].as_i64(),
            trend[1]["enrollments"].as_i64()
        ),
        (Some(3), Some(0))
    );
    // 30 · 2^(−24/72)
    close(&a.body["trending_score"], 30.0 * 0.5f64.powf(24.0 / 72.0));

    let q = t
        .get_ok(
            &format!("/api/v1/analytics/courses/{quiet}"),
            Some(&teacher),
        )
        .await;
    assert_eq!(q["enrollments"], 0);
    close(&q["completion_rate"], 0.0);
    assert_eq!(q["revenue_cents"], 0);
}

#[db_test]
async fn teachers_see_their_own_courses_staff_all_admins_users(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let bea = user(&t, "bea@example.org", Role::Teacher).await;
    let producer = user(&t, "prod@example.org", Role::Producer).await;
    let (admin, _) = t.admin("root@example.org").await;
    let ada_course = draft(&t, &ada, "Ada Course").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &ada_course, "One", 1).await;
    publish(&t, &ada, &producer, &ada_course).await;
    let bea_course = draft(&t, &bea, "Bea Course").await;
    let student = enrolled(&t, "stu@example.org", &ada_course).await;
    t.post_ok(
        &format!("/api/v1/lessons/{}/complete", lessons[0]),
        Some(&student),
        json!({}),
    )
    .await;

    // Refresh: producer/admin only.
    for who in [&student, &ada] {
        assert_error(
            &t.post("/api/v1/analytics/refresh", Some(who), json!({}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    assert_error(
        &t.post("/api/v1/analytics/refresh", None, json!({})).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    t.post_ok("/api/v1/analytics/refresh", Some(&admin), json!({}))
        .await;

    // Course lists.
    assert_error(
        &t.get("/api/v1/analytics/courses", Some(&student)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let mine = t.get_ok("/api/v1/analytics/courses", Some(&bea)).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["slug"], bea_course.as_str());
    let all = t.get("/api/v1/analytics/courses", Some(&producer)).await;
    assert_eq!(all.body["total"], 2);
    let first = &all.body["items"][1];
    assert_eq!(first["slug"], ada_course.as_str());
    assert_eq!(first["enrollments"], 1);
    close(&first["completion_rate"], 1.0);

    // One course.
    let path = format!("/api/v1/analytics/courses/{ada_course}");
    assert_error(
        &t.get(&path, Some(&bea)).await,
        StatusCode::FORBIDDEN,
        "not_course_teacher",
    );
    assert_error(
        &t.get(&path, Some(&student)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(t.get(&path, Some(&ada)).await.status, StatusCode::OK);
    assert_eq!(t.get(&path, Some(&admin)).await.status, StatusCode::OK);
    assert_error(
        &t.get("/api/v1/analytics/courses/nope", Some(&admin)).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );

    // User activity: admin only.
    for who in [&producer, &ada, &student] {
        assert_error(
            &t.get("/api/v1/analytics/users", Some(who)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    let u = t
        .get_ok("/api/v1/analytics/users?page_size=2", Some(&admin))
        .await;
    // ada, bea, producer, admin, student registered in the window; only the student acted.
    assert_eq!(u["users_total"], 5);
    assert_eq!(u["registrations"], 5);
    assert_eq!(u["active_users"], 1);
    assert_eq!(u["events"], 2);
    assert_eq!(u["total"], 5);
    assert_eq!(u["items"].as_array().unwrap().len(), 2);
    let top = &u["items"][0];
    assert_eq!(top["email"], "stu@example.org");
    assert_eq!(top["events"], 2);
    assert_eq!(top["enrollments"], 1);
    assert_eq!(top["lessons_completed"], 1);
    assert_eq!(u["items"][1]["events"], 0);
}
