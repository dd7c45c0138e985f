//! What the studio and the producers' console work from: `GET /courses/mine`,
//! `GET /courses/queue`, and sending a course back to draft with a comment. The clock moves
//! only when a test says so: the lists order by change time.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[db_test]
async fn teachers_list_their_own_courses_in_every_status(Clocked { t, clock }: Clocked) {
    let tick = || clock.advance(Duration::from_secs(1));
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let mut made = Vec::new();
    for title in ["Drafted", "Reviewed", "Published", "Archived"] {
        made.push(draft(&t, &ada, title).await);
        tick();
    }
    draft(&t, &bob, "Bob's").await;
    tick();
    set_status(&t, &ada, &made[1], json!({"status": "review"})).await;
    tick();
    publish(&t, &ada, &producer, &made[2]).await;
    tick();
    publish(&t, &ada, &producer, &made[3]).await;
    tick();
    set_status(&t, &ada, &made[3], json!({"status": "archived"})).await;
    tick();

    // Every status, most recently changed first.
    let mine = t.get("/api/v1/courses/mine", Some(&ada)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(mine.body["total"], 4);
    assert_eq!(
        slugs(&mine.body),
        [made[3].as_str(), &made[2], &made[1], &made[0]]
    );
    let statuses: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["archived", "published", "review", "draft"]);

    let drafts = t.get("/api/v1/courses/mine?status=draft", Some(&ada)).await;
    assert_eq!(slugs(&drafts.body), [made[0].as_str()]);
    let page = t
        .get("/api/v1/courses/mine?page=2&page_size=3", Some(&ada))
        .await;
    assert_eq!(page.body["total"], 4);
    assert_eq!(slugs(&page.body), [made[0].as_str()]);
    assert_error(
        &t.get("/api/v1/courses/mine?status=live", Some(&ada)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    // Nobody sees anyone else's: bob his one draft, the producer (who wrote none) nothing.
    assert_eq!(
        t.get("/api/v1/courses/mine", Some(&bob)).await.body["total"],
        1
    );
    assert_eq!(
        t.get("/api/v1/courses/mine", Some(&producer)).await.body["total"],
        0
    );
    assert_error(
        &t.get("/api/v1/courses/mine", Some(&stu)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(
        t.get("/api/v1/courses/mine", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A course titled like the route gets another slug.
    let r = t
        .post("/api/v1/courses", Some(&ada), json!({"title": "Mine"}))
        .await;
    assert_eq!(r.body["slug"], "mine-2");
}

#[db_test]
async fn producers_review_and_send_back_with_a_comment_the_teacher_sees(
    Clocked { t, clock }: Clocked,
) {
    let tick = || clock.advance(Duration::from_secs(1));
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let (admin, _) = t.admin("root@example.org").await;
    let calculus = draft(&t, &ada, "Calculus").await;
    let algebra = draft(&t, &bob, "Algebra").await;
    draft(&t, &bob, "Still a draft").await;
    for (teacher, slug) in [(&bob, &algebra), (&ada, &calculus)] {
        tick();
        let r = set_status(&t, teacher, slug, json!({"status": "review"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    // The queue: every teacher's courses in review, the one waiting longest first.
    for token in [&producer, &admin] {
        let q = t.get("/api/v1/courses/queue", Some(token)).await;
        assert_eq!(q.status, StatusCode::OK, "{}", q.body);
        assert_eq!(slugs(&q.body), [algebra.as_str(), &calculus]);
        assert_eq!(q.body["items"][0]["status"], "review");
    }
    assert_error(
        &t.get("/api/v1/courses/queue", Some(&ada)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let drafts = t
        .get("/api/v1/courses/queue?status=draft", Some(&producer))
        .await;
    assert_eq!(drafts.body["total"], 1);

    // Sending back says why; only a move back to draft takes a comment.
    assert_error(
        &set_status(
            &t,
            &producer,
            &calculus,
            json!({"status": "published", "comment": "Nice"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &set_status(
            &t,
            &producer,
            &calculus,
            json!({"status": "draft", "comment": "x".repeat(10_001)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    tick();
    let why = "Lesson 2's quiz has two right answers.";
    let r = set_status(
        &t,
        &producer,
        &calculus,
        json!({"status": "draft", "comment": why}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "draft");
    assert_eq!(r.body["review_comment"], why);

    // The teacher sees it on the course, in their list, and in a notification.
    let course = t
        .get(&format!("/api/v1/courses/{calculus}"), Some(&ada))
        .await;
    assert_eq!(course.body["review_comment"], why);
    let mine = t.get("/api/v1/courses/mine", Some(&ada)).await;
    assert_eq!(mine.body["items"][0]["review_comment"], why);
    let inbox = t.get("/api/v1/notifications", Some(&ada)).await;
    assert_eq!(inbox.body["total"], 1, "{}", inbox.body);
    let n = &inbox.body["items"][0];
    assert_eq!(n["kind"], "course_sent_back");
    assert_eq!(n["payload"]["slug"], calculus.as_str());
    assert_eq!(n["payload"]["comment"], why);
    assert_eq!(
        t.get("/api/v1/notifications", Some(&bob)).await.body["total"],
        0
    );
    let q = t.get("/api/v1/courses/queue", Some(&producer)).await;
    assert_eq!(slugs(&q.body), [algebra.as_str()]);

    // Resubmitted, the producer still sees the last comment; published, it is gone.
    tick();
    set_status(&t, &ada, &calculus, json!({"status": "review"})).await;
    let q = t.get("/api/v1/courses/queue", Some(&producer)).await;
    assert_eq!(slugs(&q.body), [algebra.as_str(), &calculus]);
    assert_eq!(q.body["items"][1]["review_comment"], why);
    let r = set_status(&t, &producer, &calculus, json!({"status": "published"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.get("review_comment").is_none(), "{}", r.body);
    let public = t.get(&format!("/api/v1/courses/{calculus}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.get("review_comment").is_none());

    // Sent back without a comment: no stale reason is shown.
    set_status(&t, &producer, &algebra, json!({"status": "draft"})).await;
    let course = t
        .get(&format!("/api/v1/courses/{algebra}"), Some(&bob))
        .await;
    assert!(
        course.body.get("review_comment").is_none(),
        "{}",
        course.body
    );
    let inbox = t.get("/api/v1/notifications", Some(&bob)).await;
    assert_eq!(inbox.body["items"][0]["kind"], "course_sent_back");
    assert!(inbox.body["items"][0]["payload"]["comment"].is_null());
}
