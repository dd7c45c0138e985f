use axum::http::{Method, StatusCode};
use practicum_domain::identity::Role;
use serde_json::json;

use super::*;

#[db_test]
async fn modules_and_lessons_build_the_outline(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let bob = user(&t, "bob@example.org", Role::Teacher).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let other = draft(&t, &bob, "Algebra").await;
    let (m1, l1) = module_with_lessons(&t, &ada, &slug, "Limits", 2).await;
    let (m2, l2) = module_with_lessons(&t, &ada, &slug, "Derivatives", 1).await;
    let (m_other, _) = module_with_lessons(&t, &bob, &other, "Groups", 0).await;

    let quiz = add_lesson(
        &t,
        &ada,
        &slug,
        json!({"module_id": m2, "title": "Check", "content": quiz_content()}),
    )
    .await;
    assert_eq!(quiz.status, StatusCode::CREATED, "{}", quiz.body);
    assert_eq!(quiz.body["position"], 2);

    let course = t.get(&format!("/api/v1/courses/{slug}"), Some(&ada)).await;
    assert_eq!(course.status, StatusCode::OK, "{}", course.body);
    let modules = course.body["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 2);
    assert_eq!(modules[0]["module_id"], m1);
    assert_eq!(modules[0]["position"], 1);
    let ids: Vec<i64> = modules[0]["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lesson_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, l1);
    assert_eq!(modules[1]["lessons"][0]["lesson_id"], l2[0]);
    assert_eq!(modules[1]["lessons"].as_array().unwrap().len(), 2);

    // Reorder: exactly the course's modules, or 422.
    let reorder = format!("/api/v1/courses/{slug}/modules/reorder");
    for bad in [json!([m2]), json!([m2, m1, m_other]), json!([m2, m2])] {
        assert_error(
            &t.post(&reorder, Some(&ada), json!({"module_ids": bad}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    assert_error(
        &t.post(&reorder, Some(&bob), json!({"module_ids": [m2, m1]}))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    let r = t
        .post(&reorder, Some(&ada), json!({"module_ids": [m2, m1]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let listed = t
        .get(&format!("/api/v1/courses/{slug}/modules"), Some(&ada))
        .await;
    let order: Vec<i64> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["module_id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![m2, m1]);
    let lessons = t
        .get(&format!("/api/v1/courses/{slug}/lessons"), Some(&ada))
        .await;
    assert_eq!(lessons.body.as_array().unwrap().len(), 4);
    assert_eq!(lessons.body[0]["lesson_id"], l2[0]);

    // Lessons belong to a module of this course and carry valid content.
    let lessons_path = format!("/api/v1/courses/{slug}/lessons");
    for (body, field) in [
        (
            json!({"module_id": m_other, "title": "X", "content": []}),
            "module_id",
        ),
        (
            json!({"module_id": m1, "title": "X", "content": [{"type": "video", "url": "http://x"}]}),
            "content",
        ),
        (
            json!({"module_id": m1, "title": "X", "content": [{"type": "gif"}]}),
            "content",
        ),
        (
            json!({"module_id": m1, "title": "X", "content": [{"type": "quiz", "id": "q", "question": "?",
            "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "correct_option_id": "c"}]}),
            "content",
        ),
    ] {
        let r = t.post(&lessons_path, Some(&ada), body).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(
            r.body["error"]["details"]["fields"][0]["field"], field,
            "{}",
            r.body
        );
    }
    assert_error(
        &t.post(
            &format!("/api/v1/courses/{other}/modules"),
            Some(&ada),
            json!({"title": "Mine"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );

    // Once published, the public sees the outline too.
    let producer = user(&t, "prod@example.org", Role::Producer).await;
    publish(&t, &bob, &producer, &other).await;
    let public = t.get(&format!("/api/v1/courses/{other}"), None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(public.body["modules"][0]["module_id"], m_other);

    // Deleting the draft takes its outline along.
    let deleted = t
        .call(
            Method::DELETE,
            &format!("/api/v1/courses/{slug}"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_error(
        &t.get(&format!("/api/v1/courses/{slug}"), Some(&ada)).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
}

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_get_distinct_positions(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let slug = draft(&t, &ada, "Busy course").await;
    let path = format!("/api/v1/courses/{slug}/modules");
    let results = futures::future::join_all(
        (0..10).map(|i| t.post(&path, Some(&ada), json!({"title": format!("M{i}")}))),
    )
    .await;
    let mut positions: Vec<i64> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.body["position"].as_i64().unwrap()
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=10).collect::<Vec<_>>());
}
