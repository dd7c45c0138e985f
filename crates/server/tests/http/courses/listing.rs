use axum::http::StatusCode;
use practicum_store::Session;
use serde_json::{json, Value};

use super::*;

async fn create(t: &TestApp, teacher: &str, body: Value) -> (String, i64) {
    let c = create_course(t, teacher, body).await;
    (
        c["slug"].as_str().unwrap().to_owned(),
        c["teacher_id"].as_i64().unwrap(),
    )
}

#[db_test]
async fn the_catalog_filters_searches_sorts_and_pages(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    for body in [
        json!({"name": "Machine Learning"}),
        json!({"name": "Computer Vision", "parent_slug": "machine-learning"}),
    ] {
        create_category(&t, &producer, body).await;
    }
    let (deep, ada_id) = create(
        &t,
        &ada,
        json!({"title": "Deep Learning Basics",
        "description": "Neural networks from scratch", "price": 0,
        "category_slug": "computer-vision", "tags": ["PyTorch"]}),
    )
    .await;
    let (stats, _) = create(&t, &bob, json!({"title": "Statistics for Data Science",
        "description": "Probability and inference", "price": 20, "category_slug": "machine-learning",
        "tags": ["Statistics", "Bayes", "Probability"]})).await;
    let (rust, _) = create(
        &t,
        &ada,
        json!({"title": "Learning Rust",
        "description": "Ownership and borrowing", "price": 50,
        "cover_image_url": "https://cdn.example.org/rust.png"}),
    )
    .await;
    let (secret, _) = create(
        &t,
        &ada,
        json!({"title": "Secret learning draft", "description": "Neural"}),
    )
    .await;
    for slug in [&deep, &stats, &rust] {
        publish(
            &t,
            if *slug == stats { &bob } else { &ada },
            &producer,
            slug,
        )
        .await;
    }
    for (i, slug) in [&rust, &rust, &stats].into_iter().enumerate() {
        let stu = t.student(&format!("s{i}@example.org")).await;
        enroll(&t, &stu, slug).await;
    }
    // Ratings come from reviews (another context); set them directly here.
    let mut tx = t.db.db.write().await.unwrap();
    for (slug, rating) in [(&stats, 4.8), (&deep, 4.0), (&rust, 3.0)] {
        sqlx::query("UPDATE courses SET rating_avg = $1, rating_count = 3 WHERE slug = $2")
            .bind(rating)
            .bind(slug.as_str())
            .execute(tx.conn())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let all = t.get("/api/v1/courses", None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["total"], 3);
    assert!(!slugs(&all.body).contains(&secret));
    let item = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == rust.as_str())
        .unwrap();
    for key in [
        "course_id",
        "slug",
        "title",
        "description",
        "cover_image_url",
    ] {
        assert!(item.get(key).is_some(), "{key} missing: {item}");
    }
    assert_eq!(item["cover_image_url"], "https://cdn.example.org/rust.png");
    // Each item's tags, in slug order (none: an empty list).
    let tags_of = |slug: &String| {
        all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == slug.as_str())
            .unwrap()["tags"]
            .clone()
    };
    assert_eq!(
        tags_of(&stats),
        json!(["bayes", "probability", "statistics"])
    );
    assert_eq!(tags_of(&deep), json!(["pytorch"]));
    assert_eq!(tags_of(&rust), json!([]));

    let page2 = t.get("/api/v1/courses?page=2&page_size=2", None).await;
    assert_eq!(
        (
            page2.body["total"].as_i64(),
            page2.body["page"].as_i64(),
            page2.body["page_size"].as_i64()
        ),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(page2.body["items"].as_array().unwrap().len(), 1);
    // A page past the end is empty and still has the total, with and without a filter
    // that has a stored count.
    for query in [
        "page=3&page_size=2",
        "page=2&page_size=2&free=false&sort=rating",
    ] {
        let past = t.get(&format!("/api/v1/courses?{query}"), None).await;
        let expected = if query.contains("free") { 2 } else { 3 };
        assert_eq!(
            (
                past.body["total"].as_i64(),
                past.body["items"].as_array().map(Vec::len)
            ),
            (Some(expected), Some(0)),
            "{query}"
        );
    }

    let cases: Vec<(String, Vec<&String>)> = vec![
        ("sort=newest".into(), vec![&rust, &stats, &deep]),
        ("sort=popularity".into(), vec![&rust, &stats, &deep]),
        ("sort=rating".into(), vec![&stats, &deep, &rust]),
        (
            "category=machine-learning&sort=rating".into(),
            vec![&stats, &deep],
        ),
        ("category=computer-vision".into(), vec![&deep]),
        ("tag=pytorch".into(), vec![&deep]),
        (format!("teacher={ada_id}&sort=rating"), vec![&deep, &rust]),
        ("price_min=10&price_max=30".into(), vec![&stats]),
        ("free=true".into(), vec![&deep]),
        ("free=false&sort=rating".into(), vec![&stats, &rust]),
        ("search=learning&sort=rating".into(), vec![&deep, &rust]),
        ("search=network".into(), vec![&deep]),
        ("search=probability%20inference".into(), vec![&stats]),
        ("search=probability%20rust".into(), vec![]),
        ("search=%22NEAR(%22".into(), vec![]),
        ("search=learning&free=false".into(), vec![&rust]),
    ];
    for (query, expected) in cases {
        let r = t.get(&format!("/api/v1/courses?{query}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
        let expected: Vec<String> = expected.into_iter().cloned().collect();
        assert_eq!(slugs(&r.body), expected, "{query}");
        assert_eq!(r.body["total"], expected.len(), "{query}");
    }
    assert_error(
        &t.get("/api/v1/courses?sort=cheapest", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.get("/api/v1/courses?price_min=-5", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );

    // The search index follows edits.
    let r = edit_course(&t, &ada, &rust, json!({"title": "Systems programming"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        slugs(&t.get("/api/v1/courses?search=rust", None).await.body),
        Vec::<String>::new()
    );
    assert_eq!(
        slugs(&t.get("/api/v1/courses?search=systems", None).await.body),
        vec![rust.clone()]
    );

    // A constant number of queries whatever the page size, once the stored cards are
    // built (ADR 0060; `courses::cards` tests a page with stale cards).
    practicum_api::catalog::cards::build_course_cards(&t.app)
        .await
        .unwrap();
    let mut counts = Vec::new();
    for size in [1, 3] {
        let before = t.db.db.query_count();
        let r = t
            .get(
                &format!("/api/v1/courses?page_size={size}&tag=pytorch"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        counts.push(t.db.db.query_count() - before);
    }
    assert_eq!(counts[0], counts[1]);
    // One statement: the page's cards and the total together.
    assert_eq!(counts[0], 1);

    let popular = t.get("/api/v1/courses/popular?limit=2", None).await;
    assert_eq!(popular.status, StatusCode::OK, "{}", popular.body);
    assert_eq!(slugs(&popular.body), vec![rust.clone(), stats.clone()]);
    // Trending ranks by decayed recent activity as of the last analytics refresh.
    t.app.refresh_analytics().await.unwrap();
    let trending = t.get("/api/v1/courses/trending", None).await;
    assert_eq!(trending.status, StatusCode::OK, "{}", trending.body);
    assert_eq!(slugs(&trending.body), vec![rust.clone(), stats.clone()]);
    assert_eq!(trending.body["total"], 2);
    // Activity older than the 30-day window no longer counts.
    crate::analytics::age_events(&t, &rust, 31 * 24).await;
    t.app.refresh_analytics().await.unwrap();
    let later = t.get("/api/v1/courses/trending", None).await;
    assert_eq!(slugs(&later.body), vec![stats.clone()]);
}

/// `(scope, scope_id, n)` rows of `sql`.
async fn scoped_counts(s: &mut dyn Session, sql: &str) -> Vec<(String, i64, i64)> {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_all(s.conn())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("scope"), r.get("scope_id"), r.get("n")))
        .collect()
}

/// The stored counts (`catalog_counts`) as they are, and as counted from the rows now;
/// scopes at zero are left out of both.
async fn stored_and_counted(t: &TestApp) -> (Vec<(String, i64, i64)>, Vec<(String, i64, i64)>) {
    let mut tx = t.db.db.write().await.unwrap();
    let stored = scoped_counts(
        &mut tx,
        "SELECT scope, scope_id, published AS n FROM catalog_counts WHERE published <> 0 \
         ORDER BY scope, scope_id",
    )
    .await;
    let counted = scoped_counts(
        &mut tx,
        "SELECT scope, scope_id, n FROM ( \
           SELECT 'all' AS scope, CAST(0 AS BIGINT) AS scope_id, COUNT(*) AS n \
             FROM courses WHERE status = 'published' \
           UNION ALL SELECT 'category', category_id, COUNT(*) FROM courses \
             WHERE status = 'published' AND category_id IS NOT NULL GROUP BY category_id \
           UNION ALL SELECT 'tag', ct.tag_id, COUNT(*) FROM course_tags ct \
             JOIN courses c ON c.id = ct.course_id WHERE c.status = 'published' \
             GROUP BY ct.tag_id) counted \
         WHERE n <> 0 ORDER BY scope, scope_id",
    )
    .await;
    tx.commit().await.unwrap();
    (stored, counted)
}

/// The catalog's total comes from counts the database keeps (no filter, a category, a
/// tag); every write that changes what is published keeps them equal to a fresh count,
/// and the listing gives the same total as counting the rows (a price filter forces that).
#[db_test]
async fn stored_catalog_counts_follow_every_write(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    for body in [
        json!({"name": "Machine Learning"}),
        json!({"name": "Computer Vision", "parent_slug": "machine-learning"}),
        json!({"name": "Statistics"}),
    ] {
        create_category(&t, &producer, body).await;
    }
    let check = |step: &'static str| {
        let t = &t;
        async move {
            let (stored, counted) = stored_and_counted(t).await;
            assert_eq!(stored, counted, "after {step}");
            for filter in [
                "",
                "category=machine-learning",
                "category=computer-vision",
                "category=statistics",
                "tag=pytorch",
                "tag=numpy",
                "tag=nowhere",
            ] {
                let stored = t.get(&format!("/api/v1/courses?{filter}"), None).await;
                let counted = t
                    .get(&format!("/api/v1/courses?{filter}&price_min=0"), None)
                    .await;
                assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
                assert_eq!(
                    stored.body["total"], counted.body["total"],
                    "after {step}: total of ?{filter}"
                );
                assert_eq!(slugs(&stored.body), slugs(&counted.body));
            }
        }
    };
    check("nothing published").await;
    let mut courses = Vec::new();
    for (title, category, tags) in [
        ("Vision one", "computer-vision", json!(["PyTorch", "NumPy"])),
        ("Vision two", "computer-vision", json!(["PyTorch"])),
        ("Learning three", "machine-learning", json!(["NumPy"])),
        ("Stats four", "statistics", json!([])),
    ] {
        let (slug, _) = create(
            &t,
            &ada,
            json!({"title": title, "description": "d", "price": 10,
                "category_slug": category, "tags": tags}),
        )
        .await;
        courses.push(slug);
    }
    check("drafts only").await;
    for slug in &courses {
        publish(&t, &ada, &producer, slug).await;
    }
    check("publishing").await;
    // Retagging and moving a published course.
    let r = t
        .patch(
            &format!("/api/v1/courses/{}", courses[0]),
            Some(&ada),
            json!({"tags": ["NumPy", "Stats"], "category_slug": "statistics"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    check("retagging and moving").await;
    let r = t
        .patch(
            &format!("/api/v1/courses/{}", courses[1]),
            Some(&ada),
            json!({"category_slug": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    check("leaving its category").await;
    // Archiving takes a course out of every count.
    let r = t
        .post(
            &format!("/api/v1/courses/{}/status", courses[2]),
            Some(&ada),
            json!({"status": "archived"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    check("archiving").await;
    // Deleting a published course with tags (no route does; the rows may still go). The
    // catalog cache does not see this write, so only the database is compared.
    let mut tx = t.db.db.write().await.unwrap();
    sqlx::query("DELETE FROM courses WHERE slug = $1")
        .bind(courses[0].as_str())
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (stored, counted) = stored_and_counted(&t).await;
    assert_eq!(stored, counted, "after deleting");
    assert!(
        stored.contains(&("all".to_owned(), 0, 2)),
        "Vision two and Stats four remain published: {stored:?}"
    );
}
