//! `practicum import-track FILE`: all or nothing, idempotent by slug.

use std::process::Command;

use super::support::import_document;

fn practicum(db_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_practicum"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("LOG_LEVEL", "error")
        .output()
        .unwrap()
}

#[test]
fn adaptive_cli_imports_a_track_document() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("cli.db").display());
    assert!(practicum(&url, &["migrate", "up"]).status.success());
    let mut doc = import_document();
    doc["slug"] = "cli-track".into();
    doc["title"] = "CLI track".into();
    doc["ranks"] = serde_json::json!(["trainee", "junior"]);
    doc["settings"] = super::support::settings();

    let mut bad = doc.clone();
    bad["questions"][2]["options"] = serde_json::json!([{"text": "only one", "is_correct": true}]);
    let bad_file = dir.path().join("bad.json");
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let out = practicum(&url, &["import-track", bad_file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("questions[2].options"), "{stderr}");

    let file = dir.path().join("track.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = practicum(&url, &["import-track", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("track cli-track installed: 3 modules, 48 questions, 24 articles"),
        "{stdout}"
    );
    let again = practicum(&url, &["import-track", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already exists"));
}
