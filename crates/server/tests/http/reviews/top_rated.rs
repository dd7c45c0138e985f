//! `GET /courses/top-rated` (issue #12, item 6): courses with enough visible reviews (the
//! threshold is a setting), by average rating, with a dense rank.

use axum::http::StatusCode;
use practicum_api::ApiConfig;
use practicum_app::AppConfig;
use practicum_domain::identity::Role;
use rstest::rstest;
use serde_json::{json, Value};

use super::*;
use crate::courses::{draft, publish, user};

fn listed(body: &Value) -> Vec<(String, i64)> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["title"].as_str().unwrap().to_owned(),
                c["rank"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn top_rated_needs_enough_reviews_and_ranks_densely(#[case] backend: Backend) {
    let Some(t) = TestApp::start_custom(
        backend,
        ApiConfig {
            auth_rate_limit_per_minute: 0,
            ..ApiConfig::default()
        },
        |app| {
            let config = AppConfig {
                top_rated_min_reviews: 3,
                ..app.config().clone()
            };
            app.with_config(config)
        },
    )
    .await
    else {
        return;
    };
    let teacher = user(&t, "top-teacher@example.org", Role::Teacher).await;
    let producer = user(&t, "top-producer@example.org", Role::Producer).await;
    // Ratings per course, one per learner (learner i reviews with ratings[i]).
    let courses: [(&str, &[i64]); 5] = [
        ("Course Alpha", &[5, 4, 3]),    // 4.0 over 3
        ("Course Beta", &[4, 4, 4]),     // 4.0 over 3: same rank as Alpha
        ("Course Gamma", &[5, 5, 5, 5]), // 5.0 over 4: first
        ("Course Delta", &[5, 5]),       // too few reviews
        ("Course Eps", &[2, 2, 2]),      // 2.0 over 3
    ];
    let learners: Vec<String> = {
        let mut v = Vec::new();
        for i in 0..4 {
            v.push(t.student(&format!("top{i}@example.org")).await);
        }
        v
    };
    let mut eps_review = 0;
    for (title, ratings) in courses {
        let slug = draft(&t, &teacher, title).await;
        publish(&t, &teacher, &producer, &slug).await;
        for (i, rating) in ratings.iter().enumerate() {
            enroll(&t, &learners[i], &slug).await;
            let id = review(&t, &learners[i], &slug, *rating).await;
            if title == "Course Eps" {
                eps_review = id;
            }
        }
    }

    let r = t.get("/api/v1/courses/top-rated", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let want = |v: &[(&str, i64)]| -> Vec<(String, i64)> {
        v.iter().map(|(s, r)| ((*s).to_owned(), *r)).collect()
    };
    assert_eq!(
        listed(&r.body),
        want(&[
            ("Course Gamma", 1),
            ("Course Beta", 2),
            ("Course Alpha", 2),
            ("Course Eps", 3)
        ])
    );
    assert_eq!(r.body["total"], 4);
    assert_eq!(r.body["min_reviews"], 3);
    assert_eq!(r.body["items"][0]["rating_avg"], 5.0);
    assert_eq!(r.body["items"][0]["rating_count"], 4);

    // Ranks are over the whole list, not the page.
    let p2 = t
        .get("/api/v1/courses/top-rated?page=2&page_size=2", None)
        .await;
    assert_eq!(
        listed(&p2.body),
        want(&[("Course Alpha", 2), ("Course Eps", 3)])
    );

    // A hidden review no longer counts: Eps falls under the threshold.
    let r = t
        .post(
            &format!("/api/v1/reviews/{eps_review}/hide"),
            Some(&producer),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = t.get("/api/v1/courses/top-rated", None).await;
    assert_eq!(
        listed(&r.body),
        want(&[("Course Gamma", 1), ("Course Beta", 2), ("Course Alpha", 2)])
    );
    assert_eq!(r.body["total"], 3);
}

#[db_test]
async fn top_rated_asks_for_ten_reviews_by_default(t: TestApp) {
    let (_, _, slug) = published_course(&t, "few", "Few Reviews").await;
    let me = enrolled(&t, "only@example.org", &slug).await;
    review(&t, &me, &slug, 5).await;
    let r = t.get("/api/v1/courses/top-rated", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["min_reviews"], 10);
    assert_eq!(r.body["total"], 0);
}
