//! `/recommendations`: the order on a constructed case with hand-computed scores, the
//! weak-module boost, and a learner without history.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::adaptive::support::{answers, build_track, start, SLUG};
use crate::analytics::close;
use crate::courses::publish;
use crate::reviews::review;
use crate::support::*;

const INTERACTIONS: &str = "/api/v1/recommendations/interactions";

/// A published course, free, in `category` with `tags`; its slug.
async fn course(
    t: &TestApp,
    staff: &Staff,
    title: &str,
    category: Option<&str>,
    tags: &[&str],
) -> String {
    let mut body = json!({"title": title, "description": "About it", "price": 0, "tags": tags});
    if let Some(c) = category {
        body["category_slug"] = json!(c);
    }
    let r = t
        .post_created("/api/v1/courses", Some(&staff.teacher), body)
        .await;
    let slug = r["slug"].as_str().unwrap().to_owned();
    publish(t, &staff.teacher, &staff.producer, &slug).await;
    slug
}

async fn category(t: &TestApp, staff: &Staff, name: &str, slug: &str) {
    let body = json!({"name": name, "slug": slug});
    t.post_created("/api/v1/courses/categories", Some(&staff.producer), body)
        .await;
}

async fn enroll(t: &TestApp, token: &str, slug: &str) {
    t.post_created(
        &format!("/api/v1/courses/{slug}/enroll"),
        Some(token),
        json!({}),
    )
    .await;
}

async fn interact(t: &TestApp, token: &str, slug: &str, kind: &str) -> Value {
    let body = json!({"course_slug": slug, "kind": kind});
    t.post_created(INTERACTIONS, Some(token), body).await
}

fn order(body: &Value) -> Vec<(String, f64)> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["slug"].as_str().unwrap().to_owned(),
                c["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[track_caller]
fn assert_order(actual: &[(String, f64)], expected: &[(&str, f64)]) {
    let slugs: Vec<&str> = actual.iter().map(|(s, _)| s.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|(s, _)| *s).collect();
    assert_eq!(slugs, want);
    for ((s, a), (_, e)) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 1e-9, "{s}: score {a} != {e}");
    }
}

/// On a clock that stands still, so the recent-interest decay is exactly that of the
/// hand-computed scores (on the system clock a busy machine's milliseconds show at 1e-9).
#[db_test]
async fn recommendations_follow_the_formula(Clocked { t, .. }: Clocked) {
    let staff = t.staff().await;
    category(&t, &staff, "Machine Learning", "machine-learning").await;
    category(&t, &staff, "Statistics", "statistics").await;
    let enrolled_ml = course(&t, &staff, "Enrolled ML", Some("machine-learning"), &[]).await;
    let p = course(&t, &staff, "Pattern Course", Some("machine-learning"), &[]).await;
    let q = course(&t, &staff, "Quant Course", Some("statistics"), &[]).await;
    let s = course(&t, &staff, "Skill Course", None, &["Beta"]).await;
    let z = course(&t, &staff, "Zero Course", Some("statistics"), &[]).await;
    // Ratings: P 4, Q 5, S 3 (one reviewer each).
    let rater = t.student("rater@example.org").await;
    for (slug, stars) in [(&p, 4), (&q, 5), (&s, 3)] {
        enroll(&t, &rater, slug).await;
        review(&t, &rater, slug, stars).await;
    }

    // No history: 0.7·rating/5 only; ties (0) by more ratings, then the older course.
    let newbie = t.student("new@example.org").await;
    let r = t.get_ok("/api/v1/recommendations", Some(&newbie)).await;
    assert_eq!(r["total"], 5);
    assert_order(
        &order(&r),
        &[
            (&q, 0.7),
            (&p, 0.56),
            (&s, 0.42),
            (&enrolled_ml, 0.0),
            (&z, 0.0),
        ],
    );

    // Learner: enrolling in an ML course is `start` (ml 0.5); a view of P adds 0.1
    // (ml 0.6); completing Q adds 1.0 (stats 1.0 = the maximum).
    let me = t.student("me@example.org").await;
    enroll(&t, &me, &enrolled_ml).await;
    let v = interact(&t, &me, &p, "view").await;
    assert_eq!(v["category_slug"], "machine-learning");
    close(&v["preference"], 0.6);
    let c = interact(&t, &me, &q, "complete").await;
    close(&c["preference"], 1.0);
    let none = interact(&t, &me, &s, "bookmark").await;
    assert!(none["preference"].is_null());
    for (body, status, code) in [
        (
            json!({"course_slug": p, "kind": "like"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"course_slug": "nope", "kind": "view"}),
            StatusCode::NOT_FOUND,
            "course_not_found",
        ),
    ] {
        let r = t.post(INTERACTIONS, Some(&me), body).await;
        assert_error(&r, status, code);
    }
    assert_error(
        &t.get("/api/v1/recommendations", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    // Recent interest (interactions just now): stats 1.0 (the strongest), ml 0.1 / 1.0.
    // Q: 0.7 + 0.3·1.0 + 0.2·1.0 = 1.2; P: 0.56 + 0.3·0.6 + 0.2·0.1 = 0.76;
    // Z: 0.3·1.0 + 0.2·1.0 = 0.5; S: 0.42. The enrolled course is left out.
    let r = t.get("/api/v1/recommendations", Some(&me)).await;
    assert_eq!(r.body["total"], 4);
    assert_order(
        &order(&r.body),
        &[(&q, 1.2), (&p, 0.76), (&z, 0.5), (&s, 0.42)],
    );
    let r = t
        .get("/api/v1/recommendations?page=2&page_size=2", Some(&me))
        .await;
    assert_order(&order(&r.body), &[(&z, 0.5), (&s, 0.42)]);
}

#[db_test]
async fn courses_for_the_weakest_modules_get_the_boost(t: TestApp) {
    build_track(&t).await;
    let staff = t.staff().await;
    let plain = course(&t, &staff, "Plain Course", None, &["Other"]).await;
    let beta = course(&t, &staff, "Beta Course", None, &["Beta"]).await;
    let rater = t.student("rater@example.org").await;
    enroll(&t, &rater, &plain).await;
    review(&t, &rater, &plain, 5).await;
    enroll(&t, &rater, &beta).await;
    review(&t, &rater, &beta, 4).await;

    // The diagnostic, wrong on every question of the Beta module (bank and mini-test
    // questions alike): Beta is the weakest module.
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let beta_module = track.body["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Beta")
        .map(|m| m["module_id"].clone())
        .expect("the Beta module");
    let me = t.student("me@example.org").await;
    let d = start(&t, &me, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    t.post_ok(
        "/api/v1/diagnostika/submit",
        Some(&me),
        answers(&d["questions"], |q| q["module_id"] != beta_module),
    )
    .await;

    // Plain: 0.7·5/5 = 0.7; Beta: 0.7·4/5 + 0.15 = 0.71.
    let r = t.get_ok("/api/v1/recommendations", Some(&me)).await;
    assert_eq!(r["weak_module_tags"], json!(["beta"]), "diagnostic: {}", d);
    assert_order(&order(&r), &[(&beta, 0.71), (&plain, 0.7)]);
    // Without that evidence the order flips.
    let other = t.student("other@example.org").await;
    let r = t.get("/api/v1/recommendations", Some(&other)).await;
    assert_order(&order(&r.body), &[(&plain, 0.7), (&beta, 0.56)]);
}

#[db_test]
async fn concurrent_interactions_all_count(t: TestApp) {
    let staff = t.staff().await;
    category(&t, &staff, "Vision", "vision").await;
    let slug = course(&t, &staff, "Seen Course", Some("vision"), &[]).await;
    let me = t.student("me@example.org").await;
    // 10 bookmarks at once: the upsert is atomic, so none is lost: 10 · 0.3 = 3.0.
    let body = json!({"course_slug": slug, "kind": "bookmark"});
    let results =
        futures::future::join_all((0..10).map(|_| t.post(INTERACTIONS, Some(&me), body.clone())))
            .await;
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED));
    let last = interact(&t, &me, &slug, "view").await;
    close(&last["preference"], 3.1);
    assert_eq!(
        crate::learning::count(&t, "SELECT COUNT(*) AS n FROM category_preferences").await,
        1
    );
    assert_eq!(
        crate::learning::count(&t, "SELECT COUNT(*) AS n FROM interactions").await,
        11,
        "every interaction is stored"
    );
}

/// Ustat's body `{course_id, type}` beside `{course_slug, kind}`, 201 with the stored
/// interaction; recency decides between two equal preferences.
#[db_test]
async fn interactions_are_stored_and_recent_ones_weigh_more(t: TestApp) {
    let staff = t.staff().await;
    for slug in ["old-topic", "new-topic"] {
        category(&t, &staff, slug, slug).await;
    }
    let old = course(&t, &staff, "Old Topic", Some("old-topic"), &[]).await;
    let new = course(&t, &staff, "New Topic", Some("new-topic"), &[]).await;
    let me = t.student("me@example.org").await;

    let a = interact(&t, &me, &old, "bookmark").await;
    assert_eq!(
        (a["kind"].clone(), a["type"].clone()),
        (json!("bookmark"), json!("bookmark"))
    );
    assert!(a["created_at"].is_string() && a["id"].is_i64(), "{a}");
    let old_id = a["course_id"].as_i64().unwrap();
    let new_id = t.get(&format!("/api/v1/courses/{new}"), None).await.body["course_id"].clone();
    let b = t
        .post_created(
            INTERACTIONS,
            Some(&me),
            json!({"course_id": new_id, "type": "bookmark"}),
        )
        .await;
    assert_eq!(b["course_slug"], new.as_str());
    close(&b["preference"], 0.3);

    // Both forms at once, neither, an unknown type, an unknown course id.
    for (body, field) in [
        (
            json!({"course_slug": new, "course_id": new_id, "kind": "view"}),
            "course_slug",
        ),
        (json!({"kind": "view"}), "course_slug"),
        (json!({"course_id": new_id}), "kind"),
        (json!({"course_id": new_id, "type": "like"}), "type"),
    ] {
        let r = t.post(INTERACTIONS, Some(&me), body).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(
            r.body["error"]["details"]["fields"][0]["field"], field,
            "{}",
            r.body
        );
    }
    let r = t
        .post(
            INTERACTIONS,
            Some(&me),
            json!({"course_id": 999_999, "type": "view"}),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "course_not_found");
    let stored = format!(
        "SELECT COUNT(*) AS n FROM interactions WHERE kind = 'bookmark' AND course_id IN ({old_id}, {new_id})"
    );
    assert_eq!(crate::learning::count(&t, &stored).await, 2);

    // Equal preferences (0.3 each); the old topic's bookmark is two weeks old: its
    // recent interest is 2^-2 = 0.25 of the new one's. Old: 0.3 + 0.2·0.25 = 0.35;
    // New: 0.3 + 0.2·1.0 = 0.5 (without recency the tie would go to the older course).
    let age = "UPDATE interactions SET created_at = created_at - $1 WHERE course_id = $2";
    t.execute(
        sqlx::query(age)
            .bind(14_i64 * 24 * 3600 * 1000)
            .bind(old_id),
    )
    .await;
    let r = t.get_ok("/api/v1/recommendations", Some(&me)).await;
    let got = order(&r);
    assert_eq!(got[0].0, new);
    assert_eq!(got[1].0, old);
    assert!((got[0].1 - 0.5).abs() < 1e-6, "{got:?}");
    assert!((got[1].1 - 0.35).abs() < 1e-6, "{got:?}");
}
