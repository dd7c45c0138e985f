//! The course progress page (`GET /dashboard/courses/{slug}`) reads the course's outline
//! from its copy on the course row (migration 0149, ADR 0070). These tests change the
//! outline in every way the API can, one at a time and all at once, and check after each
//! that the page shows the outline the course page (`GET /courses/{slug}`, read from the
//! modules and lessons themselves) shows, with the learner's completions in place.

use axum::http::{Method, StatusCode};
use futures::future::join_all;
use serde_json::{json, Value};

use super::cast;
use crate::{courses::*, support::*};

/// (module id, title, [(lesson id, title)]) in order.
pub type Outline = Vec<(i64, String, Vec<(i64, String)>)>;

fn outline_from(modules: &Value, lesson_id: &str) -> Outline {
    modules
        .as_array()
        .unwrap_or_else(|| panic!("no modules: {modules}"))
        .iter()
        .map(|m| {
            let lessons = m["lessons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let title = l["title"].as_str().unwrap().to_owned();
                    (l[lesson_id].as_i64().unwrap(), title)
                })
                .collect();
            let title = m["title"].as_str().unwrap().to_owned();
            (m["module_id"].as_i64().unwrap(), title, lessons)
        })
        .collect()
}

/// The outline as the course page shows it to `token`, read from modules and lessons.
pub async fn course_page_outline(t: &TestApp, token: &str, slug: &str) -> Outline {
    let page = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(token))
        .await;
    outline_from(&page["modules"], "lesson_id")
}

/// The learner's progress page: its outline, and the ids of the lessons it shows completed.
pub async fn progress_page(t: &TestApp, token: &str, slug: &str) -> (Outline, Vec<i64>) {
    let page = t
        .get_ok(&format!("/api/v1/dashboard/courses/{slug}"), Some(token))
        .await;
    let done = page["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap().clone())
        .filter(|l| l["status"] == "completed")
        .map(|l| {
            assert!(l["completed_at"].is_string(), "{l}");
            l["lesson_id"].as_i64().unwrap()
        })
        .collect();
    (outline_from(&page["modules"], "lesson_id"), done)
}

/// The progress page shows the course page's outline, with `done` completed (after
/// `what`).
async fn assert_same_outline(
    t: &TestApp,
    (teacher, learner): (&str, &str),
    slug: &str,
    done: &[i64],
    what: &str,
) {
    let (shown, mut completed) = progress_page(t, learner, slug).await;
    let course = course_page_outline(t, teacher, slug).await;
    assert_eq!(shown, course, "after {what}: the progress page's outline");
    completed.sort_unstable();
    let mut done = done.to_vec();
    done.sort_unstable();
    assert_eq!(completed, done, "after {what}: the completed lessons");
}

#[db_test]
async fn every_outline_change_shows_on_the_progress_page_at_once(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Geometry").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "Points", 3).await;
    let (b, b_lessons) = module_with_lessons(&t, &ada, &slug, "Lines", 2).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    let who = (ada.as_str(), stu.as_str());
    assert_same_outline(&t, who, &slug, &[], "the enrolment").await;
    let (shown, _) = progress_page(&t, &stu, &slug).await;
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[0].1, "Points");
    assert_eq!(shown[0].2[2].1, "Points lesson 3");

    complete(&t, &stu, a_lessons[0]).await;
    complete(&t, &stu, b_lessons[1]).await;
    let done = [a_lessons[0], b_lessons[1]];
    assert_same_outline(&t, who, &slug, &done, "two completions").await;

    let module = |m: i64| format!("/api/v1/courses/{slug}/modules/{m}");
    let steps: Vec<(&str, Method, String, Option<Value>)> = vec![
        (
            "an empty module added",
            Method::POST,
            format!("/api/v1/courses/{slug}/modules"),
            Some(json!({"title": "Planes"})),
        ),
        (
            "a module renamed",
            Method::PATCH,
            module(a),
            Some(json!({"title": "Dots"})),
        ),
        (
            "a module's description changed",
            Method::PATCH,
            module(b),
            Some(json!({"description": "Straight ones."})),
        ),
        (
            "a lesson renamed",
            Method::PATCH,
            format!("/api/v1/lessons/{}", a_lessons[1]),
            Some(json!({"title": "Origin"})),
        ),
        (
            "a completed lesson renamed",
            Method::PATCH,
            format!("/api/v1/lessons/{}", a_lessons[0]),
            Some(json!({"title": "Zero"})),
        ),
        (
            "a lesson added",
            Method::POST,
            format!("/api/v1/courses/{slug}/lessons"),
            Some(json!({"module_id": b, "title": "Rays",
                     "content": [{"type": "text", "text": "x"}]})),
        ),
        (
            "a lesson moved to another module",
            Method::PATCH,
            format!("/api/v1/lessons/{}", a_lessons[2]),
            Some(json!({"module_id": b})),
        ),
        (
            "a module's lessons reordered",
            Method::POST,
            format!("/api/v1/courses/{slug}/modules/{a}/lessons/reorder"),
            Some(json!({"lesson_ids": [a_lessons[1], a_lessons[0]]})),
        ),
        (
            "the modules reordered",
            Method::POST,
            format!("/api/v1/courses/{slug}/modules/reorder"),
            None,
        ),
        (
            "a lesson deleted",
            Method::DELETE,
            format!("/api/v1/lessons/{}", b_lessons[0]),
            None,
        ),
    ];
    for (what, method, path, body) in steps {
        let body = match body {
            Some(b) => b,
            // The modules, last first.
            None => {
                let ids: Vec<i64> = course_page_outline(&t, &ada, &slug)
                    .await
                    .iter()
                    .rev()
                    .map(|m| m.0)
                    .collect();
                json!({ "module_ids": ids })
            }
        };
        let body = if method == Method::DELETE {
            None
        } else {
            Some(body)
        };
        let r = t.call(method, &path, Some(&ada), body).await;
        assert!(r.status.is_success(), "{what}: {} {}", r.status, r.body);
        assert_same_outline(&t, who, &slug, &done, what).await;
    }
    let (shown, _) = progress_page(&t, &stu, &slug).await;
    let titles: Vec<&str> = shown.iter().map(|m| m.1.as_str()).collect();
    assert_eq!(titles, ["Planes", "Lines", "Dots"]);
    assert_eq!(shown[2].2[0].1, "Origin");
    assert_eq!(shown[2].2[1].1, "Zero");

    // The last, empty module deleted.
    let planes = shown[0].0;
    let r = t
        .call(Method::DELETE, &module(planes), Some(&ada), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_same_outline(&t, who, &slug, &done, "the empty module deleted").await;
    assert_eq!(progress_page(&t, &stu, &slug).await.0.len(), 2);
}

/// Renames, appends, moves and reorders of one course, all at once: each rewrites the
/// copy under the course's lock, so the last one to commit copies every change.
#[db_test]
async fn concurrent_outline_changes_leave_the_copy_whole(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Trigonometry").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "Angles", 4).await;
    let (b, b_lessons) = module_with_lessons(&t, &ada, &slug, "Waves", 3).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    complete(&t, &stu, a_lessons[0]).await;

    let mut changes: Vec<(Method, String, Value)> = Vec::new();
    for (n, l) in a_lessons.iter().chain(&b_lessons).enumerate() {
        let body = json!({"title": format!("Renamed {n}")});
        changes.push((Method::PATCH, format!("/api/v1/lessons/{l}"), body));
    }
    for (n, m) in [a, b].iter().enumerate() {
        let path = format!("/api/v1/courses/{slug}/modules/{m}");
        changes.push((Method::PATCH, path, json!({"title": format!("Module {n}")})));
    }
    for n in 0..2 {
        let body = json!({"module_id": b, "title": format!("New {n}"),
                          "content": [{"type": "text", "text": "x"}]});
        changes.push((
            Method::POST,
            format!("/api/v1/courses/{slug}/lessons"),
            body,
        ));
    }
    let path = format!("/api/v1/courses/{slug}/modules");
    changes.push((Method::POST, path, json!({"title": "Appendix"})));
    let path = format!("/api/v1/lessons/{}", a_lessons[3]);
    changes.push((Method::PATCH, path, json!({"module_id": b})));
    let path = format!("/api/v1/courses/{slug}/modules/reorder");
    changes.push((Method::POST, path, json!({"module_ids": [b, a]})));
    let calls = changes
        .iter()
        .map(|(method, path, body)| t.call(method.clone(), path, Some(&ada), Some(body.clone())));
    for r in join_all(calls).await {
        // A module reorder that lost to the module append no longer lists the course's
        // modules exactly (422); a move that lost to another change may be asked to retry.
        assert!(
            r.status.is_success()
                || r.status == StatusCode::UNPROCESSABLE_ENTITY
                || r.status == StatusCode::CONFLICT,
            "{}: {}",
            r.status,
            r.body
        );
    }
    assert_same_outline(&t, (&ada, &stu), &slug, &[a_lessons[0]], "the changes").await;
    let (shown, _) = progress_page(&t, &stu, &slug).await;
    let lessons: usize = shown.iter().map(|m| m.2.len()).sum();
    assert_eq!(lessons, 4 + 3 + 2);
    assert!(shown.iter().any(|m| m.1 == "Appendix"), "{shown:?}");
}

/// A database with courses from before migration 0149 gets every copy filled in when the
/// migration runs: the page is the same before and after.
#[db_test]
async fn the_migration_fills_in_the_copies_of_existing_courses(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Probability").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &slug, "Events", 3).await;
    module_with_lessons(&t, &ada, &slug, "Variables", 2).await;
    let r = add_module(&t, &ada, &slug, json!({"title": "Empty"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    complete(&t, &stu, lessons[1]).await;
    let path = format!("/api/v1/dashboard/courses/{slug}");
    let before = t.get_ok(&path, Some(&stu)).await;

    practicum_store::migrate::down_to(&t.db.db, 148)
        .await
        .unwrap();
    practicum_store::migrate::up(&t.db.db).await.unwrap();
    let after = t.get_ok(&path, Some(&stu)).await;
    assert_eq!(after, before);
    assert_same_outline(&t, (&ada, &stu), &slug, &[lessons[1]], "the migration").await;
    assert_eq!(progress_page(&t, &stu, &slug).await.0.len(), 3);
}
