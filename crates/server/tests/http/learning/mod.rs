//! Enrollment, favorites, lessons, quizzes, the activity log and the dashboard.

mod activity;
mod dashboard;
mod dashboard_copies;
mod enrollment;
mod favorites;
mod lessons;
pub mod outline_copy;

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use practicum_store::Session;
use serde_json::{json, Value};
use sqlx::Row;

use crate::courses::{module_with_lessons, quiz_content, user};
use crate::support::{Response, TestApp};

/// Counts rows straight from the database, to check what the API cannot show.
pub async fn count(t: &TestApp, sql: &str) -> i64 {
    let mut conn = t.db.db.read().await.unwrap();
    sqlx::query(sql)
        .fetch_one(conn.conn())
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap()
}

/// The people of most learning tests, as access tokens: a teacher (ada@), a producer
/// (prod@) and a learner (stu@), signed up in that order.
pub async fn cast(t: &TestApp) -> (String, String, String) {
    let teacher = user(t, "ada@example.org", Role::Teacher).await;
    let producer = user(t, "prod@example.org", Role::Producer).await;
    (teacher, producer, t.student("stu@example.org").await)
}

/// Toggles the bookmark of `slug` for `token`; the caller reads `favorited`.
pub async fn toggle_favorite(t: &TestApp, token: &str, slug: &str) -> Response {
    t.post(
        &format!("/api/v1/courses/{slug}/favorite"),
        Some(token),
        json!({}),
    )
    .await
}

/// Adds a module "Basics" holding the lesson "Gradients" with the quiz of
/// [`quiz_content`] to `slug`, as `teacher`; returns the lesson id.
pub async fn quiz_lesson(t: &TestApp, teacher: &str, slug: &str) -> i64 {
    let (module_id, _) = module_with_lessons(t, teacher, slug, "Basics", 0).await;
    let body = json!({"module_id": module_id, "title": "Gradients", "content": quiz_content()});
    let l = t
        .post(
            &format!("/api/v1/courses/{slug}/lessons"),
            Some(teacher),
            body,
        )
        .await;
    assert_eq!(l.status, StatusCode::CREATED, "{}", l.body);
    l.body["lesson_id"].as_i64().unwrap()
}

/// `POST /quizzes/answers/check` with `body` as `token`.
pub async fn check_answer(t: &TestApp, token: &str, body: Value) -> Response {
    t.post("/api/v1/quizzes/answers/check", Some(token), body)
        .await
}
