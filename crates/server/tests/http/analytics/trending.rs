//! `GET /courses/trending`: decayed activity, paginated, translated like `GET /courses`.

use axum::http::{header, Method, StatusCode};
use serde_json::json;

use super::{age_events, close};
use crate::courses::{draft, publish};
use crate::reviews::enrolled;
use crate::support::*;

#[db_test]
async fn trending_decays_with_a_72_hour_half_life(t: TestApp) {
    let Staff { teacher, producer } = t.staff().await;
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
    let r = t.get_ok("/api/v1/courses/trending", None).await;
    assert_eq!(item_slugs(&r), vec![older.clone(), fresh.clone()]);
    assert_eq!(r["total"], 2);
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
    assert_eq!(item_slugs(&r.body), vec![fresh.clone()]);
    assert_eq!(r.body["total"], 2);
    let r = t
        .get("/api/v1/courses/trending?page=2&page_size=1", None)
        .await;
    assert_eq!(item_slugs(&r.body), vec![older.clone()]);
    close(&score(older.clone()).await, 3.75);
    assert!(!item_slugs(&t.get("/api/v1/courses/trending", None).await.body).contains(&hidden));

    // Accept-Language is honoured as in GET /courses.
    let german = json!({"title": "Frischer Kurs", "description": "Neu"});
    let path = format!("/api/v1/courses/{fresh}/translations/de");
    t.call_expect(
        StatusCode::OK,
        Method::PUT,
        &path,
        Some(&teacher),
        Some(german),
    )
    .await;
    let accept = [("accept-language", "de-DE, de;q=0.9, en;q=0.5")];
    let r = t
        .call_with(Method::GET, "/api/v1/courses/trending", &accept, None)
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
