//! `PUT|GET /courses/{slug}/cover`: an uploaded cover, checked like avatars, served to
//! whoever may see the course.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use serde_json::json;

use super::*;

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0";

fn cover_upload(
    slug: &str,
    token: &str,
    field: &str,
    content_type: &str,
    bytes: &[u8],
) -> Request<Body> {
    let uri = format!("/api/v1/courses/{slug}/cover");
    multipart_put(&uri, token, field, content_type, bytes)
}

#[db_test]
async fn covers_are_uploaded_checked_and_served(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let slug = draft(&t, &ada, "Calculus").await;

    let r = t
        .send(cover_upload(&slug, &ada, "cover", "image/png", PNG))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = r.body["cover_image_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("/api/v1/courses/{slug}/cover?v=")),
        "{url}"
    );
    // A draft's cover is seen by its teacher only, and not cached by proxies.
    let img = t.get(&url, Some(&ada)).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(img.headers[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(img.bytes, PNG);
    assert_error(
        &t.get(&url, None).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    assert_error(
        &t.send(cover_upload(&slug, &bob, "cover", "image/png", PNG))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );

    // The same checks as avatars: the bytes decide, the declared type must agree.
    for (declared, bytes) in [
        ("image/jpeg", PNG.to_vec()),
        ("image/png", b"<svg onload=alert(1)>".to_vec()),
        ("image/png", {
            let mut big = PNG.to_vec();
            big.resize(1024 * 1024 + 10, 0);
            big
        }),
    ] {
        let r = t
            .send(cover_upload(&slug, &ada, "cover", declared, &bytes))
            .await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(r.body.to_string().contains("cover"), "{}", r.body);
    }
    assert_error(
        &t.send(cover_upload(&slug, &ada, "avatar", "image/png", PNG))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let mut huge = PNG.to_vec();
    huge.resize(3 * 1024 * 1024, 0);
    assert_error(
        &t.send(cover_upload(&slug, &ada, "cover", "image/png", &huge))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    // The failed uploads changed nothing.
    assert_eq!(t.get(&url, Some(&ada)).await.bytes, PNG);

    // Published: anyone sees it, in the catalog too; others may still not change it.
    module_with_lessons(&t, &ada, &slug, "Limits", 1).await;
    publish(&t, &ada, &producer, &slug).await;
    let img = t.get(&url, None).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers[header::CACHE_CONTROL], "public, max-age=300");
    let list = t.get("/api/v1/courses", None).await;
    assert_eq!(list.body["items"][0]["cover_image_url"], url);
    for token in [&bob, &stu] {
        assert_error(
            &t.send(cover_upload(&slug, token, "cover", "image/png", PNG))
                .await,
            StatusCode::FORBIDDEN,
            "not_course_editor",
        );
    }

    // A new upload replaces it (staff may too).
    let r = t
        .send(cover_upload(&slug, &producer, "cover", "image/jpeg", JPEG))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = r.body["cover_image_url"].as_str().unwrap().to_owned();
    let img = t.get(&url, None).await;
    assert_eq!(img.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(img.bytes, JPEG);

    // A form that sends the course back unchanged keeps the uploaded cover …
    let course = format!("/api/v1/courses/{slug}");
    let r = t
        .patch(
            &course,
            Some(&ada),
            json!({"title": "Calculus I", "cover_image_url": url}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["cover_image_url"], url);
    assert_eq!(t.get(&url, None).await.status, StatusCode::OK);
    // … while choosing another cover forgets the upload.
    let r = t
        .patch(
            &course,
            Some(&ada),
            json!({"cover_image_url": "https://cdn.example.org/c.png"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_error(
        &t.get(&url, None).await,
        StatusCode::NOT_FOUND,
        "cover_not_found",
    );
}
