//! What `GET /dashboard/my-courses` shows of a course — its title, cover, lesson count and
//! the learner's next lesson's title — is copied onto the enrollment row (migration 0148,
//! ADR 0069). These tests change each original and read the dashboard at once, including
//! when the change and an enrolment or a completion run at the same time.

use axum::http::StatusCode;
use futures::future::join_all;
use practicum_store::Session;
use serde_json::{json, Value};

use super::cast;
use crate::{courses::*, support::*};

/// The learner's dashboard entry for the course `slug`.
async fn entry(t: &TestApp, token: &str, slug: &str) -> Value {
    let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(token)).await;
    mine.as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} not on {mine}"))
        .clone()
}

/// Changes the course `slug` as the API's writers do — its lock
/// (`syllabus::lock_course`), then `sql` with `bind` as `$1` — in a write
/// transaction left open, sends `request`, and commits the change 300 ms later: the
/// request waits for the change if it must.
async fn while_uncommitted(
    t: &TestApp,
    slug: &str,
    sql: &str,
    bind: &str,
    request: impl std::future::Future<Output = Response>,
) -> Response {
    let course_id = t.get_ok(&format!("/api/v1/courses/{slug}"), None).await["course_id"]
        .as_i64()
        .unwrap();
    let mut change = t.db.db.write().await.unwrap();
    practicum_store::catalog::syllabus::lock_course(&mut change, course_id)
        .await
        .unwrap();
    sqlx::query(sql)
        .bind(bind.to_owned())
        .execute(Session::conn(&mut change))
        .await
        .unwrap();
    let commit_later = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        change.commit().await.unwrap();
    };
    futures::join!(request, commit_later).0
}

#[db_test]
async fn every_change_to_a_course_shows_on_the_dashboard_at_once(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (part, lessons) = module_with_lessons(&t, &ada, &slug, "Part", 2).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    let first = entry(&t, &stu, &slug).await;
    assert_eq!(first["title"], "Calculus", "{first}");
    assert_eq!(first["total_lessons"], 2, "{first}");
    assert_eq!(first["next_lesson"]["title"], "Part lesson 1", "{first}");

    // The course renamed and given a cover.
    let r = edit_course(
        &t,
        &ada,
        &slug,
        json!({"title": "Calculus I",
        "cover_image_url": "https://cdn.example.org/calc.png"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = entry(&t, &stu, &slug).await;
    assert_eq!(now["title"], "Calculus I", "{now}");
    assert_eq!(
        now["cover_image_url"], "https://cdn.example.org/calc.png",
        "{now}"
    );

    // The next lesson renamed; then a lesson added at the end.
    let r = t
        .patch(
            &format!("/api/v1/lessons/{}", lessons[0]),
            Some(&ada),
            json!({"title": "Limits"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        entry(&t, &stu, &slug).await["next_lesson"]["title"],
        "Limits"
    );
    let body =
        json!({"module_id": part, "title": "Series", "content": [{"type": "text", "text": "x"}]});
    let r = add_lesson(&t, &ada, &slug, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(entry(&t, &stu, &slug).await["total_lessons"], 3);

    // Completing the first lesson moves the next one on, with its title; renaming a
    // lesson that is nobody's next changes nothing on the dashboard.
    complete(&t, &stu, lessons[0]).await;
    let r = t
        .patch(
            &format!("/api/v1/lessons/{}", lessons[0]),
            Some(&ada),
            json!({"title": "Limits, again"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = entry(&t, &stu, &slug).await;
    assert_eq!(now["next_lesson"]["title"], "Part lesson 2", "{now}");
    assert_eq!(now["completed_lessons"], 1, "{now}");

    // Another cover.
    let body = json!({"cover_image_url": "https://cdn.example.org/calc-2.png"});
    let r = edit_course(&t, &ada, &slug, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = entry(&t, &stu, &slug).await;
    assert_eq!(
        now["cover_image_url"], "https://cdn.example.org/calc-2.png",
        "{now}"
    );
}

/// An enrolment that reaches the course while a rename of it is uncommitted shows the new
/// title. On PostgreSQL the rename holds the course FOR UPDATE and the enrolment's trigger
/// locks it before it copies it; without that lock it would copy the old title, and the
/// rename, which could not see the uncommitted enrolment, would not correct it.
#[db_test]
async fn an_enrollment_that_waits_for_a_course_rename_copies_the_new_title(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let (slug, _) = {
        let slug = draft(&t, &ada, "Topology").await;
        let m = module_with_lessons(&t, &ada, &slug, "Part", 1).await;
        publish(&t, &ada, &producer, &slug).await;
        (slug, m)
    };
    let path = format!("/api/v1/courses/{slug}/enroll");
    let enrolled = while_uncommitted(
        &t,
        &slug,
        "UPDATE courses SET title = 'Topology II' WHERE slug = $1",
        &slug,
        t.post(&path, Some(&stu), json!({})),
    )
    .await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
    assert_eq!(entry(&t, &stu, &slug).await["title"], "Topology II");
}

/// A completion that reaches the course while a rename of the lesson it makes the next one
/// is uncommitted shows the new title. On PostgreSQL the rename holds the course FOR UPDATE
/// (the API's lesson update takes it first; the rename's trigger takes it too), which the
/// completion's foreign key waits for; without that lock the completion would copy the old
/// title, and the rename, which could not see the uncommitted completion, would not
/// correct it.
#[db_test]
async fn a_completion_that_waits_for_a_lesson_rename_copies_the_new_title(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Geometry").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &slug, "Part", 2).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    let path = format!("/api/v1/lessons/{}/complete", lessons[0]);
    let done = while_uncommitted(
        &t,
        &slug,
        "UPDATE lessons SET title = 'Triangles' WHERE id = CAST($1 AS BIGINT)",
        &lessons[1].to_string(),
        t.post(&path, Some(&stu), json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        entry(&t, &stu, &slug).await["next_lesson"]["title"],
        "Triangles"
    );
}

/// Renames, enrolments and completions of one course all at once: afterwards every
/// learner's dashboard shows the course and the next lesson as the course's page does.
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_renames_enrollments_and_completions_leave_every_copy_exact(t: TestApp) {
    let t = &t;
    let (ada, producer, _) = cast(t).await;
    let slug = draft(t, &ada, "Algebra").await;
    let (_, lessons) = module_with_lessons(t, &ada, &slug, "Part", 4).await;
    publish(t, &ada, &producer, &slug).await;
    let mut learners = Vec::new();
    for n in 0..6 {
        learners.push(t.student(&format!("l{n}@example.org")).await);
    }
    // The first three are enrolled and complete lessons; the others enrol meanwhile.
    for who in &learners[..3] {
        enroll(t, who, &slug).await;
    }
    let enrol_path = format!("/api/v1/courses/{slug}/enroll");
    let mut requests: Vec<_> = learners[3..]
        .iter()
        .map(|who| {
            Box::pin(t.post(&enrol_path, Some(who), json!({})))
                as std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send + '_>>
        })
        .collect();
    for (n, who) in learners[..3].iter().enumerate() {
        for l in &lessons[..=n] {
            let path = format!("/api/v1/lessons/{l}/complete");
            requests.push(Box::pin(async move {
                t.post(&path, Some(who), json!({})).await
            }));
        }
    }
    for (n, l) in lessons.iter().enumerate() {
        let (path, body) = (
            format!("/api/v1/lessons/{l}"),
            json!({"title": format!("Renamed {n}")}),
        );
        let ada = ada.as_str();
        requests.push(Box::pin(
            async move { t.patch(&path, Some(ada), body).await },
        ));
    }
    let (slug_ref, ada_ref) = (slug.as_str(), ada.as_str());
    requests.push(Box::pin(async move {
        edit_course(t, ada_ref, slug_ref, json!({"title": "Algebra, renamed"})).await
    }));
    for r in join_all(requests).await {
        assert!(r.status.is_success(), "{}: {}", r.status, r.body);
    }

    let page = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await;
    let titles: Vec<Value> = page["modules"][0]["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].clone())
        .collect();
    assert_eq!(titles.len(), 4, "{page}");
    for (n, who) in learners.iter().enumerate() {
        let e = entry(t, who, &slug).await;
        assert_eq!(e["title"], "Algebra, renamed", "{e}");
        let done = if n < 3 { n + 1 } else { 0 };
        assert_eq!(e["completed_lessons"], done as i64, "{e}");
        assert_eq!(e["next_lesson"]["title"], titles[done], "learner {n}: {e}");
    }
}

/// A database with enrollments from before migration 0148 gets every copy filled in when
/// the migration runs.
#[db_test]
async fn the_migration_fills_in_the_copies_of_existing_enrollments(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Number theory").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &slug, "Part", 3).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    complete(&t, &stu, lessons[0]).await;
    let before = entry(&t, &stu, &slug).await;

    practicum_store::migrate::down_to(&t.db.db, 147)
        .await
        .unwrap();
    practicum_store::migrate::up(&t.db.db).await.unwrap();
    let after = entry(&t, &stu, &slug).await;
    assert_eq!(after, before);
    assert_eq!(after["title"], "Number theory", "{after}");
    assert_eq!(after["total_lessons"], 3, "{after}");
    assert_eq!(after["next_lesson"]["title"], "Part lesson 2", "{after}");
}
