//! A tag's catalog page in the newest order is chosen from the tag's links, which carry
//! their course's status, price and publication time (ADR 0061, migration 0145). Whatever
//! happens to a course (a new price, publication, archiving, its tags changed), the tag's
//! page and its total are those of the courses themselves, at once.

use axum::http::StatusCode;
use practicum_store::Session;
use serde_json::{json, Value};

use super::*;

/// Links whose copied columns differ from their course's.
async fn links_out_of_step(t: &TestApp) -> i64 {
    let mut conn = t.db.db.read().await.unwrap();
    let row: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM course_tags ct JOIN courses c ON c.id = ct.course_id \
         WHERE ct.status <> c.status OR ct.price_cents <> c.price_cents \
            OR ct.published_at IS DISTINCT FROM c.published_at",
    )
    .fetch_one(conn.conn())
    .await
    .unwrap();
    row.0
}

fn owned(slugs: &[&String]) -> Vec<String> {
    slugs.iter().map(|s| (*s).clone()).collect()
}

#[db_test]
async fn a_tag_page_follows_its_courses_price_status_and_tags(t: TestApp) {
    let (ada, _bob, producer) = two_teachers_and_producer(&t).await;
    let course = |title: &str, price: i64, tags: Value| json!({"title": title, "description": "About it", "price": price, "tags": tags});
    let mut slug = Vec::new();
    for (title, price, tags) in [
        ("Cheap Torch", 10, json!(["PyTorch"])),
        ("Dear Torch", 80, json!(["PyTorch", "Vision"])),
        ("Draft Torch", 30, json!(["PyTorch"])),
        ("No Torch", 5, json!(["Vision"])),
    ] {
        let c = create_course(&t, &ada, course(title, price, tags)).await;
        slug.push(c["slug"].as_str().unwrap().to_owned());
    }
    let [cheap, dear, draft, other] = [&slug[0], &slug[1], &slug[2], &slug[3]];
    for s in [cheap, dear, other] {
        publish(&t, &ada, &producer, s).await;
    }
    let bounded = "tag=pytorch&price_max=50";
    assert_eq!(newest_page(&t, bounded).await, (owned(&[cheap]), 1));
    assert_eq!(
        newest_page(&t, "tag=pytorch").await,
        (owned(&[dear, cheap]), 2)
    );
    assert_eq!(newest_page(&t, "tag=pytorch&free=true").await, (vec![], 0));
    assert_eq!(
        newest_page(&t, "tag=pytorch&price_min=50").await,
        (owned(&[dear]), 1)
    );
    assert_eq!(
        newest_page(&t, "tag=nowhere&price_max=50").await,
        (vec![], 0)
    );

    // A new price moves the course into the bounded page.
    let r = t
        .patch(
            &format!("/api/v1/courses/{dear}"),
            Some(&ada),
            json!({"price": 40}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(newest_page(&t, bounded).await, (owned(&[dear, cheap]), 2));

    // Publishing one puts it first (the newest); the pages cut the same list.
    publish(&t, &ada, &producer, draft).await;
    assert_eq!(
        newest_page(&t, bounded).await,
        (owned(&[draft, dear, cheap]), 3)
    );
    assert_eq!(
        catalog_page(&t, &format!("{bounded}&page=2&page_size=2")).await,
        (owned(&[cheap]), 3)
    );
    assert_eq!(
        catalog_page(&t, &format!("{bounded}&page=3&page_size=2")).await,
        (vec![], 3),
        "a page past the end still has the total"
    );

    // Archiving takes it off the page.
    let r = set_status(&t, &producer, dear, json!({"status": "archived"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(newest_page(&t, bounded).await, (owned(&[draft, cheap]), 2));

    // A tag taken off, and one given, by editing the course.
    for (s, tags) in [
        (cheap, json!(["Vision"])),
        (other, json!(["PyTorch", "Vision"])),
    ] {
        let r = t
            .patch(
                &format!("/api/v1/courses/{s}"),
                Some(&ada),
                json!({"tags": tags}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(newest_page(&t, bounded).await, (owned(&[draft, other]), 2));
    assert_eq!(
        newest_page(&t, "tag=vision&price_max=50").await,
        (owned(&[other, cheap]), 2),
        "the other tag's page, the links given and kept"
    );
    assert_eq!(links_out_of_step(&t).await, 0);
}
