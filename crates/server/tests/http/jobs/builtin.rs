use std::sync::Mutex;

use axum::http::StatusCode;
use practicum_app::{
    jobs::JobOutcome,
    ports::{BoxFuture, Mailer},
};
use rstest::rstest;
use serde_json::json;

use super::*;

/// Records what it sends; fails while `fail` is set.
#[derive(Default)]
struct FakeMailer {
    sent: Mutex<Vec<(String, String)>>,
    fail: std::sync::atomic::AtomicBool,
}

impl Mailer for FakeMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            if self.fail.load(Ordering::SeqCst) {
                return Err("relay refused".into());
            }
            self.sent
                .lock()
                .unwrap()
                .push((to.to_owned(), subject.to_owned()));
            Ok(())
        })
    }
}

async fn pending(t: &TestApp, to: &str) -> i64 {
    let mut conn = t.app.db().read().await.unwrap();
    practicum_store::identity::outbox::pending_count(&mut conn, to)
        .await
        .unwrap()
}

/// The outbox job delivers pending mail; a failing relay records the error, the job is
/// retried with backoff, and the message goes out once the relay is back.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn email_outbox_delivers_and_retries(#[case] backend: Backend) {
    let mailer = Arc::new(FakeMailer::default());
    let m = Arc::clone(&mailer);
    let Some(Clocked { t, clock }) =
        Clocked::start_custom(backend, move |app| app.with_mailer(m)).await
    else {
        return;
    };
    t.register("ada@example.org").await;
    let r = t
        .post(
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": "ada@example.org"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(pending(&t, "ada@example.org").await, 1);

    let registry = practicum_server::wiring::job_registry();
    let cfg = config(5);
    let w = worker(&t, &registry, &cfg, "w1");
    mailer.fail.store(true, Ordering::SeqCst);
    let id = enqueue(&t, "email_outbox", json!({}), None, 5).await;
    let o = w.run_once().await.unwrap().unwrap();
    assert!(
        matches!(&o, JobOutcome::Retrying { error, .. } if error.contains("1 of 1")),
        "{o:?}"
    );
    assert_eq!(pending(&t, "ada@example.org").await, 1);
    let (attempts, error) = outbox_row(&t).await;
    assert_eq!(attempts, 1);
    assert_eq!(error.as_deref(), Some("relay refused"));
    mailer.fail.store(false, Ordering::SeqCst);
    clock.advance(Duration::from_secs(3600));
    assert_eq!(
        w.run_once().await.unwrap().unwrap(),
        JobOutcome::Succeeded {
            id,
            kind: "email_outbox".into()
        }
    );
    assert_eq!(pending(&t, "ada@example.org").await, 0);
    let sent = mailer.sent.lock().unwrap().clone();
    assert_eq!(outbox_row(&t).await, (2, None));
    assert_eq!(
        sent,
        vec![(
            "ada@example.org".to_owned(),
            "Reset your Practicum password".to_owned()
        )]
    );
}

/// (attempts, last_error) of the only outbox row, read straight from the table.
async fn outbox_row(t: &TestApp) -> (i32, Option<String>) {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::AnyConnection::connect(&t.db.url).await.unwrap();
    let row = sqlx::query("SELECT attempts, last_error FROM email_outbox")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    (
        row.get::<i32, _>("attempts"),
        row.get::<Option<String>, _>("last_error"),
    )
}

/// Housekeeping: expired tokens go; partitions are created ahead on PostgreSQL only.
#[db_test]
async fn housekeeping_jobs(Clocked { t, clock }: Clocked) {
    t.register("ada@example.org").await;
    assert_eq!(
        t.app.cleanup_tokens().await.unwrap(),
        0,
        "nothing expired yet"
    );
    clock.advance(Duration::from_secs(31 * 86_400));
    assert_eq!(
        t.app.cleanup_tokens().await.unwrap(),
        1,
        "the refresh token expired"
    );
    // T0 is 2027-01-15; the migration created partitions through 2027-12.
    clock.advance(Duration::from_secs(365 * 86_400));
    let created = t.app.partition_upkeep().await.unwrap();
    match backend {
        Backend::Sqlite => assert_eq!(created, 0),
        Backend::Postgres => {
            assert_eq!(created, 4, "this month and three ahead");
            assert_eq!(t.app.partition_upkeep().await.unwrap(), 0, "idempotent");
        }
    }
}
