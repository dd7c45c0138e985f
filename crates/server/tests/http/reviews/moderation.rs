//! Who may review, edit, delete, reply and moderate, and the average after each change
//! (checked against hand-computed values).

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[db_test]
async fn reviews_need_enrollment_are_unique_and_keep_the_average(t: TestApp) {
    let (teacher, producer, slug) = published_course(&t, "rv", "Reviewed Course").await;
    let ann = enrolled(&t, "ann@example.org", &slug).await;
    let bob = enrolled(&t, "bob@example.org", &slug).await;
    let cat = enrolled(&t, "cat@example.org", &slug).await;
    let outsider = t.student("out@example.org").await;
    let path = format!("/api/v1/courses/{slug}/reviews");

    // Not enrolled, not signed in, invalid ratings and texts.
    assert_error(
        &t.post(&path, Some(&outsider), json!({"rating": 5})).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    );
    assert_error(
        &t.post(&path, None, json!({"rating": 5})).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    for bad in [json!(0), json!(6), json!(4.5)] {
        let r = t.post(&path, Some(&ann), json!({"rating": bad})).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    let long = "x".repeat(5001);
    let r = t
        .post(&path, Some(&ann), json!({"rating": 3, "text": long}))
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_error(
        &t.post(
            "/api/v1/courses/nope/reviews",
            Some(&ann),
            json!({"rating": 3}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    assert_rating(rating(&t, &slug).await, 0.0, 0);

    // 5 → 5.0; again → 409; 5, 2 → 3.5; 5, 2, 4 → 11/3.
    let a = review(&t, &ann, &slug, 5).await;
    assert_rating(rating(&t, &slug).await, 5.0, 1);
    assert_error(
        &t.post(&path, Some(&ann), json!({"rating": 1})).await,
        StatusCode::CONFLICT,
        "already_reviewed",
    );
    let b = review(&t, &bob, &slug, 2).await;
    assert_rating(rating(&t, &slug).await, 3.5, 2);
    let c = review(&t, &cat, &slug, 4).await;
    assert_rating(rating(&t, &slug).await, 11.0 / 3.0, 3);

    // Only the author edits: bob 2 → 3 gives (5 + 3 + 4) / 3 = 4.
    let r = edit_review(&t, &cat, b, json!({"rating": 1})).await;
    assert_error(&r, StatusCode::FORBIDDEN, "not_review_author");
    let r = t
        .patch("/api/v1/reviews/999999", Some(&bob), json!({"rating": 1}))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "review_not_found");
    let r = edit_review(
        &t,
        &bob,
        b,
        json!({"rating": 3, "text": "better on second look"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["rating"], 3);
    assert_eq!(r.body["text"], "better on second look");
    assert_rating(rating(&t, &slug).await, 4.0, 3);

    // Moderation: producer/admin only, with a reason; hidden leaves list and average.
    let hide = format!("/api/v1/reviews/{a}/hide");
    for who in [&teacher, &ann] {
        let r = t.post(&hide, Some(who), json!({"reason": "spam"})).await;
        assert_error(&r, StatusCode::FORBIDDEN, "forbidden");
    }
    let r = t.post(&hide, Some(&producer), json!({"reason": " "})).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let r = t
        .post(&hide, Some(&producer), json!({"reason": "spam"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["is_hidden"], true);
    assert_eq!(r.body["hidden_reason"], "spam");
    // (3 + 4) / 2
    assert_rating(rating(&t, &slug).await, 3.5, 2);
    let public = t.get(&path, None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(public.body["total"], 2);
    assert_eq!(ids(&public.body), vec![c, b]);
    let all = t
        .get(
            &format!("/api/v1/reviews?course={slug}&include_hidden=true"),
            Some(&producer),
        )
        .await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(ids(&all.body), vec![c, b, a]);
    assert_error(
        &t.get(&format!("{path}?include_hidden=true"), Some(&bob))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    // A hidden review is invisible to others, still visible to its author.
    assert_error(
        &t.get(&format!("/api/v1/reviews/{a}/replies"), None).await,
        StatusCode::NOT_FOUND,
        "review_not_found",
    );
    assert_eq!(
        t.get(&format!("/api/v1/reviews/{a}/replies"), Some(&ann))
            .await
            .status,
        StatusCode::OK
    );
    let unhidden = t
        .post_ok(
            &format!("/api/v1/reviews/{a}/unhide"),
            Some(&producer),
            json!({}),
        )
        .await;
    assert_eq!(unhidden["is_hidden"], false);
    assert_rating(rating(&t, &slug).await, 4.0, 3);

    // Filters on GET /reviews.
    let high = t.get("/api/v1/reviews?rating_gte=4", None).await;
    assert_eq!(ids(&high.body), vec![c, a]);
    let low = t
        .get(&format!("/api/v1/reviews?course={slug}&rating_lte=3"), None)
        .await;
    assert_eq!(ids(&low.body), vec![b]);
    assert_error(
        &t.get("/api/v1/reviews?rating_gte=9", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let paged = t.get("/api/v1/reviews?page=2&page_size=2", None).await;
    assert_eq!(
        (paged.body["total"].as_i64(), ids(&paged.body)),
        (Some(3), vec![a])
    );

    // Only the author deletes: cat's 4 goes → (5 + 3) / 2 = 4.
    assert_error(
        &delete(&t, &format!("/api/v1/reviews/{c}"), Some(&ann)).await,
        StatusCode::FORBIDDEN,
        "not_review_author",
    );
    let r = delete(&t, &format!("/api/v1/reviews/{c}"), Some(&cat)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_rating(rating(&t, &slug).await, 4.0, 2);
    assert_error(
        &delete(&t, &format!("/api/v1/reviews/{c}"), Some(&cat)).await,
        StatusCode::NOT_FOUND,
        "review_not_found",
    );
    // Bob's 3 hidden → 5.0 from ann's alone.
    let r = t
        .post(
            &format!("/api/v1/reviews/{b}/hide"),
            Some(&producer),
            json!({"reason": "rude"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_rating(rating(&t, &slug).await, 5.0, 1);
}

#[db_test]
async fn the_course_teacher_and_staff_reply(t: TestApp) {
    let (teacher, producer, slug) = published_course(&t, "rp", "Replied Course").await;
    let other_teacher = user(&t, "other-teacher@example.org", Role::Teacher).await;
    let ann = enrolled(&t, "ann@example.org", &slug).await;
    let a = review(&t, &ann, &slug, 3).await;
    let path = format!("/api/v1/reviews/{a}/replies");

    for who in [&other_teacher, &ann] {
        let r = t.post(&path, Some(who), json!({"text": "thanks"})).await;
        assert_error(&r, StatusCode::FORBIDDEN, "not_course_staff");
    }
    for (path, text, status, code) in [
        (
            path.as_str(),
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "/api/v1/reviews/999999/replies",
            "hi",
            StatusCode::NOT_FOUND,
            "review_not_found",
        ),
    ] {
        let r = t.post(path, Some(&teacher), json!({ "text": text })).await;
        assert_error(&r, status, code);
    }
    for (who, text) in [
        (&teacher, "Thanks, module 2 is fixed."),
        (&producer, "We checked it too."),
    ] {
        let r = t.post(&path, Some(who), json!({ "text": text })).await;
        assert_eq!(r.status, StatusCode::CREATED, "{text}: {}", r.body);
        assert_eq!(r.body["review_id"], a, "{text}");
    }

    let list = t.get(&path, None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["items"][0]["text"], "Thanks, module 2 is fixed.");
    assert_eq!(list.body["items"][1]["text"], "We checked it too.");
    let reviews = t
        .get(&format!("/api/v1/courses/{slug}/reviews"), None)
        .await;
    assert_eq!(reviews.body["items"][0]["reply_count"], 2);
}
