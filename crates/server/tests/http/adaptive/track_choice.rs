//! Choosing a track: at registration (`track_slug`) or later with `POST /progress/track`
//! while nothing was done on a track.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

async fn register(t: &TestApp, email: &str, track: Option<&str>) -> crate::support::Response {
    let mut body = json!({"email": email, "password": PASSWORD, "full_name": "Learner"});
    if let Some(slug) = track {
        body["track_slug"] = json!(slug);
    }
    t.post("/api/v1/auth/register", None, body).await
}

async fn placements(t: &TestApp, email: &str) -> i64 {
    count(
        t,
        &format!(
            "SELECT COUNT(*) AS n FROM stage_progress p JOIN users u ON u.id = p.user_id \
             WHERE u.email = '{email}'"
        ),
    )
    .await
}

async fn choose(t: &TestApp, token: &str, slug: &str) -> crate::support::Response {
    t.post(
        "/api/v1/progress/track",
        Some(token),
        json!({ "track_slug": slug }),
    )
    .await
}

fn track_of(r: &crate::support::Response) -> &Value {
    &r.body["track"]
}

#[db_test]
async fn adaptive_a_track_chosen_at_registration_places_the_learner(t: TestApp) {
    let admin = build_track(&t).await;
    other_track(&t, &admin).await;

    // Chosen at registration: placed in the same transaction, on that track.
    let r = register(&t, "chooser@example.org", Some("other")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(placements(&t, "chooser@example.org").await, 1);
    let me = token(&r.body);
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.status, StatusCode::OK, "{}", stage.body);
    assert_eq!(track_of(&stage), "other");
    assert_eq!(stage.body["stage"], "trainee_0");
    assert_eq!(stage.body["status"], "active");

    // Unknown or unpublished: 422 on track_slug, and no account is created.
    let r = register(&t, "lost@example.org", Some("no-such-track")).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(error_fields(&r), ["track_slug"]);
    assert_eq!(rows(&t, "users WHERE email = 'lost@example.org'").await, 0);
    new_track(
        &t,
        &admin,
        json!({"slug": "draft", "title": "Draft", "ranks": ["trainee"]}),
    )
    .await
    .expect_status(StatusCode::CREATED);
    let r = register(&t, "draft@example.org", Some("draft")).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    // Without a choice nothing changes: placed on the default track at the first
    // adaptive request.
    let r = register(&t, "default@example.org", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(placements(&t, "default@example.org").await, 0);
    let stage = t
        .get("/api/v1/progress/current-stage", Some(&token(&r.body)))
        .await;
    assert_eq!(track_of(&stage), SLUG);
}

#[db_test]
async fn adaptive_a_track_can_be_chosen_until_there_is_progress(t: TestApp) {
    let admin = build_track(&t).await;
    other_track(&t, &admin).await;
    let me = t.student("later@example.org").await;

    let r = choose(&t, &me, "other").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(track_of(&r), "other");
    assert_eq!(r.body["stage"], "trainee_0");
    // Confirming is fine; so is switching while the placement is untouched.
    let r = choose(&t, &me, "other").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = choose(&t, &me, SLUG).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(track_of(&r), SLUG);
    assert_eq!(placements(&t, "later@example.org").await, 1);
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(track_of(&stage), SLUG);

    let r = choose(&t, &me, "no-such-track").await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(error_fields(&r), ["track_slug"]);

    // Once the diagnostic started, the track is fixed — also for the same slug.
    start(&t, &me, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    let r = choose(&t, &me, "other").await;
    assert_error(&r, StatusCode::CONFLICT, "track_progress_exists");
    let r = choose(&t, &me, SLUG).await;
    assert_error(&r, StatusCode::CONFLICT, "track_progress_exists");
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(track_of(&stage), SLUG);

    let r = t
        .post(
            "/api/v1/progress/track",
            None,
            json!({ "track_slug": "other" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
