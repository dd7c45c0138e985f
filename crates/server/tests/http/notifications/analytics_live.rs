//! Live analytics over `/ws` (issue 12, item 8): a teacher subscribes to an own course
//! (staff to any), others get an error frame, and an analytics refresh that changes the
//! course's figures pushes an `analytics_update` frame — on PostgreSQL also when the
//! refresh runs in another app instance (the cross-process channel).

use std::time::Duration;

use futures::SinkExt;
use practicum_domain::identity::Role;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use super::*;
use crate::courses::{draft, publish, user};

async fn subscribe(ws: &mut Socket, course: &str) -> Value {
    ws.send(Message::Text(
        json!({"type": "subscribe", "course": course})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    next_frame(ws, Duration::from_secs(2))
        .await
        .expect("an answer")
}

/// Signs `email` up and enrolls them in `slug`.
async fn enroll(t: &TestApp, slug: &str, email: &str) {
    crate::support::enroll(t, &t.student(email).await, slug).await;
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_pushes_analytics_to_subscribed_teachers(t: TestApp) {
    let (_listener, addr) = serve_live(&t).await;
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let bob = user(&t, "bob@example.org", Role::Teacher).await;
    let producer = user(&t, "prod@example.org", Role::Producer).await;
    let stu = t.student("stu@example.org").await;
    let mine = draft(&t, &ada, "Mine").await;
    let theirs = draft(&t, &bob, "Theirs").await;
    publish(&t, &ada, &producer, &mine).await;
    publish(&t, &bob, &producer, &theirs).await;

    let (mut ws, _) = connect(addr, "/ws", &ada).await;
    assert_eq!(
        subscribe(&mut ws, &mine).await,
        json!({"type": "subscribed", "course": mine})
    );
    let refused = subscribe(&mut ws, &theirs).await;
    assert_eq!(refused["type"], "error");
    assert_eq!(refused["course"], theirs.as_str());
    assert_eq!(refused["error"]["code"], "not_course_teacher");
    let missing = subscribe(&mut ws, "no-such-course").await;
    assert_eq!(missing["error"]["code"], "course_not_found");
    let (mut learner_ws, _) = connect(addr, "/ws", &stu).await;
    let refused = subscribe(&mut learner_ws, &mine).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["error"]["code"], "forbidden", "{refused}");
    // Staff follow any course.
    let (mut staff_ws, _) = connect(addr, "/ws", &producer).await;
    assert_eq!(
        subscribe(&mut staff_ws, &theirs).await["type"],
        "subscribed"
    );

    // A change to Ada's course, then a refresh: her socket gets the new figures; the
    // producer's (following Bob's unchanged course) gets nothing.
    enroll(&t, &mine, "l1@example.org").await;
    let r = t
        .post("/api/v1/analytics/refresh", Some(&producer), json!({}))
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    let update = next_frame(&mut ws, Duration::from_secs(3))
        .await
        .expect("an analytics_update frame");
    assert_eq!(update["type"], "analytics_update", "{update}");
    assert_eq!(update["course"], mine.as_str());
    assert_eq!(update["analytics"]["enrollments"], 1);
    // The first refresh also created Bob's rollup (from nothing): drain it, then nothing.
    while let Some(f) = next_frame(&mut staff_ws, Duration::from_millis(300)).await {
        assert_eq!(f["course"], theirs.as_str(), "{f}");
    }
    // A refresh that changes nothing sends nothing.
    t.post("/api/v1/analytics/refresh", Some(&producer), json!({}))
        .await;
    assert!(next_frame(&mut ws, Duration::from_millis(500))
        .await
        .is_none());
    assert!(next_frame(&mut staff_ws, Duration::from_millis(200))
        .await
        .is_none());
    assert!(next_frame(&mut learner_ws, Duration::from_millis(200))
        .await
        .is_none());

    // Another app instance over the same database refreshes: on PostgreSQL the signal
    // crosses over (LISTEN/NOTIFY); SQLite is one process by design.
    if backend == Backend::Postgres {
        enroll(&t, &mine, "l2@example.org").await;
        let other = practicum_testkit::test_app(t.db.db.clone());
        other.refresh_analytics().await.unwrap();
        let update = next_frame(&mut ws, Duration::from_secs(3))
            .await
            .expect("the other instance's refresh reached this socket");
        assert_eq!(update["analytics"]["enrollments"], 2);
    }
}
