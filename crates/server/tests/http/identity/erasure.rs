//! Issue #12, item 4: an administrator erases an account (`DELETE /accounts/users/{id}`):
//! personal data replaced, login impossible, learning records kept and anonymous; and a
//! user exports everything stored about them (`GET /accounts/me/export`).

use axum::http::{header, StatusCode};
use practicum_domain::identity::Role;
use serde_json::json;

use crate::courses::{draft, publish, user};
use crate::learning::count;
use crate::support::*;

#[db_test]
async fn an_erased_account_is_anonymous_and_locked_out(t: TestApp) {
    let (admin, _) = t.admin("root@example.org").await;
    let r = t.add_specialization(&admin, "Computer Vision").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let teacher = user(&t, "teacher@example.org", Role::Teacher).await;
    let producer = user(&t, "producer@example.org", Role::Producer).await;
    let slug = draft(&t, &teacher, "Kept Course").await;
    publish(&t, &teacher, &producer, &slug).await;

    let tokens = t.register("erin@example.org").await;
    let erin = token(&tokens);
    let r = t
        .patch_me(&erin, json!({"full_name": "Erin Private"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let erin_id = r.body["user_id"].as_i64().unwrap();
    let profile = json!({"slug": "erin-private", "bio": "I live at 1 Secret Lane", "phone": "+4915112345678",
                         "social_links": {"github": "https://github.com/erin"},
                         "specializations": ["computer-vision"]});
    let r = t.patch_profile(&erin, profile).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    enroll(&t, &erin, &slug).await;
    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/reviews"),
            Some(&erin),
            json!({"rating": 5, "text": "great"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let r = t.forgot_password("erin@example.org").await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);

    // The export: everything about Erin, nothing secret, never cached.
    let ex = t.get("/api/v1/accounts/me/export", Some(&erin)).await;
    assert_eq!(ex.status, StatusCode::OK, "{}", ex.body);
    assert_eq!(ex.headers[header::CACHE_CONTROL], "no-store");
    let data = &ex.body["data"];
    assert_eq!(data["account"]["email"], "erin@example.org");
    assert_eq!(data["account"]["full_name"], "Erin Private");
    assert_eq!(data["profile"]["phone"], "+4915112345678");
    assert_eq!(data["specializations"][0]["slug"], "computer-vision");
    assert_eq!(data["enrollments"].as_array().unwrap().len(), 1);
    assert_eq!(data["reviews"][0]["rating"], 5);
    assert_eq!(data["reviews"][0]["body"], "great");
    assert!(!data["sessions"].as_array().unwrap().is_empty(), "{data}");
    // Queued e-mails are listed without their bodies: no reset link leaks.
    let emails = data["emails"].as_array().unwrap();
    assert!(!emails.is_empty(), "{data}");
    assert!(emails.iter().all(|e| e.get("body").is_none()), "{data}");
    assert!(
        !ex.body.to_string().contains("token="),
        "a reset link leaked"
    );
    let text = ex.body.to_string();
    for secret in ["password_hash", "token_hash", "$argon2"] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
    // Another user's export holds nothing of Erin's.
    let other = t.get("/api/v1/accounts/me/export", Some(&teacher)).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    assert!(!other.body.to_string().contains("erin"), "{}", other.body);
    assert_eq!(
        other.body["data"]["courses_taught"][0]["slug"],
        slug.as_str()
    );
    let anon = t.get("/api/v1/accounts/me/export", None).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);

    // Only an admin erases, never their own account; unknown ids are 404.
    let path = format!("/api/v1/accounts/users/{erin_id}");
    let r = delete(&t, &path, Some(&teacher)).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden");
    let admin_id = t.me(Some(&admin)).await.body["user_id"].clone();
    let r = delete(
        &t,
        &format!("/api/v1/accounts/users/{admin_id}"),
        Some(&admin),
    )
    .await;
    assert_error(&r, StatusCode::CONFLICT, "cannot_erase_own_account");
    let r = delete(&t, "/api/v1/accounts/users/999999", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    let r = delete(&t, &path, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // Locked out: the old token, the refresh token and the password all fail.
    let r = t.me(Some(&erin)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = t.refresh(&tokens["refresh_token"]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = t.try_login("erin@example.org", PASSWORD).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "invalid_credentials");

    // Personal data replaced.
    let r = t.get(&path, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["full_name"], "Deleted user");
    assert_eq!(r.body["is_active"], false);
    assert!(!r.body.to_string().contains("erin"), "{}", r.body);
    let r = t.get("/api/v1/accounts/profiles/erin-private", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(
        count(
            &t,
            &format!(
                "SELECT COUNT(*) AS n FROM profiles WHERE user_id = {erin_id} AND phone IS NULL \
                 AND bio = '' AND social_links = '{{}}'"
            )
        )
        .await,
        1
    );
    for sql in [
        "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%erin@%' OR full_name LIKE '%Erin%'"
            .to_owned(),
        format!("SELECT COUNT(*) AS n FROM profile_specializations WHERE user_id = {erin_id}"),
        format!("SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = {erin_id}"),
        "SELECT COUNT(*) AS n FROM email_outbox WHERE recipient = 'erin@example.org'".to_owned(),
    ] {
        assert_eq!(count(&t, &sql).await, 0, "{sql}");
    }

    // Learning records kept, consistent and anonymous.
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["enrollment_count"], 1, "{}", course.body);
    assert_eq!(course.body["rating_count"], 1, "{}", course.body);
    let reviews = t
        .get(&format!("/api/v1/courses/{slug}/reviews"), None)
        .await;
    assert_eq!(reviews.body["items"][0]["author_name"], "Deleted user");
    assert_eq!(reviews.body["items"][0]["rating"], 5);
    assert_eq!(
        count(
            &t,
            &format!("SELECT COUNT(*) AS n FROM enrollments WHERE user_id = {erin_id}")
        )
        .await,
        1
    );

    // Never reactivated; erasing again changes nothing.
    let r = t
        .patch(&path, Some(&admin), json!({"is_active": true}))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "account_erased");
    let r = delete(&t, &path, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}
