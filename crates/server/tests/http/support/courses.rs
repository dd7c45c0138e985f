//! Course, lesson, enrollment and review fixtures, and the request helpers the course,
//! review and job tests share.

use std::sync::Arc;

use axum::http::{header, Method, StatusCode};
use practicum_app::App;
use practicum_domain::identity::Role;
use practicum_testkit::TestClock;
use serde_json::{json, Value};

pub use practicum_testkit_macros::db_test;

use super::{Backend, Response, TestApp};

/// 2027-01-15T00:00:00Z: where the movable clock of [`Clocked`] starts.
pub const T0: i64 = 1_800_000_000_000;

/// A test app whose clock starts at [`T0`] and only moves when the test says so.
pub struct Clocked {
    pub t: TestApp,
    pub clock: Arc<TestClock>,
}

impl Clocked {
    /// `None` when the backend is not configured (as [`TestApp::start`]).
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_custom(backend, |app| app).await
    }

    /// Like [`Clocked::start`], with the use-case layer further adjusted by `customize`.
    pub async fn start_custom(
        backend: Backend,
        customize: impl FnOnce(App) -> App,
    ) -> Option<Self> {
        let clock = Arc::new(TestClock::new(T0));
        let c = Arc::clone(&clock);
        let customize = move |app: App| customize(app.with_clock(c));
        let t = TestApp::start_custom(backend, super::test_config(), customize).await?;
        Some(Self { t, clock })
    }
}

/// The `key` of every item of a page (`{"items": [...]}`) or of a plain list.
pub fn item_strings(body: &Value, key: &str) -> Vec<String> {
    body["items"]
        .as_array()
        .or_else(|| body.as_array())
        .expect("a page or a list")
        .iter()
        .map(|item| item[key].as_str().expect(key).to_owned())
        .collect()
}

pub fn slugs(body: &Value) -> Vec<String> {
    item_strings(body, "slug")
}

pub fn titles(body: &Value) -> Vec<String> {
    item_strings(body, "title")
}

/// `GET path` with `Accept-Language: accept` (none when `None`), as `token` when given.
pub async fn get_lang(
    t: &TestApp,
    path: &str,
    token: Option<&str>,
    accept: Option<&str>,
) -> Response {
    let bearer = super::authorization(token);
    let mut headers = super::headers(&bearer, None);
    headers.extend(accept.map(|a| (header::ACCEPT_LANGUAGE.as_str(), a)));
    t.call_with(Method::GET, path, &headers, None).await
}

/// The response's `Content-Language` ("" when absent).
pub fn content_language(r: &Response) -> &str {
    r.headers
        .get(header::CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

pub async fn delete(t: &TestApp, path: &str, token: Option<&str>) -> Response {
    t.call(Method::DELETE, path, token, None).await
}

/// Signs in teacher ada@example.org and producer prod@example.org: `(ada, producer)`.
pub async fn teacher_and_producer(t: &TestApp) -> (String, String) {
    let ada = signed_in(t, "ada@example.org", Role::Teacher).await;
    (ada, signed_in(t, "prod@example.org", Role::Producer).await)
}

/// Signs in teachers ada@ and bob@example.org, then producer prod@example.org:
/// `(ada, bob, producer)`.
pub async fn two_teachers_and_producer(t: &TestApp) -> (String, String, String) {
    let ada = signed_in(t, "ada@example.org", Role::Teacher).await;
    let bob = signed_in(t, "bob@example.org", Role::Teacher).await;
    (
        ada,
        bob,
        signed_in(t, "prod@example.org", Role::Producer).await,
    )
}

async fn signed_in(t: &TestApp, email: &str, role: Role) -> String {
    super::token(&t.user_with_role(email, role).await)
}

/// Creates a course from `body` as `teacher`; returns the created course.
pub async fn create_course(t: &TestApp, teacher: &str, body: Value) -> Value {
    let r = t.post("/api/v1/courses", Some(teacher), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

/// Creates a category from `body` as `producer`; returns the created category.
pub async fn create_category(t: &TestApp, producer: &str, body: Value) -> Value {
    let r = t
        .post("/api/v1/courses/categories", Some(producer), body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

/// `PATCH /courses/{slug}` with `body` as `token`; the caller checks the answer.
pub async fn edit_course(t: &TestApp, token: &str, slug: &str, body: Value) -> Response {
    t.patch(&format!("/api/v1/courses/{slug}"), Some(token), body)
        .await
}

/// `POST /courses/{slug}/modules` with `body` as `token`; the caller checks the answer.
pub async fn add_module(t: &TestApp, token: &str, slug: &str, body: Value) -> Response {
    t.post(
        &format!("/api/v1/courses/{slug}/modules"),
        Some(token),
        body,
    )
    .await
}

/// `POST /courses/{slug}/lessons` with `body` as `token`; the caller checks the answer.
pub async fn add_lesson(t: &TestApp, token: &str, slug: &str, body: Value) -> Response {
    t.post(
        &format!("/api/v1/courses/{slug}/lessons"),
        Some(token),
        body,
    )
    .await
}

/// `PATCH /lessons/{id}` with `body` as `token`; the caller checks the answer.
pub async fn edit_lesson(t: &TestApp, token: &str, id: i64, body: Value) -> Response {
    t.patch(&format!("/api/v1/lessons/{id}"), Some(token), body)
        .await
}

/// `POST /courses/{slug}/modules/{module}/lessons/reorder` with `lesson_ids` as `token`;
/// the caller checks the answer.
pub async fn reorder(
    t: &TestApp,
    token: &str,
    (slug, module): (&str, i64),
    lesson_ids: &[i64],
) -> Response {
    let path = format!("/api/v1/courses/{slug}/modules/{module}/lessons/reorder");
    t.post(&path, Some(token), json!({ "lesson_ids": lesson_ids }))
        .await
}

/// `PATCH /reviews/{id}` with `body` as `token`; the caller checks the answer.
pub async fn edit_review(t: &TestApp, token: &str, id: i64, body: Value) -> Response {
    t.patch(&format!("/api/v1/reviews/{id}"), Some(token), body)
        .await
}

/// `POST /courses/{slug}/status` with `body` as `token`; the caller checks the answer.
pub async fn set_status(t: &TestApp, token: &str, slug: &str, body: Value) -> Response {
    t.post(&format!("/api/v1/courses/{slug}/status"), Some(token), body)
        .await
}

/// Enrolls the learner `token` in `slug`.
pub async fn enroll(t: &TestApp, token: &str, slug: &str) {
    let path = format!("/api/v1/courses/{slug}/enroll");
    let r = t.post(&path, Some(token), json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{path}: {}", r.body);
}

/// Marks `lesson` completed for the learner `token`.
pub async fn complete(t: &TestApp, token: &str, lesson: i64) {
    let path = format!("/api/v1/lessons/{lesson}/complete");
    let r = t.post(&path, Some(token), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
}

/// Of `results` (the same request raced), exactly one is `won`; every other is the error
/// envelope `lost` with `code`.
#[track_caller]
pub fn assert_one_wins(results: &[Response], won: StatusCode, lost: StatusCode, code: &str) {
    let winners = results.iter().filter(|r| r.status == won).count();
    assert_eq!(winners, 1, "exactly one of {} is {won}", results.len());
    for r in results.iter().filter(|r| r.status != won) {
        super::assert_error(r, lost, code);
    }
}
