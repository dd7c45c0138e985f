use axum::http::StatusCode;

use crate::{learning::count, support::*};

#[db_test]
async fn the_demo_catalog_is_realistic_and_idempotent(t: TestApp) {
    practicum_server::demo::catalog::seed(&t.app).await.unwrap();
    let tables = [
        "courses",
        "modules",
        "lessons",
        "enrollments",
        "lesson_completions",
        "categories",
        "tags",
        "users",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&t, &format!("SELECT COUNT(*) AS n FROM {table}")).await);
    }
    practicum_server::demo::catalog::seed(&t.app).await.unwrap();
    for (table, n) in tables.iter().zip(&before) {
        assert_eq!(
            count(&t, &format!("SELECT COUNT(*) AS n FROM {table}")).await,
            *n,
            "{table}"
        );
    }
    assert_eq!(before[0], 10);
    for status in ["draft", "review", "published", "archived"] {
        let sql = format!("SELECT COUNT(*) AS n FROM courses WHERE status = '{status}'");
        assert!(count(&t, &sql).await > 0, "no {status} course");
    }
    assert!(count(&t, "SELECT COUNT(*) AS n FROM lesson_completions").await > 0);

    let catalog = t.get("/api/v1/courses?page_size=100", None).await;
    assert_eq!(catalog.body["total"], 7, "{}", catalog.body);
    let slug = catalog.body["items"][0]["slug"].as_str().unwrap();
    let course = t.get(&format!("/api/v1/courses/{slug}"), None).await;
    assert_eq!(course.body["requirements"][0], "Python basics");
    assert_eq!(
        course.body["what_you_will_learn"][0],
        course.body["modules"][0]["title"]
    );
    let student = t
        .login(
            "student@practicum.example",
            practicum_server::demo::DEMO_PASSWORD,
        )
        .await;
    let mine = t
        .get("/api/v1/dashboard/my-courses", Some(&token(&student)))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(!mine.body.as_array().unwrap().is_empty(), "{}", mine.body);
}
