//! `GET /courses/trending`: decayed activity, paginated, translated like `GET /courses`.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use practicum_domain::identity::Role;
use rstest::rstest;
use serde_json::json;

use super::{age_events, close};
use crate::courses::{draft, publish, user};
use crate::reviews::enrolled;
use crate::support::*;

fn slugs(body: &serde_json::Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn trending_decays_with_a_72_hour_half_life(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let teacher = user(&t, "teach@example.org", Role::Teacher).await;
    let producer = user(&t, "prod@example.org", Role::Producer).await;
    let fresh = draft(&t, &teacher, "Fresh Course").await;
    publish(&t, &teacher, &producer, &fresh).await;
    let older = draft(&t, &teacher, "Older Course").await;
    publish(&t, &teacher, &producer, &older).await;
    let hidden = draft(&t, &teacher, "Draft Course").await;
    enrolled(&t, "a@example.org", &fresh).await;
    for who in ["b@example.org", "c@example.org", "d@example.org"] {
        enrolled(&t, who, &older).await;
    }
    // Fresh: one enrollment now = 5. Older: three enrollments 72 h ago = 3·5·½ = 7.5.
    age_events(&t, &older, 72).await;
    t.app.refresh_analytics().await.unwrap();
    let r = t.get("/api/v1/courses/trending", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(slugs(&r.body), vec![older.clone(), fresh.clone()]);
    assert_eq!(r.body["total"], 2);
    let score = |slug: String| {
        let t = &t;
        let producer = producer.clone();
        async move {
            t.get(
                &format!("/api/v1/analytics/courses/{slug}"),
                Some(&producer),
            )
            .await
            .body["trending_score"]
                .clone()
        }
    };
    close(&score(older.clone()).await, 7.5);
    close(&score(fresh.clone()).await, 5.0);
    // Another 72 h: 3·5·¼ = 3.75 < 5.
    age_events(&t, &older, 72).await;
    t.app.refresh_analytics().await.unwrap();
    let r = t.get("/api/v1/courses/trending?page_size=1", None).await;
    assert_eq!(slugs(&r.body), vec![fresh.clone()]);
    assert_eq!(r.body["total"], 2);
    let r = t
        .get("/api/v1/courses/trending?page=2&page_size=1", None)
        .await;
    assert_eq!(slugs(&r.body), vec![older.clone()]);
    close(&score(older.clone()).await, 3.75);
    assert!(!slugs(&t.get("/api/v1/courses/trending", None).await.body).contains(&hidden));

    // Accept-Language is honoured as in GET /courses.
    let r = t
        .call(
            Method::PUT,
            &format!("/api/v1/courses/{fresh}/translations/de"),
            Some(&teacher),
            Some(json!({"title": "Frischer Kurs", "description": "Neu"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = t
        .send(
            Request::builder()
                .uri("/api/v1/courses/trending")
                .header(header::ACCEPT_LANGUAGE, "de-DE, de;q=0.9, en;q=0.5")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["items"][0]["title"], "Frischer Kurs");
    assert_eq!(r.body["items"][1]["title"], "Older Course");
    let languages = r.headers[header::CONTENT_LANGUAGE].to_str().unwrap();
    assert!(
        languages.contains("de") && languages.contains("en"),
        "{languages}"
    );
}
