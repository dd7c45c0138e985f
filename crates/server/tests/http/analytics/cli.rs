//! `practicum analytics refresh | partitions`: the upkeep the job system schedules, by hand.

use rstest::rstest;

use crate::support::*;

fn practicum(db_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_practicum"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("LOG_LEVEL", "error")
        .output()
        .unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn analytics_upkeep_commands(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let out = practicum(&t.db.url, &["analytics", "refresh"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("analytics refreshed"), "{stdout}");
    let out = practicum(
        &t.db.url,
        &["analytics", "partitions", "--months-ahead", "2"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match backend {
        Backend::Sqlite => assert!(stdout.contains("nothing to create"), "{stdout}"),
        Backend::Postgres => assert!(stdout.contains("created: analytics_events_y"), "{stdout}"),
    }
    // Idempotent.
    let out = practicum(
        &t.db.url,
        &["analytics", "partitions", "--months-ahead", "2"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to create"));
}
