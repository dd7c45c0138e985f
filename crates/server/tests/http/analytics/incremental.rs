//! The incremental refresh (ADR 0045) against a rebuild from the whole log: after each
//! batch of events — late ones, ones on the edges of the trending and daily windows, in
//! the future, without a course or for a course that does not exist — and as time moves
//! on, the rollups, daily rows and trending weights equal those of a full recompute at
//! the same instant.

use practicum_domain::identity::Role;
use practicum_store::{analytics, Session};
use sqlx::Row;

use crate::courses::user;
use crate::support::*;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// `(kind, course index or None, amount, occurred_at)`; course index 3 does not exist.
type Event = (&'static str, Option<usize>, Option<i64>, i64);

async fn insert(t: &TestApp, courses: &[i64], events: &[Event]) {
    let mut tx = t.db.db.write().await.unwrap();
    for (kind, course, amount, at) in events {
        sqlx::query(
            "INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
             VALUES ($1, NULL, $2, $3, $4)",
        )
        .bind(*kind)
        .bind(course.map(|i| courses.get(i).copied().unwrap_or(9_999_999)))
        .bind(*amount)
        .bind(*at)
        .execute(tx.conn())
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Everything the refresh derives, as text (scores to 1e-9).
async fn snapshot(s: &mut dyn Session) -> Vec<String> {
    let mut out = Vec::new();
    for r in sqlx::query(
        "SELECT course_id, views, enrollments, completed, revenue_cents, trending_score \
         FROM course_analytics ORDER BY course_id",
    )
    .fetch_all(s.conn())
    .await
    .unwrap()
    {
        out.push(format!(
            "rollup {} views {} enrolled {} completed {} revenue {} trending {:.9}",
            r.try_get::<i64, _>("course_id").unwrap(),
            r.try_get::<i64, _>("views").unwrap(),
            r.try_get::<i64, _>("enrollments").unwrap(),
            r.try_get::<i64, _>("completed").unwrap(),
            r.try_get::<i64, _>("revenue_cents").unwrap(),
            r.try_get::<f64, _>("trending_score").unwrap(),
        ));
    }
    for r in sqlx::query(
        "SELECT course_id, day, views, enrollments, completions, reviews, revenue_cents \
         FROM course_analytics_daily ORDER BY course_id, day",
    )
    .fetch_all(s.conn())
    .await
    .unwrap()
    {
        let v: Vec<i64> = (0..7).map(|i| r.try_get::<i64, _>(i).unwrap()).collect();
        out.push(format!("daily {v:?}"));
    }
    out
}

/// Refreshes incrementally at `now`, then checks a rebuild at the same `now` (rolled
/// back) gives the same rows; returns the incremental rows.
async fn refresh_and_compare(t: &TestApp, now: i64) -> Vec<String> {
    let mut tx = t.db.db.write().await.unwrap();
    analytics::refresh(&mut tx, now).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = t.db.db.write().await.unwrap();
    let incremental = snapshot(&mut tx).await;
    analytics::refresh_full(&mut tx, now).await.unwrap();
    let full = snapshot(&mut tx).await;
    drop(tx); // rolled back: the incremental state goes on
    assert_eq!(incremental, full, "incremental != full recompute at {now}");
    incremental
}

fn line<'a>(rows: &'a [String], prefix: &str) -> &'a str {
    rows.iter()
        .find(|r| r.starts_with(prefix))
        .map_or("", String::as_str)
}

#[db_test]
async fn incremental_refresh_equals_a_full_recompute(t: TestApp) {
    user(&t, "teach@example.org", Role::Teacher).await;
    // A fixed instant in the middle of an hour: the windows' edges are exact.
    let now = (chrono::Utc::now().timestamp_millis() / HOUR) * HOUR + HOUR / 2;
    let mut tx = t.db.db.write().await.unwrap();
    let mut courses = Vec::new();
    for i in 0..3 {
        let row = sqlx::query(
            "INSERT INTO courses (slug, title, teacher_id, status, created_at, updated_at, \
             published_at) VALUES ($1, $2, (SELECT MIN(id) FROM users), 'published', $3, $3, $3) \
             RETURNING id",
        )
        .bind(format!("inc-{i}"))
        .bind(format!("Incremental {i}"))
        .bind(now)
        .fetch_one(tx.conn())
        .await
        .unwrap();
        courses.push(row.try_get::<i64, _>("id").unwrap());
    }
    tx.commit().await.unwrap();

    let window_start = (now / HOUR - (30 * 24 - 1)) * HOUR;
    let day_start = (now / DAY - 89) * DAY;
    insert(
        &t,
        &courses,
        &[
            ("course_view", Some(0), None, now - 1000),
            ("course_view", Some(0), None, now - 5 * HOUR),
            ("enrollment", Some(0), Some(2500), now - 3 * DAY),
            ("lesson_completed", Some(1), None, now - 10 * DAY),
            ("review_posted", Some(1), None, now - 40 * DAY), // daily only
            ("course_view", Some(2), None, now - 100 * DAY),  // views only
            ("exam_graded", Some(2), None, now - HOUR),
            ("course_view", None, None, now),
            ("enrollment", Some(3), Some(100), now), // no such course
            ("course_view", Some(1), None, now + 2 * HOUR), // in the future
            ("course_view", Some(1), None, window_start), // first hour of the window
            ("course_view", Some(1), None, window_start - 1), // just before it
            ("enrollment", Some(2), Some(700), day_start), // first kept day
            ("enrollment", Some(2), Some(900), day_start - 1), // just before it
        ],
    )
    .await;
    let first = refresh_and_compare(&t, now).await;
    let course0 = format!("rollup {} views 2 ", courses[0]);
    assert!(line(&first, &course0).contains("trending"), "{first:#?}");
    assert!(
        !line(&first, &course0).ends_with("trending 0.000000000"),
        "{first:#?}"
    );

    // Late events (stamped days ago, appended now) and more of the same hour.
    insert(
        &t,
        &courses,
        &[
            ("course_view", Some(0), None, now - 2 * DAY),
            ("enrollment", Some(1), Some(1200), now - 20 * DAY),
            ("course_view", Some(0), None, now - 1000),
            ("review_posted", Some(2), None, now - 95 * DAY),
        ],
    )
    .await;
    let second = refresh_and_compare(&t, now).await;
    assert!(
        line(&second, &format!("rollup {} views 4 ", courses[0])).contains("trending"),
        "{second:#?}"
    );
    assert_ne!(first, second);

    // Time moves on: the future event's hour arrives, windows slide, nothing new.
    let later = now + 3 * HOUR;
    refresh_and_compare(&t, later).await;
    insert(&t, &courses, &[("lesson_completed", Some(1), None, later)]).await;
    refresh_and_compare(&t, later).await;
    // Weeks later: the old hours and days fall out of both windows.
    let weeks = now + 45 * DAY;
    let rows = refresh_and_compare(&t, weeks).await;
    assert!(
        line(&rows, &format!("rollup {} views 4 ", courses[0])).ends_with("trending 0.000000000"),
        "{rows:#?}"
    );
}
