//! The catalog cache and the authoring routes: every edit of a published course's
//! content (outline, fields, translations, cover, taxonomy) is seen by the very next
//! public read, although the reads before it were served from the cache.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::{json, Value};

use super::*;

/// Reads `paths` anonymously (with `accept`), twice: the second round is served from the
/// cache (no query at all) and reads the same. Returns the bodies.
async fn cached(t: &TestApp, paths: &[&str], accept: Option<&str>) -> Vec<Value> {
    let mut first = Vec::new();
    for p in paths {
        let r = get_lang(t, p, None, accept).await;
        assert_eq!(r.status, StatusCode::OK, "{p}: {}", r.body);
        first.push(r.body);
    }
    let before = t.db.db.query_count();
    for (p, body) in paths.iter().zip(&first) {
        assert_eq!(&get_lang(t, p, None, accept).await.body, body, "{p}");
    }
    assert_eq!(
        t.db.db.query_count(),
        before,
        "the second round hit the cache"
    );
    first
}

fn lesson_titles(course: &Value) -> Vec<Vec<String>> {
    course["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["lessons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["title"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

fn cover_upload(slug: &str, token: &str) -> Request<Body> {
    let uri = format!("/api/v1/courses/{slug}/cover");
    multipart_put(&uri, token, "cover", "image/png", PNG)
}

/// Gives the category or tag at `what` (`categories/{slug}`, `tags/{slug}`) a new slug.
async fn reslug(t: &TestApp, producer: &str, what: &str, slug: &str) {
    let path = format!("/api/v1/courses/{what}");
    let r = t
        .patch(&path, Some(producer), json!({ "slug": slug }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
}

#[db_test]
async fn every_authoring_edit_is_seen_by_the_next_read(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    create_category(&t, &producer, json!({"name": "Math"})).await;
    let body = json!({"title": "Calculus", "category_slug": "math", "tags": ["Limits"]});
    let slug = create_course(&t, &ada, body).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "A", 2).await;
    let (b, b_lessons) = module_with_lessons(&t, &ada, &slug, "B", 1).await;
    publish(&t, &ada, &producer, &slug).await;
    let detail = format!("/api/v1/courses/{slug}");
    let paths = [
        detail.as_str(),
        "/api/v1/courses",
        "/api/v1/courses/popular",
    ];

    // Modules: rename and describe.
    cached(&t, &paths, None).await;
    let r = t
        .patch(
            &format!("{detail}/modules/{a}"),
            Some(&ada),
            json!({"title": "Limits", "description": "Epsilon and delta"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(now[0]["modules"][0]["title"], "Limits");
    assert_eq!(now[0]["modules"][0]["description"], "Epsilon and delta");

    // Lessons: rename, move, reorder, delete.
    let r = edit_lesson(&t, &ada, a_lessons[0], json!({"title": "Sequences"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(
        lesson_titles(&now[0]),
        [vec!["Sequences", "A lesson 2"], vec!["B lesson 1"]]
    );
    let r = edit_lesson(&t, &ada, a_lessons[1], json!({"module_id": b})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(
        lesson_titles(&now[0]),
        [vec!["Sequences"], vec!["B lesson 1", "A lesson 2"]]
    );
    let r = reorder(&t, &ada, (&slug, b), &[a_lessons[1], b_lessons[0]]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(
        lesson_titles(&now[0]),
        [vec!["Sequences"], vec!["A lesson 2", "B lesson 1"]]
    );
    let r = t
        .call(
            Method::DELETE,
            &format!("/api/v1/lessons/{}", b_lessons[0]),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(
        lesson_titles(&now[0]),
        [vec!["Sequences"], vec!["A lesson 2"]]
    );
    let r = t
        .call(
            Method::DELETE,
            &format!("{detail}/modules/{a}"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(lesson_titles(&now[0]), [vec!["A lesson 2"]]);

    // Course fields and their translation.
    let r = t
        .patch(
            &detail,
            Some(&ada),
            json!({"requirements": ["Algebra"], "what_you_will_learn": ["Limits"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = cached(&t, &paths, None).await;
    assert_eq!(now[0]["requirements"], json!(["Algebra"]));
    let german = cached(&t, &paths, Some("de")).await;
    assert_eq!(german[0]["title"], "Calculus");
    let r = t
        .call(
            Method::PUT,
            &format!("{detail}/translations/de"),
            Some(&ada),
            Some(json!({"title": "Analysis", "requirements": ["Algebra (Schule)"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let german = cached(&t, &paths, Some("de")).await;
    assert_eq!(german[0]["title"], "Analysis");
    assert_eq!(german[0]["requirements"], json!(["Algebra (Schule)"]));
    assert_eq!(german[1]["items"][0]["title"], "Analysis");

    // The cover.
    let r = t.send(cover_upload(&slug, &ada)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = r.body["cover_image_url"].clone();
    let now = cached(&t, &paths, None).await;
    assert_eq!(now[0]["cover_image_url"], url);
    assert_eq!(now[1]["items"][0]["cover_image_url"], url);
    assert_eq!(now[2][0]["cover_image_url"], url);

    // The taxonomy the course is filed under.
    let by_category = ["/api/v1/courses?category=analysis", detail.as_str()];
    let before = cached(&t, &by_category, None).await;
    assert_eq!(before[0]["total"], 0);
    reslug(&t, &producer, "categories/math", "analysis").await;
    let now = cached(&t, &by_category, None).await;
    assert_eq!(now[0]["total"], 1);
    assert_eq!(now[1]["category_slug"], "analysis");
    reslug(&t, &producer, "tags/limits", "epsilon-delta").await;
    let now = cached(&t, &paths, None).await;
    assert_eq!(now[0]["tags"], json!(["epsilon-delta"]));
    assert_eq!(now[1]["items"][0]["tags"], json!(["epsilon-delta"]));
}
