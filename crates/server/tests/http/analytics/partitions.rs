//! On PostgreSQL the event log is partitioned by month: the migration creates this month
//! and the next, `ensure_analytics_partitions` creates more ahead (moving rows out of the
//! DEFAULT partition), and rows land in the partition of their month.

use chrono::{Datelike, Months, TimeZone, Utc};
use practicum_store::analytics;
use rstest::rstest;

use super::text;
use crate::reviews::{enrolled, published_course};
use crate::support::*;

fn month_name(months_ahead: u32) -> String {
    let now = Utc::now();
    let first = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .unwrap()
        .checked_add_months(Months::new(months_ahead))
        .unwrap();
    format!("analytics_events_y{:04}m{:02}", first.year(), first.month())
}

async fn partitions(t: &TestApp) -> Vec<(String, i64)> {
    let mut conn = t.db.db.read().await.unwrap();
    analytics::partitions(&mut conn).await.unwrap()
}

/// One partition upkeep run three months ahead; the partitions it created.
async fn upkeep(t: &TestApp) -> Vec<String> {
    t.app.ensure_analytics_partitions(3).await.unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn events_land_in_monthly_partitions(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    if backend == Backend::Sqlite {
        // One plain table; partition upkeep is a no-op.
        assert!(partitions(&t).await.is_empty());
        assert!(upkeep(&t).await.is_empty());
        return;
    }
    let names: Vec<String> = partitions(&t).await.into_iter().map(|(n, _)| n).collect();
    let mut expected = vec![
        "analytics_events_default".to_owned(),
        month_name(0),
        month_name(1),
    ];
    expected.sort();
    assert_eq!(names, expected);

    // An enrollment now lands in this month's partition.
    let (_, _, slug) = published_course(&t, "pt", "Partitioned").await;
    enrolled(&t, "p@example.org", &slug).await;
    let landed = text(
        &t,
        "SELECT CAST(tableoid::regclass AS TEXT) AS s FROM analytics_events WHERE kind = 'enrollment'",
    )
    .await;
    assert_eq!(landed, month_name(0));

    // A row three months ahead has no partition yet: it lands in DEFAULT …
    let ahead = Utc::now()
        .checked_add_months(Months::new(3))
        .unwrap()
        .timestamp_millis();
    let insert = "INSERT INTO analytics_events (kind, occurred_at) VALUES ('course_view', $1)";
    t.execute(sqlx::query(insert).bind(ahead)).await;
    let counts = partitions(&t).await;
    assert!(
        counts.contains(&("analytics_events_default".to_owned(), 1)),
        "{counts:?}"
    );

    // … until the partitions ahead are created: the row moves into its month.
    let created = upkeep(&t).await;
    assert_eq!(created, vec![month_name(2), month_name(3)]);
    let counts = partitions(&t).await;
    assert!(
        counts.contains(&("analytics_events_default".to_owned(), 0)),
        "{counts:?}"
    );
    assert!(counts.contains(&(month_name(3), 1)), "{counts:?}");
    assert!(counts.contains(&(month_name(0), 1)), "{counts:?}");
    // Idempotent.
    assert!(upkeep(&t).await.is_empty(), "idempotent");
    assert_eq!(partitions(&t).await.len(), 5);
}
