use std::process::Command;

use practicum_store::{identity::users, Db, DbOptions};

fn practicum(db_url: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_practicum"));
    cmd.args(args)
        .env("DATABASE_URL", db_url)
        .env("BIND_ADDR", "127.0.0.1:18777")
        .env("LOG_LEVEL", "error")
        .env("PASSWORD_HASH_MEMORY_KIB", "4096")
        .env("PASSWORD_HASH_ITERATIONS", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// `demo` creates and migrates a new SQLite file, seeds the admin from ADMIN_EMAIL and
/// ADMIN_PASSWORD plus demo accounts, prints the URL and logins, and is idempotent;
/// `admin create` adds an admin and refuses a taken e-mail.
#[tokio::test]
async fn demo_seeds_accounts_and_admin_create_adds_admins() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("demo.db").display());
    let admin = [
        ("ADMIN_EMAIL", "boss@example.org"),
        ("ADMIN_PASSWORD", "boss-password-1"),
    ];
    let out = practicum(&url, &["demo", "--no-serve"], &admin);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("http://127.0.0.1:18777/docs"), "{stdout}");
    assert!(
        stdout.contains("boss@example.org / <ADMIN_PASSWORD>"),
        "{stdout}"
    );
    assert!(
        stdout.contains("student@practicum.example / practicum-demo-1"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("boss-password-1"),
        "the admin password must not be printed"
    );
    assert!(
        practicum(&url, &["demo", "--no-serve"], &admin)
            .status
            .success(),
        "demo is not idempotent"
    );

    let created = practicum(
        &url,
        &[
            "admin",
            "create",
            "--email",
            "second@example.org",
            "--password",
            "second-admin-pw-1",
        ],
        &[],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let again = practicum(
        &url,
        &[
            "admin",
            "create",
            "--email",
            "SECOND@example.org",
            "--password",
            "second-admin-pw-1",
        ],
        &[],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let db = Db::connect(&url, &DbOptions::default()).await.unwrap();
    let mut conn = db.read().await.unwrap();
    for (email, role) in [
        ("boss@example.org", "admin"),
        ("second@example.org", "admin"),
        ("teacher@practicum.example", "teacher"),
    ] {
        let u = users::find_by_login(&mut conn, email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{email} missing"));
        assert_eq!(u.role.as_str(), role);
        assert!(u.password_hash.starts_with("$argon2id$"));
    }
    let status = practicum(&url, &["migrate", "status"], &[]);
    assert!(String::from_utf8_lossy(&status.stdout)
        .lines()
        .all(|l| l.ends_with("applied")));
}

/// `practicum openapi` prints the served document, pretty (2-space indent, one trailing
/// newline), without touching settings or a database: an unusable environment is fine.
#[test]
fn openapi_prints_the_document_without_settings_or_database() {
    let out = Command::new(env!("CARGO_BIN_EXE_practicum"))
        .arg("openapi")
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .env("BIND_ADDR", "not-an-address")
        .env("APP_ENV", "production")
        .env_remove("JWT_SECRET")
        .env("LOG_LEVEL", "trace")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("{\n  \"openapi\": \"3."),
        "{}",
        &text[..40]
    );
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    let printed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        printed,
        serde_json::to_value(practicum_api::openapi()).unwrap()
    );
    assert_eq!(
        text,
        practicum_server::cli::openapi_json().unwrap(),
        "the same bytes on every run"
    );
}

/// The standalone model service's `.env` works unchanged: `DATABASE_URL` in SQLAlchemy
/// form is read (with a warning naming the canonical form), and `JWT_ALGORITHM` other
/// than HS256 stops the start with a clear message (issue 12, item 12).
#[tokio::test]
async fn the_model_services_configuration_names_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("original.db");
    let url = format!("sqlite+aiosqlite:///{}", file.display());
    let env = [
        ("LOG_LEVEL", "warn"),
        ("SECRET_KEY", "original-secret-0123456789abcdef0123"),
        ("JWT_ALGORITHM", "HS256"),
        ("JWT_EXPIRATION_MINUTES", "30"),
    ];
    let out = practicum(&url, &["migrate", "up"], &env);
    // The log goes to stdout.
    let stderr = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{stderr}");
    assert!(file.exists(), "the SQLAlchemy path was used: {stderr}");
    assert!(
        stderr.contains("DATABASE_URL in SQLAlchemy form is read as DATABASE_URL=sqlite:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("SECRET_KEY is read as JWT_SECRET"),
        "{stderr}"
    );
    assert!(
        stderr.contains("JWT_EXPIRATION_MINUTES is read as JWT_ACCESS_TTL_MINUTES"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("original-secret"),
        "the secret is never logged"
    );

    let out = practicum(&url, &["serve"], &[("JWT_ALGORITHM", "RS256")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("JWT_ALGORITHM=RS256 is not supported") && stderr.contains("HS256"),
        "{stderr}"
    );
}
