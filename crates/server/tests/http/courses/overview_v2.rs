//! `GET /api/v2/courses/{slug}` (issue 12, item 7): the course with its outline, newest
//! visible reviews and analytics summary in one answer, in as many queries for a large
//! course as for a small one.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

/// A published course with `modules` × `lessons` lessons and one review per rating in
/// `ratings` (each by a new enrolled learner); returns its slug and the review ids.
async fn reviewed_course(
    t: &TestApp,
    teacher: &str,
    producer: &str,
    title: &str,
    modules: usize,
    lessons: usize,
    ratings: &[i64],
) -> (String, Vec<i64>) {
    let slug = draft(t, teacher, title).await;
    for m in 0..modules {
        module_with_lessons(t, teacher, &slug, &format!("Part {m}"), lessons).await;
    }
    publish(t, teacher, producer, &slug).await;
    let mut ids = Vec::new();
    for (i, rating) in ratings.iter().enumerate() {
        let learner = t.student(&format!("{slug}-{i}@example.org")).await;
        enroll(t, &learner, &slug).await;
        let r = t
            .post(
                &format!("/api/v1/courses/{slug}/reviews"),
                Some(&learner),
                json!({"rating": rating, "text": format!("review {i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.body["review_id"].as_i64().unwrap());
    }
    (slug, ids)
}

async fn counted(t: &TestApp, path: &str, token: Option<&str>) -> (serde_json::Value, u64) {
    let before = t.db.db.query_count();
    let r = t.get(path, token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (r.body, t.db.db.query_count() - before)
}

#[db_test]
async fn the_v2_course_page_carries_reviews_and_figures_in_constant_queries(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let (small, _) = reviewed_course(&t, &ada, &producer, "Small", 1, 1, &[4]).await;
    let (big, reviews) =
        reviewed_course(&t, &ada, &producer, "Big", 6, 5, &[5, 4, 3, 5, 2, 4, 5, 1]).await;
    // The newest review is hidden: it leaves the page and the counts.
    let hidden = *reviews.last().unwrap();
    let r = t
        .post(
            &format!("/api/v1/reviews/{hidden}/hide"),
            Some(&producer),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = t
        .post("/api/v1/analytics/refresh", Some(&producer), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let (one, q_small) = counted(&t, &format!("/api/v2/courses/{small}"), None).await;
    let (page, q_big) = counted(&t, &format!("/api/v2/courses/{big}"), None).await;
    assert_eq!(
        q_small, q_big,
        "{q_small} queries for 1 lesson and 1 review, {q_big} for 30 lessons and 8 reviews"
    );
    assert_eq!(one["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(page["slug"], big.as_str());
    assert_eq!(page["title"], "Big");
    assert_eq!(page["modules"].as_array().unwrap().len(), 6);
    assert_eq!(page["modules"][5]["lessons"].as_array().unwrap().len(), 5);
    let shown: Vec<i64> = page["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["review_id"].as_i64().unwrap())
        .collect();
    // The five newest visible ones, newest first.
    let expected: Vec<i64> = reviews[2..7].iter().rev().copied().collect();
    assert_eq!(shown, expected);
    assert_eq!(page["review_count"], 7);
    let a = &page["analytics"];
    assert_eq!(a["enrollments"], 8);
    assert_eq!(a["rating_count"], 7);
    let avg = (5 + 4 + 3 + 5 + 2 + 4 + 5) as f64 / 7.0;
    assert!(
        (a["rating_avg"].as_f64().unwrap() - avg).abs() < 1e-9,
        "{a}"
    );
    assert!(a["refreshed_at"].is_string());
    assert!(a.get("revenue_cents").is_none(), "revenue is not public");

    // Visibility follows the v1 course page.
    let draft_slug = draft(&t, &ada, "Unpublished").await;
    assert_error(
        &t.get(&format!("/api/v2/courses/{draft_slug}"), None).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
    let own = t
        .get(&format!("/api/v2/courses/{draft_slug}"), Some(&ada))
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body["analytics"]["refreshed_at"].is_null());
    let v1 = t.get(&format!("/api/v1/courses/{big}"), None).await;
    assert_eq!(
        v1.body["modules"], page["modules"],
        "the same outline as v1"
    );
    assert!(v1.body.get("reviews").is_none(), "v1 is unchanged");
}
