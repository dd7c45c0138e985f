use axum::http::StatusCode;
use serde_json::json;

use super::cast;
use crate::{courses::*, support::*};

#[db_test]
async fn the_activity_log_holds_the_callers_events(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let other = t.student("other@example.org").await;
    let slug = draft(&t, &ada, "Signals").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &slug, "Intro", 1).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    complete(&t, &stu, lessons[0]).await;

    let log = "/api/v1/activity-log";
    assert_error(
        &t.post(log, None, json!({"kind": "x"})).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    for bad in [
        json!({"kind": "Video Watched"}),
        json!({"kind": "v", "payload": [1]}),
        json!({"kind": "v", "course_id": 999999}),
    ] {
        assert_error(
            &t.post(log, Some(&stu), bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    for i in 0..3 {
        let r = t
            .post(
                log,
                Some(&stu),
                json!({"kind": "video.watched", "lesson_id": lessons[0], "payload": {"second": i}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    }
    let page = t
        .get(&format!("{log}?page=1&page_size=2"), Some(&stu))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.body["total"], 5);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(page.body["items"][0]["kind"], "video.watched");
    assert_eq!(page.body["items"][0]["payload"]["second"], 2);
    let last = t
        .get(&format!("{log}?page=3&page_size=2"), Some(&stu))
        .await;
    assert_eq!(last.body["items"][0]["kind"], "course.enrolled");
    let kinds: Vec<String> = t.get(&format!("{log}?page_size=10"), Some(&stu)).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds[3], "lesson.completed");
    assert_eq!(t.get(log, Some(&other)).await.body["total"], 0);
}
