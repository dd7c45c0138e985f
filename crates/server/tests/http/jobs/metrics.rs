use rstest::rstest;
use serde_json::json;

use super::*;

/// `/metrics` exposes the job gauges and counters, the pool and the live connections.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_cover_jobs_pool_and_websockets(#[case] backend: Backend) {
    let Some((t, _clock)) = start(backend).await else {
        return;
    };
    let (registry, _) = flaky_registry(0);
    let cfg = config(5);
    let w = worker(&t, &registry, &cfg, "w1");
    t.app
        .enqueue_job("flaky", &json!({}), None, 5)
        .await
        .unwrap();
    t.app
        .enqueue_job("flaky", &json!({}), None, 5)
        .await
        .unwrap();
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
