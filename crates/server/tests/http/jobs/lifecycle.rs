use std::{collections::HashSet, sync::atomic::Ordering, time::Duration};

use axum::http::StatusCode;
use practicum_app::jobs::{JobOutcome, Schedule};
use serde_json::json;

use super::*;

/// Fails twice, then succeeds: attempts count up and each retry waits base·2^(n-1) plus
/// at most 50 % jitter, measured on the test clock.
#[db_test]
async fn failures_retry_with_exponential_backoff(Clocked { t, clock }: Clocked) {
    let (w, calls) = flaky_worker(&t, 2, 5);
    let id = enqueue(&t, "flaky", json!({"n": 1}), None, 5).await;

    let mut now = T0;
    for (attempt, base) in [(1, 10_000), (2, 20_000)] {
        let outcome = w.run_once().await.unwrap().expect("a due job");
        let JobOutcome::Retrying {
            id: got,
            attempt: a,
            run_at,
            error,
            ..
        } = outcome
        else {
            panic!("expected a retry, got {outcome:?}");
        };
        assert_eq!((got, a), (id, attempt));
        assert!(error.contains("boom"), "{error}");
        assert!(
            (now + base..=now + base + base / 2).contains(&run_at),
            "attempt {attempt}: run_at {run_at} not in backoff window from {now}"
        );
        // Not due before its time.
        clock.advance(Duration::from_millis(
            u64::try_from(run_at - now - 1).unwrap(),
        ));
        assert_eq!(w.run_once().await.unwrap(), None);
        clock.advance(Duration::from_millis(1));
        now = run_at;
    }
    let outcome = w.run_once().await.unwrap().expect("due again");
    assert_eq!(
        outcome,
        JobOutcome::Succeeded {
            id,
            kind: "flaky".into()
        }
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let job = t.app.db().clone();
    let mut conn = job.read().await.unwrap();
    let rec = practicum_store::jobs::find(&mut conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((rec.status.as_str(), rec.attempts), ("succeeded", 3));
    assert!(rec.lease_owner.is_none());
    assert_eq!(rec.finished_at, Some(now));
}

/// A job that keeps failing is dead after max_attempts and no longer claimed.
#[db_test]
async fn a_job_is_dead_after_max_attempts(Clocked { t, clock }: Clocked) {
    let (w, calls) = flaky_worker(&t, u32::MAX, 3);
    let id = enqueue(&t, "flaky", json!({}), None, 3).await;
    for attempt in 1..=2 {
        let o = w.run_once().await.unwrap().unwrap();
        assert!(
            matches!(o, JobOutcome::Retrying { attempt: a, .. } if a == attempt),
            "{o:?}"
        );
        clock.advance(Duration::from_secs(3600));
    }
    let o = w.run_once().await.unwrap().unwrap();
    assert!(
        matches!(&o, JobOutcome::Dead { id: got, error, .. } if *got == id && error.contains("boom")),
        "{o:?}"
    );
    clock.advance(Duration::from_secs(86_400));
    assert_eq!(w.run_once().await.unwrap(), None);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    let (_, admin) = t.admin("root@example.com").await;
    let r = t
        .get(&format!("/api/v1/admin/jobs/{id}"), Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "dead");
    assert_eq!(r.body["attempts"], 3);
    assert!(r.body["last_error"].as_str().unwrap().contains("boom"));
}

/// A worker "crashes" after claiming; once the lease expires another worker claims the
/// job and completes it; the first worker's late completion is refused.
#[db_test]
async fn a_crashed_workers_job_is_picked_up_again_and_completed_once(
    Clocked { t, clock }: Clocked,
) {
    let (registry, calls) = flaky_registry(0);
    let cfg = config(5);
    let a = worker(&t, &registry, &cfg, "worker-a");
    let b = worker(&t, &registry, &cfg, "worker-b");
    let id = enqueue(&t, "flaky", json!({}), None, 5).await;

    let claimed_by_a = a.claim().await.unwrap().expect("a claims");
    assert_eq!((claimed_by_a.id, claimed_by_a.attempts), (id, 1));
    assert_eq!(claimed_by_a.lease_owner.as_deref(), Some("worker-a"));
    // While A's lease holds, nobody else gets the job.
    clock.advance(Duration::from_secs(59));
    assert_eq!(b.run_once().await.unwrap(), None);
    // A "crashed": its lease expires and B takes over.
    clock.advance(Duration::from_secs(1));
    let o = b.run_once().await.unwrap().expect("b reclaims");
    assert_eq!(
        o,
        JobOutcome::Succeeded {
            id,
            kind: "flaky".into()
        }
    );
    // A comes back from the dead and reports success, then failure: both refused.
    assert_eq!(
        a.finish(&claimed_by_a, Ok(())).await.unwrap(),
        JobOutcome::LeaseLost {
            id,
            kind: "flaky".into()
        }
    );
    assert_eq!(
        a.finish(&claimed_by_a, Err("late".into())).await.unwrap(),
        JobOutcome::LeaseLost {
            id,
            kind: "flaky".into()
        }
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let mut conn = t.app.db().read().await.unwrap();
    let rec = practicum_store::jobs::find(&mut conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((rec.status.as_str(), rec.attempts), ("succeeded", 2));
    assert_eq!(rec.last_error, None);
}

/// N workers claiming at once each get distinct jobs, and every job is claimed.
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_never_share_a_job(Clocked { t, .. }: Clocked) {
    let (registry, _) = flaky_registry(0);
    let cfg = config(5);
    let mut ids = HashSet::new();
    for i in 0..30 {
        ids.insert(enqueue(&t, "flaky", json!({"i": i}), None, 5).await);
    }
    let claimers = (0..8).map(|n| {
        let w = worker(&t, &registry, &cfg, &format!("w{n}"));
        tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = w.claim().await.unwrap() {
                mine.push(job.id);
            }
            mine
        })
    });
    let mut claimed = Vec::new();
    for h in futures::future::join_all(claimers).await {
        claimed.extend(h.unwrap());
    }
    let distinct: HashSet<i64> = claimed.iter().copied().collect();
    assert_eq!(
        claimed.len(),
        distinct.len(),
        "a job was claimed twice: {claimed:?}"
    );
    assert_eq!(distinct, ids);
}

/// Several schedulers (processes) ticking in the same slot enqueue each periodic job once;
/// the next slot enqueues it again.
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn periodic_jobs_are_enqueued_once_per_slot(Clocked { t, clock }: Clocked) {
    let schedules = Schedule::parse_list("flaky=60,cleanup_tokens=3600").unwrap();
    let ticks = (0..8).map(|_| {
        let app = t.app.clone();
        let s = schedules.clone();
        tokio::spawn(async move { app.enqueue_scheduled(&s, 5).await.unwrap() })
    });
    let added: usize = futures::future::join_all(ticks)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .sum();
    assert_eq!(added, 2);
    clock.advance(Duration::from_secs(60));
    assert_eq!(t.app.enqueue_scheduled(&schedules, 5).await.unwrap(), 1);
    assert_eq!(t.app.enqueue_scheduled(&schedules, 5).await.unwrap(), 0);
    let (_, admin) = t.admin("root@example.com").await;
    let r = t.get("/api/v1/admin/jobs?kind=flaky", Some(&admin)).await;
    assert_eq!(r.body["total"], 2, "{}", r.body);
    let keys: HashSet<String> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["dedupe_key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(keys.len(), 2);
}

/// A job running longer than its lease keeps it (the worker extends it), so no other
/// worker takes it over meanwhile.
#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_job_keeps_its_lease(t: TestApp) {
    let mut registry = practicum_app::jobs::JobRegistry::new();
    registry.register("slow", |_app, _| async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        Ok(())
    });
    let cfg = Arc::new(practicum_app::jobs::JobsConfig {
        lease: Duration::from_millis(600),
        ..(*config(5)).clone()
    });
    let a = worker(&t, &registry, &cfg, "a");
    let b = worker(&t, &registry, &cfg, "b");
    let id = enqueue(&t, "slow", json!({}), None, 5).await;
    let running = tokio::spawn(async move { a.run_once().await.unwrap() });
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(b.claim().await.unwrap(), None, "the lease was kept");
    }
    assert_eq!(
        running.await.unwrap(),
        Some(JobOutcome::Succeeded {
            id,
            kind: "slow".into()
        })
    );
}
