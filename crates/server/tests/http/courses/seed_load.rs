//! `practicum seed-load`'s dataset: consistent, usable through the API, on both backends.

use axum::http::StatusCode;
use practicum_domain::identity::PlainPassword;
use practicum_server::seed_load::{plan, SeedLoadArgs, LOAD_PASSWORD};
use practicum_store::{seed_load, Session};

use super::*;
use crate::learning::outline_copy;

#[db_test]
async fn the_load_dataset_is_consistent_and_usable(t: TestApp) {
    assert!(seed_load::is_empty(&t.db.db).await.unwrap());
    let args = SeedLoadArgs {
        courses: 40,
        learners: 12,
        enrollments: 100,
        teachers: 3,
        questions: 0,
        force: false,
    };
    let hash = t
        .app
        .hasher()
        .hash(&PlainPassword::new_checked(LOAD_PASSWORD).unwrap())
        .await
        .unwrap();
    let plan = plan(&args, hash, 1_700_000_000_000);
    let report = seed_load::load(&t.db.db, &plan).await.unwrap();
    assert_eq!(
        (
            report.courses,
            report.learners,
            report.enrollments,
            report.lessons
        ),
        (40, 12, 100, 360)
    );
    let completions: usize = plan
        .enrollments
        .iter()
        .flatten()
        .map(|(_, done)| *done)
        .sum();
    assert_eq!(report.completions, completions);
    assert!(!seed_load::is_empty(&t.db.db).await.unwrap());

    // `seed-load` ends with a VACUUM on PostgreSQL: the tables' pages are marked
    // all-visible (index-only scans need not read them), as autovacuum would later.
    seed_load::vacuum(&t.db.db).await.unwrap();
    if t.db.db.backend() == Backend::Postgres {
        let mut conn = t.db.db.read().await.unwrap();
        let row = sqlx::query(
            "SELECT CAST(relallvisible AS BIGINT) AS n FROM pg_class WHERE relname = 'courses'",
        )
        .fetch_one(conn.conn())
        .await
        .unwrap();
        let visible: i64 = sqlx::Row::try_get(&row, "n").unwrap();
        assert!(
            visible > 0,
            "courses has no all-visible page after the vacuum"
        );
    }

    // The catalog lists them all; popularity counts the enrollments.
    let list = t.get("/api/v1/courses?page_size=100", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 40);
    let popular = t.get("/api/v1/courses/popular?limit=50", None).await;
    let counted: i64 = popular
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["enrollment_count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, 100);
    let search = t.get("/api/v1/courses?search=networks", None).await;
    assert!(
        search.body["total"].as_i64().unwrap() > 0,
        "{}",
        search.body
    );

    // The busiest learner logs in and sees their progress.
    let (email, n) = report.busiest_learner.unwrap();
    let token = token(&t.login(&email, LOAD_PASSWORD).await);
    let mine = t.get("/api/v1/dashboard/my-courses", Some(&token)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(mine.body.as_array().unwrap().len(), n);
    // Its figures are the ones the outline and the completions give (the seed writes the
    // rows in bulk; the dashboard reads the counts and next lesson stored on them).
    for course in mine.body.as_array().unwrap() {
        let slug = course["slug"].as_str().unwrap();
        let detail = t
            .get_ok(&format!("/api/v1/dashboard/courses/{slug}"), Some(&token))
            .await;
        let lessons: Vec<serde_json::Value> = detail["modules"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| m["lessons"].as_array().unwrap().clone())
            .collect();
        let done = lessons
            .iter()
            .filter(|l| l["status"] == "completed")
            .count();
        let next = lessons
            .iter()
            .find(|l| l["status"] != "completed")
            .map(|l| l["lesson_id"].clone())
            .unwrap_or(serde_json::Value::Null);
        assert_eq!(course["total_lessons"], lessons.len(), "{course}");
        assert_eq!(course["completed_lessons"], done, "{course}");
        assert_eq!(course["next_lesson"]["lesson_id"], next, "{course}");
        // The outline it shows is the course's copy of it (migration 0149), which the
        // seed writes with the course: the same as the course page's, read from the
        // modules and lessons themselves.
        assert_eq!(
            outline_copy::progress_page(&t, &token, slug).await.0,
            outline_copy::course_page_outline(&t, &token, slug).await,
            "{slug}"
        );
    }

    // Loading again (as --force does) adds a second, distinct dataset.
    let again = seed_load::load(&t.db.db, &plan).await.unwrap();
    assert_eq!(again.courses, 40);
    let list = t.get("/api/v1/courses?page_size=1", None).await;
    assert_eq!(list.body["total"], 80);
}
