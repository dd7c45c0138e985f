use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use super::*;

#[db_test]
async fn the_workflow_and_who_may_do_what(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let student = t.student("stu@example.org").await;

    let body = json!({"title": "Deep Learning", "description": "Nets", "price": 49.99});
    // Anonymous callers and students may not create courses.
    for (token, status, code) in [
        (None, StatusCode::UNAUTHORIZED, "unauthenticated"),
        (Some(student.as_str()), StatusCode::FORBIDDEN, "forbidden"),
    ] {
        let r = t.post("/api/v1/courses", token, body.clone()).await;
        assert_error(&r, status, code);
    }
    let created = t.post("/api/v1/courses", Some(&ada), body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["slug"], "deep-learning");
    assert!(created.body["course_id"].as_i64().is_some());
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["price_cents"], 4999);
    let path = "/api/v1/courses/deep-learning";

    // A draft is invisible to the public, students and other teachers; not to its
    // teacher and staff.
    for token in [None, Some(student.as_str()), Some(bob.as_str())] {
        assert_error(
            &t.get(path, token).await,
            StatusCode::NOT_FOUND,
            "course_not_found",
        );
    }
    assert_eq!(t.get(path, Some(&ada)).await.status, StatusCode::OK);
    assert_eq!(t.get(path, Some(&producer)).await.status, StatusCode::OK);
    assert_error(
        &t.get("/api/v1/courses/no-such-course", None).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    assert_error(
        &t.patch(path, Some(&bob), json!({"title": "Mine now"}))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );

    // draft → published skips review: 409 with what is allowed.
    let status = format!("{path}/status");
    let skip = t
        .post(&status, Some(&producer), json!({"status": "published"}))
        .await;
    assert_error(&skip, StatusCode::CONFLICT, "illegal_status_change");
    assert_eq!(skip.body["error"]["details"]["allowed"], json!(["review"]));
    assert_error(
        &t.post(&status, Some(&ada), json!({"status": "live"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let r = t
        .post(&status, Some(&ada), json!({"status": "review"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "review");
    // The teacher cannot publish their own course.
    let own = t
        .post(&status, Some(&ada), json!({"status": "published"}))
        .await;
    assert_error(&own, StatusCode::CONFLICT, "illegal_status_change");
    assert_eq!(own.body["error"]["details"]["allowed"], json!([]));
    let r = t
        .post(&status, Some(&producer), json!({"status": "published"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body["published_at"].is_string());

    // Published: everyone reads it; only its teacher and staff edit it.
    let public = t.get(path, None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(public.body["title"], "Deep Learning");
    for token in [&bob, &student] {
        assert_error(
            &t.patch(path, Some(token), json!({"title": "Mine now"}))
                .await,
            StatusCode::FORBIDDEN,
            "not_course_editor",
        );
        assert_error(
            &t.post(&status, Some(token), json!({"status": "archived"}))
                .await,
            StatusCode::FORBIDDEN,
            "not_course_editor",
        );
    }
    let edited = t
        .patch(
            path,
            Some(&ada),
            json!({"title": "Deep Learning II", "price": 0}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.body["title"], "Deep Learning II");
    assert_eq!(edited.body["slug"], "deep-learning");
    assert_eq!(edited.body["is_free"], true);
    let edited = t
        .patch(path, Some(&producer), json!({"description": "Moderated"}))
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.body["title"], "Deep Learning II");

    let back = t
        .post(&status, Some(&producer), json!({"status": "draft"}))
        .await;
    assert_error(&back, StatusCode::CONFLICT, "illegal_status_change");
    assert_eq!(
        back.body["error"]["details"]["allowed"],
        json!(["archived"])
    );
    let r = t
        .post(&status, Some(&ada), json!({"status": "archived"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_error(
        &t.get(path, None).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
}

#[db_test]
async fn slugs_are_derived_from_titles_and_unique(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let bob = user(&t, "bob@example.org", Role::Teacher).await;
    assert_eq!(draft(&t, &ada, "Intro to ML!").await, "intro-to-ml");
    assert_eq!(draft(&t, &bob, "Intro to ML").await, "intro-to-ml-2");
    assert_eq!(draft(&t, &ada, "  intro TO ml ").await, "intro-to-ml-3");
    // Renaming keeps the address.
    let r = edit_course(&t, &bob, "intro-to-ml-2", json!({"title": "Other"})).await;
    assert_eq!(r.body["slug"], "intro-to-ml-2");
    let bad = t
        .post(
            "/api/v1/courses",
            Some(&ada),
            json!({"title": " ", "price": -1, "currency": "EURO", "cover_image_url": "javascript:x"}),
        )
        .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        bad.body["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

const CATEGORIES: &str = "/api/v1/courses/categories";
const TAGS: &str = "/api/v1/courses/tags";

#[db_test]
async fn categories_and_tags(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    assert_error(
        &t.post(CATEGORIES, Some(&ada), json!({"name": "AI"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let ai = json!({"name": "Artificial Intelligence", "slug": "ai-ml"});
    let ai = create_category(&t, &producer, ai).await;
    let cv = json!({"name": "Computer Vision", "parent_slug": "ai-ml"});
    let cv = create_category(&t, &producer, cv).await;
    assert_eq!(cv["slug"], "computer-vision");
    assert_eq!(cv["parent_id"], ai["category_id"]);
    assert_error(
        &t.post(
            CATEGORIES,
            Some(&producer),
            json!({"name": "AI again", "slug": "ai-ml"}),
        )
        .await,
        StatusCode::CONFLICT,
        "category_exists",
    );
    let list = t.get(CATEGORIES, None).await;
    assert_eq!(list.body.as_array().unwrap().len(), 2);

    let tag = t.post(TAGS, Some(&ada), json!({"name": "PyTorch"})).await;
    assert_eq!(tag.status, StatusCode::CREATED, "{}", tag.body);
    assert_eq!(tag.body["slug"], "pytorch");
    assert_error(
        &t.post(TAGS, Some(&ada), json!({"name": "pytorch"})).await,
        StatusCode::CONFLICT,
        "tag_exists",
    );

    let c = create_course(
        &t,
        &ada,
        json!({"title": "Seeing machines", "description": "CNNs", "price": 5,
               "category_slug": "computer-vision", "tags": ["PyTorch", "Convolutions", "convolutions"]}),
    )
    .await;
    assert_eq!(c["category_slug"], "computer-vision");
    assert_eq!(c["tags"], json!(["convolutions", "pytorch"]));
    let tags = t.get(TAGS, None).await;
    assert_eq!(tags.body.as_array().unwrap().len(), 2);
    let unknown = t
        .post(
            "/api/v1/courses",
            Some(&ada),
            json!({"title": "X course", "category_slug": "nope"}),
        )
        .await;
    assert_error(
        &unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(
        unknown.body["error"]["details"]["fields"][0]["field"],
        "category_slug"
    );
}
