//! A search alone in the newest order is read, on SQLite, from an index of the published
//! courses' words whose rowid is each course's place in that order (ADR 0063, migration
//! 0146), on PostgreSQL from its search table, whose rows carry their course's status and
//! publication time (ADR 0072, migration 0150); with another filter or order each match is
//! mapped back to its course. Whatever
//! happens to a course (published at some moment, its title or description edited,
//! archived), the search's page, its order and its total are those of the courses
//! themselves, at once, on both databases.

use std::time::Duration;

use axum::http::StatusCode;
use practicum_store::{
    catalog::{
        listing::{list_published_cards, CourseFilter, CourseSort},
        search_totals::SearchTotals,
    },
    Session,
};
use serde_json::json;

use super::*;

fn owned(slugs: &[&String]) -> Vec<String> {
    slugs.iter().map(|s| (*s).clone()).collect()
}

/// Four drafts by `teacher`, created (and numbered) in this order: their slugs.
async fn drafts(t: &TestApp, teacher: &str, titles: [&str; 4]) -> Vec<String> {
    let mut slugs = Vec::new();
    for title in titles {
        slugs.push(draft(t, teacher, title).await);
    }
    slugs
}

#[db_test]
async fn a_search_page_follows_its_courses_words_status_and_publication(
    Clocked { t, clock }: Clocked,
) {
    let (ada, _bob, producer) = two_teachers_and_producer(&t).await;
    let slug = drafts(
        &t,
        &ada,
        [
            "Graph Networks",
            "Recurrent Networks",
            "Draft Networks",
            "Linear Models",
        ],
    )
    .await;
    // Created (and numbered) in this order.
    let [graph, recurrent, late, linear] = [&slug[0], &slug[1], &slug[2], &slug[3]];
    let search = "search=networks";

    // Published at one moment, the later-created course comes first (the id tie-break).
    publish(&t, &ada, &producer, recurrent).await;
    publish(&t, &ada, &producer, linear).await;
    assert_eq!(newest_page(&t, search).await, (owned(&[recurrent]), 1));

    // Published a second later, the earlier-created course comes before it.
    clock.advance(Duration::from_secs(1));
    publish(&t, &ada, &producer, graph).await;
    assert_eq!(
        newest_page(&t, search).await,
        (owned(&[graph, recurrent]), 2)
    );
    // A third at that same moment: the id breaks the tie.
    publish(&t, &ada, &producer, late).await;
    assert_eq!(
        newest_page(&t, search).await,
        (owned(&[late, graph, recurrent]), 3)
    );
    assert_eq!(
        catalog_page(&t, &format!("{search}&page=2&page_size=2")).await,
        (owned(&[recurrent]), 3)
    );
    assert_eq!(
        catalog_page(&t, &format!("{search}&page=3&page_size=2")).await,
        (vec![], 3),
        "a page past the end still has the total"
    );
    assert_eq!(
        newest_page(&t, "search=networks%20graph").await,
        (owned(&[graph]), 1),
        "every word is required"
    );
    assert_eq!(newest_page(&t, "search=%22%20%2A").await, (vec![], 0));

    // The words of a description count, edited after publication.
    let body = json!({"description": "Linear layers before convolutional networks"});
    let r = edit_course(&t, &ada, linear, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        newest_page(&t, search).await,
        (owned(&[late, graph, linear, recurrent]), 4)
    );

    // A title edited away from the word takes the course off the search.
    let r = edit_course(&t, &ada, graph, json!({"title": "Graph Theory"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        newest_page(&t, search).await,
        (owned(&[late, linear, recurrent]), 3)
    );
    assert_eq!(newest_page(&t, "search=theory").await, (owned(&[graph]), 1));

    // Archived, a course is not searched; the filters and orders that read the courses
    // agree with the index.
    let r = set_status(&t, &producer, recurrent, json!({"status": "archived"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(newest_page(&t, search).await, (owned(&[late, linear]), 2));
    assert_eq!(
        catalog_page(&t, &format!("{search}&free=false")).await,
        (owned(&[late, linear]), 2)
    );
    let (mut popular, total) = catalog_page(&t, &format!("{search}&sort=popularity")).await;
    popular.sort();
    let mut expected = owned(&[late, linear]);
    expected.sort();
    assert_eq!((popular, total), (expected, 2));
}

/// The next course id is `id` (the one after the last taken).
async fn next_course_id(t: &TestApp, id: i64) {
    let mut tx = t.db.db.write().await.unwrap();
    let statements = match t.db.db.backend() {
        Backend::Sqlite => vec![
            "DELETE FROM sqlite_sequence WHERE name = 'courses'".to_owned(),
            format!(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('courses', {})",
                id - 1
            ),
        ],
        Backend::Postgres => vec![format!(
            "SELECT setval(pg_get_serial_sequence('courses', 'id'), {})",
            id - 1
        )],
    };
    for sql in statements {
        sqlx::query(&sql).execute(tx.conn()).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn courses(t: &TestApp) -> i64 {
    let mut conn = t.db.db.read().await.unwrap();
    let row = sqlx::query("SELECT COUNT(*) AS n FROM courses")
        .fetch_one(conn.conn())
        .await
        .unwrap();
    sqlx::Row::try_get(&row, "n").unwrap()
}

/// SQLite's search index keeps a course id in 21 bits of its key: the last id that fits
/// is searched like any other, and a course past it is refused with nothing written.
/// PostgreSQL has no such limit.
#[db_test]
async fn course_ids_end_where_the_sqlite_search_key_does(t: TestApp) {
    let (ada, _bob, producer) = two_teachers_and_producer(&t).await;
    next_course_id(&t, 2_097_151).await;
    let last = draft(&t, &ada, "Sparse Networks").await;
    publish(&t, &ada, &producer, &last).await;
    assert_eq!(
        newest_page(&t, "search=sparse").await,
        (vec![last.clone()], 1)
    );

    let before = courses(&t).await;
    let body = json!({"title": "Dense Networks", "description": "About it", "price": 10});
    let r = t.post("/api/v1/courses", Some(&ada), body).await;
    match t.db.db.backend() {
        Backend::Sqlite => {
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
            assert_eq!(courses(&t).await, before, "nothing written");
        }
        Backend::Postgres => {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            let dense = r.body["slug"].as_str().unwrap().to_owned();
            publish(&t, &ada, &producer, &dense).await;
            assert_eq!(
                newest_page(&t, "search=networks").await,
                (vec![dense, last], 2)
            );
        }
    }
}

/// One search's page through the store, with `totals` as the process's memo: the number
/// of courses on it and its total.
async fn searched(t: &TestApp, totals: &SearchTotals, offset: i64) -> (usize, i64) {
    let filter = CourseFilter {
        search: Some("networks".to_owned()),
        ..CourseFilter::default()
    };
    let mut conn = t.db.db.read().await.unwrap();
    let (cards, total) =
        list_published_cards(&mut conn, &filter, CourseSort::Newest, 20, offset, totals)
            .await
            .unwrap();
    (cards.len(), total)
}

/// `sql` with `slug` bound to `$1`, committed, bypassing the application (no cache is
/// told about it).
async fn behind_the_app(t: &TestApp, sql: &str, slug: &str) {
    let mut tx = t.db.db.write().await.unwrap();
    sqlx::query(sql)
        .bind(slug)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A search's total on SQLite is taken from the memo only while the search index is at the
/// version the total was counted at (ADR 0064, migration 0147): whatever changes the
/// index — a course's words, its status, its deletion, even a statement that bypasses the
/// application — the next page counts again, and what does not touch the index (an
/// enrolment count) keeps the version. PostgreSQL counts every time.
#[db_test]
async fn a_remembered_search_total_is_never_stale(t: TestApp) {
    let (ada, _bob, producer) = two_teachers_and_producer(&t).await;
    let mut slug = Vec::new();
    for title in ["Graph Networks", "Recurrent Networks", "Linear Models"] {
        let s = draft(&t, &ada, title).await;
        publish(&t, &ada, &producer, &s).await;
        slug.push(s);
    }
    let [graph, recurrent, linear] = [&slug[0], &slug[1], &slug[2]];
    let totals = SearchTotals::default();
    let sqlite = t.db.db.backend() == Backend::Sqlite;
    let version = || totals.get("\"networks\"").map(|c| c.version);

    assert_eq!(searched(&t, &totals, 0).await, (2, 2));
    if !sqlite {
        assert!(totals.is_empty(), "PostgreSQL remembers nothing");
    }
    let first = version();
    assert_eq!(first.is_some(), sqlite);
    assert_eq!(searched(&t, &totals, 0).await, (2, 2), "remembered");
    assert_eq!(version(), first);

    // Not in the index: the version stays.
    let sql = "UPDATE courses SET enrollment_count = enrollment_count + 5 WHERE slug = $1";
    behind_the_app(&t, sql, graph).await;
    assert_eq!(searched(&t, &totals, 0).await, (2, 2));
    assert_eq!(version(), first);

    let sql = "UPDATE courses SET title = 'Linear Networks' WHERE slug = $1";
    behind_the_app(&t, sql, linear).await;
    assert_eq!(searched(&t, &totals, 0).await, (3, 3), "a title edited in");
    let second = version();
    assert!(!sqlite || second != first, "a new version");

    let sql = "UPDATE courses SET status = 'archived' WHERE slug = $1";
    behind_the_app(&t, sql, graph).await;
    assert_eq!(searched(&t, &totals, 0).await, (2, 2), "taken off");
    assert_eq!(searched(&t, &totals, 20).await, (0, 2), "past the end");

    behind_the_app(&t, "DELETE FROM courses WHERE slug = $1", recurrent).await;
    assert_eq!(
        searched(&t, &totals, 20).await,
        (0, 1),
        "deleted, past the end"
    );
    assert_eq!(searched(&t, &totals, 0).await, (1, 1));
    assert!(!sqlite || version() != second);
}

/// A database with courses from before migration 0150 (PostgreSQL's search vector on the
/// course row) gets every course's row in the search table when the migration runs,
/// drafts and archived courses included: the pages are the same before and after, and a
/// course edited or published afterwards is searched as before.
#[db_test]
async fn the_search_table_migration_keeps_every_course_searched(Clocked { t, clock }: Clocked) {
    let (ada, _bob, producer) = two_teachers_and_producer(&t).await;
    let slug = drafts(
        &t,
        &ada,
        [
            "Graph Networks",
            "Recurrent Networks",
            "Draft Networks",
            "Old Networks",
        ],
    )
    .await;
    // Created (and numbered) in this order; the first published a second after the others,
    // so the newest order is not the ids' order.
    let [graph, recurrent, late, old] = [&slug[0], &slug[1], &slug[2], &slug[3]];
    publish(&t, &ada, &producer, recurrent).await;
    publish(&t, &ada, &producer, old).await;
    clock.advance(Duration::from_secs(1));
    publish(&t, &ada, &producer, graph).await;
    let r = set_status(&t, &producer, old, json!({"status": "archived"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let queries = [
        "search=networks",
        "search=networks&sort=popularity",
        "search=networks&page=2&page_size=1",
        "search=recurrent",
    ];
    let mut before = Vec::new();
    for q in queries {
        before.push(catalog_page(&t, q).await);
    }
    assert_eq!(before[0], (owned(&[graph, recurrent]), 2));

    practicum_store::migrate::down_to(&t.db.db, 149)
        .await
        .unwrap();
    practicum_store::migrate::up(&t.db.db).await.unwrap();
    for (q, page) in queries.iter().zip(&before) {
        assert_eq!(&catalog_page(&t, q).await, page, "{q}");
    }

    // The draft, published after the migration, comes first; a title edited after it is
    // searched by its new words; the archived course stays out.
    clock.advance(Duration::from_secs(1));
    publish(&t, &ada, &producer, late).await;
    assert_eq!(
        newest_page(&t, "search=networks").await,
        (owned(&[late, graph, recurrent]), 3)
    );
    let r = edit_course(&t, &ada, graph, json!({"title": "Graph Theory"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(newest_page(&t, "search=theory").await, (owned(&[graph]), 1));
    assert_eq!(newest_page(&t, "search=old").await, (vec![], 0));
}
