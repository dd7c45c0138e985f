use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use serde_json::json;

use crate::support::*;

fn multipart(token: &str, content_type: &str, bytes: &[u8]) -> Request<Body> {
    let uri = "/api/v1/accounts/profiles/me/avatar";
    multipart_put(uri, token, "avatar", content_type, bytes)
}

#[db_test]
async fn owners_edit_profiles_and_the_public_reads_them(t: TestApp) {
    let ada = t.student("ada@example.org").await;
    let (admin, _) = t.admin("root@example.org").await;
    let spec = t.add_specialization(&admin, "Computer Vision").await;
    assert_eq!(spec.status, StatusCode::CREATED, "{}", spec.body);
    assert_error(
        &t.add_specialization(&ada, "X").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );

    let me = t.get("/api/v1/accounts/profiles/me", Some(&ada)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["slug"], "test-user");

    let bad = t
        .patch_profile(
            &ada,
            json!({"phone": "12345", "social_links": {"github": "javascript:alert(1)"}}),
        )
        .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        bad.body["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let profile = json!({"slug": "ada-lovelace", "bio": "Analyst", "phone": "+44 20 7946 0958",
                         "social_links": {"github": "https://github.com/ada"},
                         "specializations": ["computer-vision"]});
    let ok = t.patch_profile(&ada, profile).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["phone"], "+442079460958");
    assert_eq!(ok.body["specializations"][0]["name"], "Computer Vision");

    // The public sees the profile without the phone number.
    let public = t.get("/api/v1/accounts/profiles/ada-lovelace", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body["bio"], "Analyst");
    assert!(public.body["phone"].is_null());
    assert_eq!(
        public.body["social_links"]["github"],
        "https://github.com/ada"
    );
    assert_error(
        &t.get("/api/v1/accounts/profiles/nobody-here", None).await,
        StatusCode::NOT_FOUND,
        "profile_not_found",
    );

    let achievements = "/api/v1/accounts/profiles/ada-lovelace/achievements";
    let award = |title: &str| json!({"code": "first-steps", "title": title});
    let first = t
        .post(achievements, Some(&admin), award("First steps"))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["achievements"][0]["title"], "First steps");
    let twice = t.post(achievements, Some(&admin), award("Again")).await;
    assert_error(&twice, StatusCode::CONFLICT, "achievement_exists");

    // A second user cannot take the slug.
    let bob = t.student("bob@example.org").await;
    let taken = t.patch_profile(&bob, json!({"slug": "ada-lovelace"})).await;
    assert_error(&taken, StatusCode::CONFLICT, "slug_taken");
    // Bob took the freed "test-user"; the next "Test User" gets a suffix.
    assert_eq!(
        t.get("/api/v1/accounts/profiles/me", Some(&bob)).await.body["slug"],
        "test-user"
    );
    let carol = t.student("carol@example.org").await;
    assert_eq!(
        t.get("/api/v1/accounts/profiles/me", Some(&carol))
            .await
            .body["slug"],
        "test-user-2"
    );
}

#[db_test]
async fn avatar_uploads_are_checked_by_content_and_size(t: TestApp) {
    let ada = t.student("ada@example.org").await;

    let ok = t.send(multipart(&ada, "image/png", PNG)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let url = ok.body["avatar_url"].as_str().unwrap().to_owned();
    let img = t.get(&url, None).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(img.bytes, PNG);

    let lie = t.send(multipart(&ada, "image/jpeg", PNG)).await;
    assert_error(&lie, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let text = t
        .send(multipart(&ada, "image/png", b"<svg onload=alert(1)>"))
        .await;
    assert_error(&text, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 10, 0);
    let too_big = t.send(multipart(&ada, "image/png", &big)).await;
    assert_eq!(
        too_big.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_big.body
    );
    let mut huge = PNG.to_vec();
    huge.resize(3 * 1024 * 1024, 0);
    let over_limit = t.send(multipart(&ada, "image/png", &huge)).await;
    assert_error(
        &over_limit,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
}
