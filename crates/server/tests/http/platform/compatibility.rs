//! The compatibility routes for the course platform's original front end (issue 12,
//! item 13): `/api/auth/*` beside `/api/v1/auth/*` (cookie sessions included), the
//! original bodies of the quiz check and the activity log, `GET /api/v1/`, and distinct
//! access tokens from refreshes within one second.

use axum::http::{header, Method, StatusCode};
use base64::Engine;
use serde_json::{json, Value};

use crate::learning::{cast, check_answer, quiz_lesson};
use crate::{courses::*, support::*};

#[db_test]
async fn the_api_root_answers_ok(t: TestApp) {
    for path in ["/api/v1/", "/api/v1"] {
        let r = t.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.body, json!({"status": "ok"}), "{path}");
    }
}

#[db_test]
async fn api_auth_is_an_alias_of_api_v1_auth(t: TestApp) {
    let r = t
        .post(
            "/api/auth/register",
            None,
            json!({"email": "ada@example.org", "password": PASSWORD, "full_name": "Ada L"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The same account through either path.
    let login = json!({"username": "ada@example.org", "password": PASSWORD});
    let old = t.post("/api/auth/login", None, login.clone()).await;
    let new = t.post("/api/v1/auth/login", None, login.clone()).await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.body);
    let me = t.get("/api/auth/me", Some(&token(&new.body))).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["email"], "ada@example.org");
    assert_error(
        &t.post(
            "/api/auth/login",
            None,
            json!({"username": "ada@example.org", "password": "nope-nope-nope"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    let refreshed = t
        .post(
            "/api/auth/refresh",
            None,
            json!({"refresh_token": old.body["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);

    // A browser session through the alias: the cookie is scoped to /api/auth, and the
    // alias's refresh reads it back.
    let cookie_login = t
        .call_with(
            Method::POST,
            "/api/auth/login",
            &[("x-session-transport", "cookie")],
            Some(login),
        )
        .await;
    assert_eq!(cookie_login.status, StatusCode::OK, "{}", cookie_login.body);
    assert!(cookie_login.body.get("refresh_token").is_none());
    let set = cookie_login.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("Path=/api/auth;"), "{set}");
    assert!(set.contains("HttpOnly"), "{set}");
    let pair = set.split(';').next().unwrap().to_owned();
    let again = t
        .call_with(
            Method::POST,
            "/api/auth/refresh",
            &[("x-session-transport", "cookie"), ("cookie", &pair)],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let rotated = again.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(rotated.contains("Path=/api/auth;"), "{rotated}");
    // The canonical route keeps its path.
    let v1 = t
        .call_with(
            Method::POST,
            "/api/v1/auth/login",
            &[("x-session-transport", "cookie")],
            Some(json!({"username": "ada@example.org", "password": PASSWORD})),
        )
        .await;
    let v1_cookie = v1.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(v1_cookie.contains("Path=/api/v1/auth;"), "{v1_cookie}");
}

fn claims(access: &str) -> Value {
    let payload = access.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

#[db_test]
async fn two_refreshes_in_one_second_give_different_access_tokens(t: TestApp) {
    let session = t.register("ada@example.org").await;
    let mut refresh = session["refresh_token"].as_str().unwrap().to_owned();
    let mut seen: Vec<String> = vec![token(&session)];
    let mut same_second = false;
    for _ in 0..10 {
        let r = t.refresh(&refresh).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let access = token(&r.body);
        let last = seen.last().unwrap();
        same_second |= claims(last)["iat"] == claims(&access)["iat"];
        assert!(!seen.contains(&access), "an access token came back twice");
        assert_ne!(claims(last)["jti"], claims(&access)["jti"]);
        seen.push(access);
        refresh = r.body["refresh_token"].as_str().unwrap().to_owned();
    }
    assert!(same_second, "no two refreshes fell in the same second");
}

#[db_test]
async fn the_original_quiz_check_body_finds_the_lesson(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let outsider = t.student("out@example.org").await;
    let mut slugs = Vec::new();
    let mut lessons = Vec::new();
    for title in ["Optimisation", "Calculus"] {
        let slug = draft(&t, &ada, title).await;
        lessons.push(quiz_lesson(&t, &ada, &slug).await);
        publish(&t, &ada, &producer, &slug).await;
        slugs.push(slug);
    }
    // The original body: no lesson id, and the answer as `selected_answer_id`.
    let original = |answer: &str| json!({"question_id": "q1", "selected_answer_id": answer});
    enroll(&t, &stu, &slugs[0]).await;
    let r = check_answer(&t, &stu, original("b")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"is_correct": true, "correct_answer_id": "b"})
    );
    let r = check_answer(&t, &stu, original("a")).await;
    assert_eq!(r.body["is_correct"], false);
    // Only the lessons the caller may read count: the outsider finds no such question.
    assert_error(
        &check_answer(&t, &outsider, original("b")).await,
        StatusCode::NOT_FOUND,
        "question_not_found",
    );
    assert_error(
        &check_answer(&t, &stu, json!({"question_id": "q1"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    // In two readable lessons the id is ambiguous: 422 naming lesson_id.
    enroll(&t, &stu, &slugs[1]).await;
    let r = check_answer(&t, &stu, original("b")).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        r.body["error"]["details"]["fields"][0]["field"],
        "lesson_id"
    );
    let with_lesson =
        json!({"lesson_id": lessons[1], "question_id": "q1", "selected_answer_id": "b"});
    let r = check_answer(&t, &stu, with_lesson).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The canonical body is unchanged.
    let canonical = json!({"lesson_id": lessons[0], "question_id": "q1", "answer_id": "a"});
    let r = check_answer(&t, &stu, canonical).await;
    assert_eq!(r.body["is_correct"], false);
}

#[db_test]
async fn the_original_activity_body_is_recorded(t: TestApp) {
    let stu = t.student("stu@example.org").await;
    let log = "/api/v1/activity-log";
    let r = t
        .post(
            log,
            Some(&stu),
            json!({"activity_type": "video.watched", "details": {"seconds": 42}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let r = t
        .post(
            log,
            Some(&stu),
            json!({"activity_type": "page_view", "details": "home"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_error(
        &t.post(log, Some(&stu), json!({"details": {}})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let mine = t.get(log, Some(&stu)).await;
    assert_eq!(mine.body["total"], 2);
    assert_eq!(mine.body["items"][0]["kind"], "page_view");
    assert_eq!(mine.body["items"][0]["payload"], json!({"details": "home"}));
    assert_eq!(mine.body["items"][1]["kind"], "video.watched");
    assert_eq!(mine.body["items"][1]["payload"], json!({"seconds": 42}));
}
