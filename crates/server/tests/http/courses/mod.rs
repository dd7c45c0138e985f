//! `/courses/*`: the catalog, its workflow, modules and lessons.

pub mod caching;
mod caching_authoring;
mod cards;
mod catalog;
mod course_fields;
mod cover;
mod demo;
mod listing;
mod outline;
mod overview_v2;
mod search_pages;
mod seed_load;
mod shared_pages;
mod studio;
mod syllabus_edit;
mod tag_pages;
mod taxonomy_edit;
mod teacher_profile;
mod translations;

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::{json, Value};

use crate::support::*;

/// A signed-in user with `role`; returns the access token.
pub async fn user(t: &TestApp, email: &str, role: Role) -> String {
    token(&t.user_with_role(email, role).await)
}

/// Creates a draft course titled `title` as `teacher`; returns its slug.
pub async fn draft(t: &TestApp, teacher: &str, title: &str) -> String {
    let body = json!({"title": title, "description": "About it", "price": 10});
    create_course(t, teacher, body).await["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Submits the course for review (as its teacher) and publishes it (as `producer`).
pub async fn publish(t: &TestApp, teacher: &str, producer: &str, slug: &str) {
    for (who, status) in [(teacher, "review"), (producer, "published")] {
        let r = set_status(t, who, slug, json!({"status": status})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
}

/// The catalog page at `query` past the catalog cache: (the slugs in order, the total).
pub async fn catalog_page(t: &TestApp, query: &str) -> (Vec<String>, i64) {
    t.app.catalog_changed().await;
    let r = t.get(&format!("/api/v1/courses?{query}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    (slugs(&r.body), r.body["total"].as_i64().unwrap())
}

/// The page at `query` in the newest order, checked against the same filter in the rating
/// order, which is always chosen from the course rows: the same courses, the same total.
/// (A tag's or a search's newest page is chosen from rows that copy the courses', ADR 0061
/// and 0063.)
pub async fn newest_page(t: &TestApp, query: &str) -> (Vec<String>, i64) {
    let (newest, total) = catalog_page(t, query).await;
    let (mut by_rating, rating_total) = catalog_page(t, &format!("{query}&sort=rating")).await;
    let mut sorted = newest.clone();
    sorted.sort();
    by_rating.sort();
    assert_eq!(
        (sorted, total),
        (by_rating, rating_total),
        "{query}: the newest order's rows and the courses disagree"
    );
    (newest, total)
}

/// Adds a module with `lessons` text lessons; returns (module id, lesson ids).
pub async fn module_with_lessons(
    t: &TestApp,
    teacher: &str,
    slug: &str,
    title: &str,
    lessons: usize,
) -> (i64, Vec<i64>) {
    let m = add_module(t, teacher, slug, json!({"title": title})).await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.body);
    let module_id = m.body["module_id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for i in 0..lessons {
        let lesson_title = format!("{title} lesson {}", i + 1);
        let body = json!({"module_id": module_id, "title": lesson_title,
                          "content": [{"type": "text", "text": "Read this."}]});
        let l = add_lesson(t, teacher, slug, body).await;
        assert_eq!(l.status, StatusCode::CREATED, "{}", l.body);
        ids.push(l.body["lesson_id"].as_i64().unwrap());
    }
    (module_id, ids)
}

pub fn quiz_content() -> Value {
    json!([
        {"type": "markdown", "markdown": "# Gradients"},
        {"type": "quiz", "id": "q1", "question": "d/dx x^2 at 1?",
         "options": [{"id": "a", "text": "1"}, {"id": "b", "text": "2"}],
         "correct_option_id": "b"}
    ])
}
