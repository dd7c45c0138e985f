//! The catalog's stored cards (ADR 0060): a page read from cards is the page read from the
//! tables, byte for byte; every change a card shows makes it stale in the writing
//! transaction, so no page ever shows an older course; an enrolment leaves the card as it
//! is and its count is read live.

use axum::http::{Method, StatusCode};
use practicum_api::catalog::cards::build_course_cards;
use practicum_store::Session;
use serde_json::{json, Value};

use super::*;

/// The catalog page at `query` as anonymous clients read it, past the catalog cache.
async fn read(t: &TestApp, query: &str) -> Response {
    t.app.catalog_changed().await;
    let r = t.get(&format!("/api/v1/courses{query}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

async fn page(t: &TestApp, query: &str) -> Value {
    read(t, query).await.body
}

async fn stale(t: &TestApp) -> i64 {
    t.app.stale_course_card_count().await.unwrap()
}

/// The one course of `body` with `slug`.
fn course<'a>(body: &'a Value, slug: &str) -> &'a Value {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} not in {body}"))
}

#[db_test]
async fn pages_from_cards_are_the_pages_from_the_tables(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    create_category(&t, &producer, json!({"name": "Machine Learning"})).await;
    let mut slugs = Vec::new();
    for (teacher, title, tags) in [
        (
            &ada,
            "Deep \"Learning\", from scratch",
            json!(["PyTorch", "CNN"]),
        ),
        (&bob, "Statistics for data science", json!([])),
        (&ada, "Learning Rust", json!(["Rust"])),
    ] {
        let body = json!({"title": title, "description": "Neural networks and more",
            "price": 12.5, "category_slug": "machine-learning", "tags": tags,
            "cover_image_url": "https://cdn.example.org/c.png"});
        let slug = create_course(&t, teacher, body).await["slug"]
            .as_str()
            .unwrap()
            .to_owned();
        let who = if *teacher == bob { &bob } else { &ada };
        publish(&t, who, &producer, &slug).await;
        slugs.push(slug);
    }
    let stu = t.student("stu@example.org").await;
    enroll(&t, &stu, &slugs[0]).await;
    // A rating with many digits: the card keeps the value's exact text.
    let mut tx = t.db.db.write().await.unwrap();
    sqlx::query("UPDATE courses SET rating_avg = $1, rating_count = 3 WHERE slug = $2")
        .bind(13.0_f64 / 3.0)
        .bind(slugs[1].as_str())
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let queries = [
        "",
        "?page_size=2",
        "?page=2&page_size=2",
        "?page=9",
        "?sort=rating",
        "?sort=popularity&category=machine-learning",
        "?tag=pytorch",
        "?search=neural",
        "?price_max=20&free=false",
    ];
    let mut from_tables = Vec::new();
    for q in queries {
        from_tables.push(read(&t, q).await);
    }
    assert_eq!(stale(&t).await, 3, "new courses start without a card");
    assert_eq!(build_course_cards(&t.app).await.unwrap(), 3);
    assert_eq!(stale(&t).await, 0);
    for (q, expected) in queries.iter().zip(&from_tables) {
        let before = t.db.db.query_count();
        let r = read(&t, q).await;
        assert_eq!(r.bytes, expected.bytes, "GET /courses{q}");
        assert_eq!(t.db.db.query_count() - before, 1, "one statement: {q}");
    }
    assert_eq!(
        course(&from_tables[0].body, &slugs[1])["rating_avg"],
        13.0 / 3.0
    );
    assert_eq!(
        course(&from_tables[0].body, &slugs[0])["enrollment_count"],
        1
    );
    assert_eq!(
        from_tables[3].body["total"], 3,
        "a page past the end has the total"
    );

    // An enrolment leaves the card as it is; the page shows the new count at once.
    let other = t.student("other@example.org").await;
    enroll(&t, &other, &slugs[0]).await;
    assert_eq!(stale(&t).await, 0);
    assert_eq!(
        course(&page(&t, "").await, &slugs[0])["enrollment_count"],
        2
    );
}

#[db_test]
async fn every_change_a_card_shows_reaches_the_page_at_once(t: TestApp) {
    let (ada, _, producer) = two_teachers_and_producer(&t).await;
    create_category(&t, &producer, json!({"name": "Vision"})).await;
    let body = json!({"title": "Convolutions", "description": "Kernels", "price": 10,
        "category_slug": "vision", "tags": ["CNN"]});
    let slug = create_course(&t, &ada, body).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    publish(&t, &ada, &producer, &slug).await;
    let stu = t.student("stu@example.org").await;
    enroll(&t, &stu, &slug).await;

    // (what changes, the field the page shows, what it shows after)
    type Change<'a> = (&'a str, &'a str, Value);
    let mut checks: Vec<Change> = Vec::new();
    build_course_cards(&t.app).await.unwrap();

    let r = edit_course(&t, &ada, &slug, json!({"title": "Convolutions, again"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    note(
        &mut checks,
        "the title",
        "title",
        json!("Convolutions, again"),
    );
    check(&t, &slug, &checks).await;

    let r = edit_course(&t, &ada, &slug, json!({"tags": ["CNN", "Vision"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    note(&mut checks, "the tags", "tags", json!(["cnn", "vision"]));
    check(&t, &slug, &checks).await;

    let r = t.patch_me(&ada, json!({"full_name": "Ada Renamed"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    note(
        &mut checks,
        "the teacher's name",
        "teacher_name",
        json!("Ada Renamed"),
    );
    check(&t, &slug, &checks).await;

    let r = t.patch_profile(&ada, json!({"slug": "ada-teaches"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    note(
        &mut checks,
        "the teacher's profile",
        "teacher_slug",
        json!("ada-teaches"),
    );
    check(&t, &slug, &checks).await;

    rename(&t, &producer, "categories/vision", "computer-vision").await;
    note(
        &mut checks,
        "the category",
        "category_slug",
        json!("computer-vision"),
    );
    check(&t, &slug, &checks).await;

    rename(&t, &producer, "tags/cnn", "convnets").await;
    note(&mut checks, "a tag", "tags", json!(["convnets", "vision"]));
    check(&t, &slug, &checks).await;

    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/reviews"),
            Some(&stu),
            json!({"rating": 2, "text": "Too fast for me"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    note(&mut checks, "the rating", "rating_count", json!(1));
    note(&mut checks, "the rating", "rating_avg", json!(2.0));
    check(&t, &slug, &checks).await;
}

/// Gives the category or tag at `/courses/{what}` the slug `slug`, as staff.
async fn rename(t: &TestApp, staff: &str, what: &str, slug: &str) {
    let path = format!("/api/v1/courses/{what}");
    let r = t.patch(&path, Some(staff), json!({ "slug": slug })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// Adds what a field must show now (replacing what it showed before).
fn note<'a>(
    checks: &mut Vec<(&'a str, &'a str, Value)>,
    what: &'a str,
    field: &'a str,
    value: Value,
) {
    checks.retain(|(_, f, _)| *f != field);
    checks.push((what, field, value));
}

/// After each change: the card is stale, the page shows every change so far (read from
/// the tables), and again once the card is rebuilt (read from the card).
async fn check(t: &TestApp, slug: &str, checks: &[(&str, &str, Value)]) {
    let (what, _, _) = checks.last().unwrap();
    assert_eq!(stale(t).await, 1, "changing {what} makes the card stale");
    for round in ["from the tables", "from the rebuilt card"] {
        let body = page(t, "").await;
        let shown = course(&body, slug);
        for (what, field, value) in checks {
            assert_eq!(&shown[*field], value, "{what} {round}: {shown}");
        }
        assert_eq!(shown["enrollment_count"], 1, "{round}");
        build_course_cards(&t.app).await.unwrap();
        assert_eq!(stale(t).await, 0);
    }
}

#[db_test]
async fn a_card_built_from_an_older_course_is_not_stored(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let slug = draft(&t, &ada, "Optimisers").await;
    publish(&t, &ada, &producer, &slug).await;
    let read = t.app.stale_course_cards(10).await.unwrap();
    assert_eq!(read.len(), 1);
    // The course changes after the builder read it, before it stores the card.
    let r = edit_course(&t, &ada, &slug, json!({"title": "Optimisers, revised"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (head, tail) = practicum_api::catalog::cards::render_card(read[0].course.clone()).unwrap();
    let built = practicum_app::catalog::BuiltCourseCard {
        course_id: read[0].course.id,
        version: read[0].version,
        head,
        tail,
    };
    assert_eq!(t.app.store_course_cards(&[built]).await.unwrap(), 0);
    assert_eq!(stale(&t).await, 1);
    assert_eq!(titles(&page(&t, "").await), ["Optimisers, revised"]);
    build_course_cards(&t.app).await.unwrap();
    assert_eq!(titles(&page(&t, "").await), ["Optimisers, revised"]);
}

#[db_test]
async fn cards_in_another_format_are_all_rebuilt(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    for title in ["Kernels", "Margins"] {
        let slug = draft(&t, &ada, title).await;
        publish(&t, &ada, &producer, &slug).await;
    }
    let from_tables = read(&t, "").await;
    build_course_cards(&t.app).await.unwrap();
    // Cards written by a build whose JSON of a course had another field name.
    let mut tx = t.db.db.write().await.unwrap();
    sqlx::query("UPDATE course_cards SET head = REPLACE(head, '\"slug\":', '\"old_slug\":')")
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let old = read(&t, "").await;
    assert_ne!(
        old.bytes, from_tables.bytes,
        "the page is read from the cards"
    );
    assert_eq!(
        old.body["items"][0]["old_slug"],
        from_tables.body["items"][0]["slug"]
    );

    assert_eq!(build_course_cards(&t.app).await.unwrap(), 2);
    assert_eq!(stale(&t).await, 0);
    assert_eq!(read(&t, "").await.bytes, from_tables.bytes);
}

#[db_test]
async fn a_course_shown_in_a_translation_is_not_its_card(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let other = draft(&t, &ada, "Algebra").await;
    for s in [&slug, &other] {
        publish(&t, &ada, &producer, s).await;
    }
    let r = t
        .call(
            Method::PUT,
            &format!("/api/v1/courses/{slug}/translations/de"),
            Some(&ada),
            Some(json!({"title": "Analysis", "description": "Grenzwerte"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    build_course_cards(&t.app).await.unwrap();
    assert_eq!(stale(&t).await, 0);
    t.app.catalog_changed().await;
    let de = get_lang(&t, "/api/v1/courses", None, Some("de")).await;
    assert_eq!(de.status, StatusCode::OK, "{}", de.body);
    let translated = course(&de.body, &slug);
    assert_eq!(translated["title"], "Analysis");
    assert_eq!(translated["description"], "Grenzwerte");
    // The other course has no German text: its card, in its own language.
    assert_eq!(course(&de.body, &other)["title"], "Algebra");
    // The languages of the page's texts, in the page's order (the newer course first).
    assert_eq!(content_language(&de), "en, de");
    assert_eq!(course(&page(&t, "").await, &slug)["title"], "Calculus");
}
