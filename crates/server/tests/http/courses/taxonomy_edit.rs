//! `PATCH|DELETE /courses/categories/{slug}` and `/courses/tags/{slug}`: producers and
//! admins curate; a category or tag that courses use is not deleted.

use axum::http::{Method, StatusCode};
use futures::future::join_all;
use serde_json::{json, Value};

use super::*;

async fn category(t: &TestApp, token: &str, name: &str, parent: Option<&str>) -> String {
    let c = create_category(t, token, json!({"name": name, "parent_slug": parent})).await;
    c["slug"].as_str().unwrap().to_owned()
}

#[db_test]
async fn staff_rename_renest_and_delete_categories(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let (admin, _) = t.admin("root@example.org").await;
    let stu = t.student("stu@example.org").await;
    let math = category(&t, &producer, "Math", None).await;
    let calculus = category(&t, &producer, "Calculus", Some(&math)).await;
    let vision = category(&t, &producer, "Vision", None).await;
    let slug = draft(&t, &ada, "Limits").await;
    let r = edit_course(&t, &ada, &slug, json!({"category_slug": calculus})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    publish(&t, &ada, &producer, &slug).await;
    let path = |s: &str| format!("/api/v1/courses/categories/{s}");

    // Teachers and students do not curate categories.
    for token in [&ada, &stu] {
        assert_error(
            &t.patch(&path(&calculus), Some(token), json!({"name": "X"}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
        assert_error(
            &delete(&t, &path(&vision), Some(token)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    assert_error(
        &t.patch(&path("nope"), Some(&producer), json!({"name": "X"}))
            .await,
        StatusCode::NOT_FOUND,
        "category_not_found",
    );

    // Rename and re-slug: the catalog follows.
    let r = t
        .patch(
            &path(&calculus),
            Some(&producer),
            json!({"name": "Analysis", "slug": "analysis"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["name"], "Analysis");
    assert_eq!(r.body["slug"], "analysis");
    let list = t.get("/api/v1/courses?category=analysis", None).await;
    assert_eq!(list.body["total"], 1, "{}", list.body);
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["category_slug"], "analysis");
    // The parent's filter still includes it.
    let list = t
        .get(&format!("/api/v1/courses?category={math}"), None)
        .await;
    assert_eq!(list.body["total"], 1, "{}", list.body);

    for (body, status, code) in [
        (
            json!({"slug": vision}),
            StatusCode::CONFLICT,
            "category_exists",
        ),
        (
            json!({"slug": "Not A Slug!"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"name": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"parent_slug": "nope"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"parent_slug": "analysis"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
    ] {
        assert_error(
            &t.patch(&path("analysis"), Some(&admin), body.clone()).await,
            status,
            code,
        );
    }
    // A category cannot be nested inside its own subcategory.
    let r = t
        .patch(
            &path(&math),
            Some(&admin),
            json!({"parent_slug": "analysis"}),
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(r.body.to_string().contains("inside itself"), "{}", r.body);

    // Deleting: not while courses are in it, nor while categories are nested in it.
    let r = delete(&t, &path("analysis"), Some(&producer)).await;
    assert_error(&r, StatusCode::CONFLICT, "category_in_use");
    assert_eq!(r.body["error"]["details"]["courses"], 1);
    assert_error(
        &delete(&t, &path(&math), Some(&producer)).await,
        StatusCode::CONFLICT,
        "category_has_children",
    );
    // Re-nest, move the course elsewhere: then both may go.
    let r = t
        .patch(
            &path("analysis"),
            Some(&producer),
            json!({"parent_slug": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["parent_id"], Value::Null);
    let r = delete(&t, &path(&math), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = edit_course(&t, &ada, &slug, json!({"category_slug": vision})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = delete(&t, &path("analysis"), Some(&producer)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let list = t.get("/api/v1/courses/categories", None).await;
    assert_eq!(slugs(&list.body), [vision]);
    assert_error(
        &delete(&t, &path("analysis"), Some(&producer)).await,
        StatusCode::NOT_FOUND,
        "category_not_found",
    );
}

#[db_test]
async fn staff_rename_and_delete_tags(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let r = t
        .post(
            "/api/v1/courses",
            Some(&ada),
            json!({"title": "Vision", "tags": ["PyTorch", "Intro"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let slug = r.body["slug"].as_str().unwrap().to_owned();
    publish(&t, &ada, &producer, &slug).await;
    let path = |s: &str| format!("/api/v1/courses/tags/{s}");

    for token in [&ada, &stu] {
        assert_error(
            &t.patch(&path("pytorch"), Some(token), json!({"name": "Torch"}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
        assert_error(
            &delete(&t, &path("intro"), Some(token)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    // A new name keeps the slug (links keep working) unless a slug is given.
    let r = t
        .patch(
            &path("pytorch"),
            Some(&producer),
            json!({"name": "PyTorch 2"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["slug"], "pytorch");
    assert_eq!(r.body["name"], "PyTorch 2");
    assert_error(
        &t.patch(&path("pytorch"), Some(&producer), json!({"slug": "intro"}))
            .await,
        StatusCode::CONFLICT,
        "tag_exists",
    );
    let r = t
        .patch(&path("pytorch"), Some(&producer), json!({"slug": "torch"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["tags"], json!(["intro", "torch"]));
    assert_eq!(
        t.get("/api/v1/courses?tag=torch", None).await.body["total"],
        1
    );

    let r = delete(&t, &path("torch"), Some(&producer)).await;
    assert_error(&r, StatusCode::CONFLICT, "tag_in_use");
    assert_eq!(r.body["error"]["details"]["courses"], 1);
    let r = edit_course(&t, &ada, &slug, json!({"tags": ["Intro"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = delete(&t, &path("torch"), Some(&producer)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let tags = t.get("/api/v1/courses/tags", None).await;
    assert_eq!(slugs(&tags.body), ["intro"]);
    assert_error(
        &delete(&t, &path("torch"), Some(&producer)).await,
        StatusCode::NOT_FOUND,
        "tag_not_found",
    );
}

#[db_test]
async fn a_course_taking_a_tag_or_category_being_deleted_never_loses_it(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let mut courses = Vec::new();
    for i in 0..4 {
        courses.push(draft(&t, &ada, &format!("Course {i}")).await);
    }
    for round in 0..6 {
        let cat = category(&t, &producer, &format!("Cat {round}"), None).await;
        let tag = format!("tag-{round}");
        t.post(
            "/api/v1/courses/tags",
            Some(&producer),
            json!({"name": tag}),
        )
        .await;
        // The deletions race every course taking the tag and the category.
        let tag_path = format!("/api/v1/courses/tags/{tag}");
        let cat_path = format!("/api/v1/courses/categories/{cat}");
        let deletes = join_all([
            t.call(Method::DELETE, &tag_path, Some(&producer), None),
            t.call(Method::DELETE, &cat_path, Some(&producer), None),
        ]);
        let course_paths: Vec<String> = courses
            .iter()
            .map(|slug| format!("/api/v1/courses/{slug}"))
            .collect();
        let patches = join_all(course_paths.iter().map(|path| {
            t.patch(
                path,
                Some(&ada),
                json!({"tags": [tag], "category_slug": cat}),
            )
        }));
        // Either side starts first, in turn.
        let (deletes, patches) = if round % 2 == 0 {
            futures::join!(deletes, patches)
        } else {
            let (patches, deletes) = futures::join!(patches, deletes);
            (deletes, patches)
        };
        for d in &deletes {
            assert!(
                d.status == StatusCode::NO_CONTENT || d.status == StatusCode::CONFLICT,
                "{}: {}",
                d.status,
                d.body
            );
        }
        // A course that was told it took them has them: the tag (recreated if its
        // deletion came first) and the category (a 422 when it was gone first).
        for (slug, p) in courses.iter().zip(&patches) {
            let now = t.get(&format!("/api/v1/courses/{slug}"), Some(&ada)).await;
            match p.status {
                StatusCode::OK => {
                    assert_eq!(now.body["tags"], json!([tag]), "{slug}");
                    assert_eq!(now.body["category_slug"], cat, "{slug}");
                }
                StatusCode::UNPROCESSABLE_ENTITY => {
                    assert_eq!(deletes[1].status, StatusCode::NO_CONTENT, "{}", p.body);
                }
                other => panic!("{other}: {}", p.body),
            }
        }
        // Whatever won, the tag exists exactly when a course carries it.
        let tags = t.get("/api/v1/courses/tags", None).await;
        let carried = patches.iter().any(|p| p.status == StatusCode::OK);
        assert_eq!(
            slugs(&tags.body).contains(&tag),
            carried || deletes[0].status == StatusCode::CONFLICT
        );
    }
}
