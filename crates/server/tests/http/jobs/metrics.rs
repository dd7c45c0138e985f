use std::time::Duration;

use serde_json::json;

use super::*;

/// `/metrics` exposes the job gauges and counters, the pool and the live connections.
#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_cover_jobs_pool_and_websockets(Clocked { t, .. }: Clocked) {
    let (w, _) = flaky_worker(&t, 0, 5);
    enqueue(&t, "flaky", json!({}), None, 5).await;
    enqueue(&t, "flaky", json!({}), None, 5).await;
    w.run_once().await.unwrap().unwrap();
    let addr = crate::notifications::spawn(&t).await;
    let me = t.student("ann@example.com").await;
    let (_ws, _) = crate::notifications::connect(addr, "/ws", &me).await;

    let r = t.get("/metrics", None).await;
    let text = String::from_utf8(r.bytes).unwrap();
    for needle in [
        // Gauges are process-wide and other tests scrape too: names, not values.
        r#"jobs{status="queued"}"#,
        r#"jobs{status="succeeded"}"#,
        r#"jobs{status="dead"}"#,
        r#"jobs_processed_total{kind="flaky",outcome="succeeded"}"#,
        r#"job_duration_seconds_bucket{kind="flaky""#,
        "ws_connections",
        "ws_subscriptions",
        "db_pool_connections",
        "db_read_pool_idle_connections",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

/// The value of one series line (`name{labels}`), if present.
fn series(text: &str, name_and_labels: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name_and_labels) && l[name_and_labels.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

/// Queue lag: the age of the oldest due job per kind; future jobs are not due, and a
/// claimed job no longer waits.
#[db_test]
async fn queue_lag_is_the_age_of_the_oldest_due_job(Clocked { t, clock }: Clocked) {
    let lag = |text: &str, kind: &str| {
        series(text, &format!("jobs_queue_lag_seconds{{kind=\"{kind}\"}}"))
    };
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert_eq!(lag(&text, "cleanup_tokens"), Some(0.0), "{text}");
    assert_eq!(lag(&text, "flaky"), None, "no flaky job yet");

    enqueue(&t, "flaky", json!({}), None, 5).await;
    clock.advance(Duration::from_secs(30));
    enqueue(&t, "flaky", json!({}), None, 5).await;
    // Due in an hour: not counted.
    enqueue(&t, "flaky", json!({}), Some(T0 + 3_600_000), 5).await;
    clock.advance(Duration::from_secs(60));
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert_eq!(lag(&text, "flaky"), Some(90.0), "{text}");
    assert_eq!(lag(&text, "cleanup_tokens"), Some(0.0));

    // The oldest is claimed and done: the next one has waited 60 s.
    let (w, _) = flaky_worker(&t, 0, 5);
    w.run_once().await.unwrap().unwrap();
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert_eq!(lag(&text, "flaky"), Some(60.0), "{text}");
    w.run_once().await.unwrap().unwrap();
    let text = String::from_utf8(t.get("/metrics", None).await.bytes).unwrap();
    assert_eq!(lag(&text, "flaky"), None, "nothing due: {text}");
}
