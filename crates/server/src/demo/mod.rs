//! `practicum demo`: a database a newcomer can click through in the web app and `/docs`,
//! with the model running (see [`crate::onnx_runtime`]).

pub mod catalog;
pub mod track;
pub mod translations;

use practicum_app::{identity::EnsureAdmin, App, AppError};
use practicum_domain::identity::Role;
use practicum_store::migrate;
use secrecy::ExposeSecret;

use crate::{
    settings::Settings,
    wiring::{build_app, connect},
};

pub use catalog::DEMO_PASSWORD;

/// Seeds, then (when `serve`) serves. Before serving, a missing ONNX Runtime library is
/// installed when `fetch_runtime` allows and a model directory is there to run.
pub async fn run(settings: &Settings, serve: bool, fetch_runtime: bool) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    let applied = migrate::up(&db).await?;
    if !applied.is_empty() {
        tracing::info!(?applied, "migrations applied");
    }
    let app = build_app(settings, db.clone())?;
    let admin_email = settings
        .admin_email
        .clone()
        .unwrap_or_else(|| "admin@practicum.example".into());
    let admin_password = settings.admin_password.as_ref().map_or_else(
        || DEMO_PASSWORD.to_owned(),
        |p| p.expose_secret().to_owned(),
    );
    let accounts = [
        (admin_email.as_str(), "Ada Admin", Role::Admin),
        (
            "producer@practicum.example",
            "Paul Producer",
            Role::Producer,
        ),
        ("teacher@practicum.example", "Tessa Teacher", Role::Teacher),
        ("student@practicum.example", "Sam Student", Role::Student),
    ];
    for (email, name, role) in accounts {
        let password = if role == Role::Admin {
            admin_password.clone()
        } else {
            DEMO_PASSWORD.to_owned()
        };
        seed_account(&app, email, name, role, password).await?;
    }
    for spec in [
        "Computer Vision",
        "Natural Language Processing",
        "MLOps",
        "Classical ML",
    ] {
        if let Err(e) = seed_specialization(&app, spec).await {
            tracing::debug!(error = %e, "specialization exists");
        }
    }
    crate::demo::catalog::seed(&app).await?;
    crate::demo::translations::seed(&app).await?;
    match app.install_track(crate::demo::track::document()).await {
        Ok(Some(summary)) => tracing::info!(
            track = crate::demo::track::SLUG,
            questions = summary.questions_created,
            articles = summary.articles_created,
            "demo track installed"
        ),
        Ok(None) => tracing::debug!("demo track exists"),
        Err(e) => return Err(anyhow::anyhow!("installing the demo track: {e}")),
    }
    // Rollups and trending scores for the seeded catalog (the job system refreshes later).
    app.refresh_analytics()
        .await
        .map_err(|e| anyhow::anyhow!("refreshing analytics: {e}"))?;
    if serve && settings.model_dir().is_some() {
        crate::onnx_runtime::ensure_for_demo(fetch_runtime).await;
    }
    let url = format!("http://{}", settings.bind_addr);
    println!("\nPracticum demo ({}):", db.backend().as_str());
    println!("  Web app:   {url}/");
    println!("  API docs:  {url}/docs");
    println!("  OpenAPI:   {url}/api/openapi.json");
    println!("  Logins (POST {url}/api/v1/auth/login):");
    for (email, _, role) in accounts {
        let pw = if role == Role::Admin && settings.admin_password.is_some() {
            "<ADMIN_PASSWORD>"
        } else {
            DEMO_PASSWORD
        };
        println!("    {:<9} {email} / {pw}", role.as_str());
    }
    println!("  Admin-scoped token: POST {url}/api/v1/admin/login");
    println!(
        "  Adaptive track: {url}/api/v1/tracks/{} (start: GET {url}/api/v1/progress/current-stage)\n",
        crate::demo::track::SLUG
    );
    if serve {
        crate::serve::serve_db(settings, db).await
    } else {
        db.close().await;
        Ok(())
    }
}

async fn seed_account(
    app: &App,
    email: &str,
    name: &str,
    role: Role,
    password: String,
) -> anyhow::Result<()> {
    let input = EnsureAdmin {
        email: email.to_owned(),
        password,
        full_name: name.to_owned(),
    };
    match app.create_user_with_role(input, role).await {
        Ok(_) | Err(AppError::Conflict { .. }) => Ok(()),
        Err(e) => Err(anyhow::anyhow!("seeding {email}: {e}")),
    }
}

async fn seed_specialization(app: &App, name: &str) -> Result<(), AppError> {
    let admin = practicum_app::identity::Actor {
        id: practicum_domain::identity::UserId(0),
        role: Role::Admin,
        scope: practicum_app::Scope::User,
    };
    app.create_specialization(&admin, name).await.map(|_| ())
}
