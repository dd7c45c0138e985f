//! Figures for the README, not assertions: how long `refresh_analytics` (the first one,
//! incremental ones, a full rebuild) and a trending page take over a large event log. `cargo test -p practicum-server --test http --
//! --ignored analytics::figures --nocapture` (set PRACTICUM_TEST_POSTGRES_URL for PG).

use std::time::Instant;

use practicum_domain::identity::Role;
use rstest::rstest;

use crate::courses::user;
use crate::support::*;

const COURSES: i64 = 200;
const EVENTS: i64 = 1_000_000;
/// Events appended after the first refreshes (an hour or so of a busy platform).
const APPENDED: i64 = 10_000;

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
#[ignore = "a measurement; run by hand"]
async fn refresh_figures(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    user(&t, "teach@example.org", Role::Teacher).await;
    let now = chrono::Utc::now().timestamp_millis();
    let series = |n: i64| match backend {
        Backend::Sqlite => format!(
            "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) "
        ),
        Backend::Postgres => format!("WITH g(i) AS (SELECT generate_series(1, {n})) "),
    };
    let courses = format!(
        "{}INSERT INTO courses (slug, title, teacher_id, status, created_at, updated_at, \
         published_at) SELECT 'c-' || i, 'Course ' || i, (SELECT MIN(id) FROM users), \
         'published', {now}, {now}, {now} FROM g",
        series(COURSES)
    );
    t.execute(sqlx::query(&courses)).await;
    let insert_events = |n: i64, offset: i64| {
        format!(
            "{}INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
             SELECT CASE i % 4 WHEN 0 THEN 'course_view' WHEN 1 THEN 'enrollment' \
                    WHEN 2 THEN 'lesson_completed' ELSE 'review_posted' END, \
                    i % 5000, (SELECT MIN(id) FROM courses) + i % {COURSES}, NULL, \
                    {now} + {offset} - CAST(i AS BIGINT) * 2591 FROM g",
            series(n)
        )
    };
    let started = Instant::now();
    t.execute(sqlx::query(&insert_events(EVENTS, 0))).await;
    let seeded = started.elapsed();
    // The first refresh folds the whole log in; the next ones read only what was appended.
    let mut refresh = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        t.app.refresh_analytics().await.unwrap();
        refresh.push(started.elapsed().as_millis());
    }
    t.execute(sqlx::query(&insert_events(APPENDED, 1000))).await;
    let started = Instant::now();
    t.app.refresh_analytics().await.unwrap();
    let appended = started.elapsed().as_millis();
    let started = Instant::now();
    t.app.refresh_analytics_full().await.unwrap();
    let full = started.elapsed().as_millis();
    let started = Instant::now();
    let r = t.get("/api/v1/courses/trending?page_size=20", None).await;
    let trending = started.elapsed().as_micros();
    assert_eq!(r.body["total"], COURSES);
    println!(
        "FIGURES {backend:?}: {EVENTS} events over 30 days, {COURSES} courses: seeded in {} ms; \
         refresh_analytics {refresh:?} ms (first, then nothing new); after {APPENDED} more \
         events {appended} ms; full rebuild {full} ms; GET /courses/trending {trending} µs",
        seeded.as_millis()
    );
}
