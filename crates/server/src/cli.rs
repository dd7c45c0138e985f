//! `practicum serve | migrate up|down|status | demo | admin create | analytics refresh|partitions
//! | openapi`.

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use practicum_app::identity::EnsureAdmin;
use practicum_store::migrate;
use secrecy::ExposeSecret;

use crate::{
    settings::Settings,
    wiring::{build_app, connect},
};

#[derive(Debug, Parser)]
#[command(
    name = "practicum",
    version,
    about = "The Practicum learning platform service"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the schema must be migrated: see `migrate up`).
    Serve,
    /// Manage the database schema.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Create or migrate the database, seed demo data and accounts, and serve (installing
    /// the ONNX Runtime library first when it is missing, so the model runs).
    Demo {
        /// Seed only; do not start the server.
        #[arg(long)]
        no_serve: bool,
        /// Do not download ONNX Runtime when it is missing (the ML routes stay off).
        #[arg(long)]
        no_runtime_fetch: bool,
    },
    /// Install an adaptive track (settings, modules, questions, articles) from a JSON
    /// document; validated as a whole, idempotent by slug.
    ImportTrack {
        /// The track document (see `docs` or `practicum_app::adaptive::TrackDocument`).
        file: std::path::PathBuf,
    },
    /// Generate a load-test dataset (categories, tags, teachers, published courses with
    /// modules and lessons, learners, enrollments, completed lessons) in a few batched
    /// transactions; refuses a non-empty database unless `--force`.
    SeedLoad(crate::seed_load::SeedLoadArgs),
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Simulated learners through the real use-cases on a temporary SQLite file: recall
    /// of the true weak modules vs questions asked (fixed and adaptive diagnostics),
    /// calibration error, exam attempts, retention with spaced review; writes a table
    /// and a PNG plot (see README "Adaptive learning").
    Simulate(crate::simulate::SimulateArgs),
    /// Analytics upkeep (what the job system schedules), runnable by hand or from cron.
    Analytics {
        #[command(subcommand)]
        action: AnalyticsAction,
    },
    /// Copy the SQLite database (DATABASE_URL) to FILE while the server keeps running: a
    /// consistent snapshot, checked before it is written. PostgreSQL: use pg_dump (README
    /// "Backups").
    Backup {
        /// The backup to write; must not exist.
        file: std::path::PathBuf,
    },
    /// Replace the SQLite database (DATABASE_URL) with the backup FILE, after checking it;
    /// refuses while a server (any process) has the database open.
    Restore {
        /// A file written by `practicum backup`.
        file: std::path::PathBuf,
    },
    /// Print the OpenAPI document (what `/api/openapi.json` serves) as pretty JSON; needs
    /// no database or settings. `practicum openapi > openapi.json` refreshes the committed copy.
    Openapi,
}

#[derive(Debug, Subcommand)]
pub enum AnalyticsAction {
    /// Bring the per-course rollups and trending scores up to date (incremental: only the
    /// events appended since the last refresh are read; prints the time it took).
    Refresh {
        /// Rebuild every partial aggregate from the whole event log (after events were
        /// edited or removed by hand).
        #[arg(long)]
        full: bool,
    },
    /// Create the monthly partitions of the event log ahead (PostgreSQL; no-op on SQLite).
    Partitions {
        /// Months after the current one.
        #[arg(long, default_value_t = 3)]
        months_ahead: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the newest migration (or down to `--to VERSION`, 0 = everything).
    Down {
        #[arg(long)]
        to: Option<i64>,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create an admin account.
    Create {
        #[arg(long)]
        email: String,
        /// Read from ADMIN_PASSWORD when omitted (keeps it out of shell history).
        #[arg(long)]
        password: Option<String>,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

/// The OpenAPI document as committed in `openapi.json`: 2-space indented, one trailing
/// newline, the same bytes on every run (the CI diffs it).
pub fn openapi_json() -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&practicum_api::openapi())?;
    text.push('\n');
    Ok(text)
}

/// `practicum openapi`: the document on stdout, nothing else (logs are not initialised).
pub fn print_openapi() -> anyhow::Result<()> {
    use std::io::Write;
    let text = openapi_json()?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

pub async fn run(cli: Cli, mut settings: Settings) -> anyhow::Result<()> {
    for note in std::mem::take(&mut settings.alias_notes) {
        tracing::warn!("{note}");
    }
    if !matches!(
        cli.command,
        Command::Migrate { .. }
            | Command::Openapi
            | Command::Backup { .. }
            | Command::Restore { .. }
    ) {
        for note in settings.resolve_secrets().map_err(anyhow::Error::msg)? {
            tracing::warn!("{note}");
        }
    }
    match cli.command {
        Command::Serve => crate::serve::serve(&settings).await,
        Command::Migrate { action } => migrate_cmd(&settings, action).await,
        Command::Demo {
            no_serve,
            no_runtime_fetch,
        } => crate::demo::run(&settings, !no_serve, !no_runtime_fetch).await,
        Command::ImportTrack { file } => import_track(&settings, &file).await,
        Command::SeedLoad(args) => crate::seed_load::run(&settings, args).await,
        Command::Simulate(args) => crate::simulate::run_cli(args).await,
        Command::Analytics { action } => analytics_cmd(&settings, action).await,
        Command::Openapi => print_openapi(),
        Command::Backup { file } => {
            let s = practicum_store::backup::backup(&settings.database_url.0, &file).await?;
            println!(
                "backup written: {} ({} bytes, schema version {}, {} tables; integrity and foreign keys checked)",
                file.display(),
                s.bytes,
                s.schema_version,
                s.tables
            );
            Ok(())
        }
        Command::Restore { file } => {
            let s = practicum_store::backup::restore(&settings.database_url.0, &file).await?;
            println!(
                "restored {} (schema version {}, {} tables); start the server (it migrates nothing: run `practicum migrate up` if this binary is newer)",
                file.display(),
                s.schema_version,
                s.tables
            );
            Ok(())
        }
        Command::Admin {
            action:
                AdminAction::Create {
                    email,
                    password,
                    name,
                },
        } => {
            let password = match password {
                Some(p) => p,
                None => settings
                    .admin_password
                    .as_ref()
                    .map(|p| p.expose_secret().to_owned())
                    .context("give --password or set ADMIN_PASSWORD")?,
            };
            let db = connect(&settings).await?;
            migrate::ensure_current(&db).await?;
            let app = build_app(&settings, db)?;
            let user = app
                .create_admin(EnsureAdmin {
                    email,
                    password,
                    full_name: name,
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "admin created: id {} <{}>",
                user.user_id,
                user.email.unwrap_or_default()
            );
            Ok(())
        }
    }
}

async fn migrate_cmd(settings: &Settings, action: MigrateAction) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    match action {
        MigrateAction::Up => {
            let applied = migrate::up(&db).await?;
            println!("applied {} migration(s): {:?}", applied.len(), applied);
        }
        MigrateAction::Down { to } => {
            let reverted = match to {
                Some(v) => migrate::down_to(&db, v).await?,
                None => migrate::down_one(&db).await?,
            };
            println!("reverted {} migration(s): {:?}", reverted.len(), reverted);
        }
        MigrateAction::Status => {
            for m in migrate::status(&db).await? {
                println!(
                    "{:>4}  {:<40} {}",
                    m.version,
                    m.name,
                    if m.applied { "applied" } else { "pending" }
                );
            }
        }
    }
    db.close().await;
    Ok(())
}

async fn analytics_cmd(settings: &Settings, action: AnalyticsAction) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    migrate::ensure_current(&db).await?;
    let app = build_app(settings, db.clone())?;
    match action {
        AnalyticsAction::Refresh { full } => {
            let started = std::time::Instant::now();
            let r = if full {
                app.refresh_analytics_full().await
            } else {
                app.refresh_analytics().await
            }
            .map_err(|e| anyhow::anyhow!("analytics refresh failed: {e}"))?;
            println!(
                "analytics refreshed at {} ms ({}, {} ms)",
                r.refreshed_at,
                if full { "full" } else { "incremental" },
                started.elapsed().as_millis()
            );
        }
        AnalyticsAction::Partitions { months_ahead } => {
            let created = app
                .ensure_analytics_partitions(months_ahead)
                .await
                .map_err(|e| anyhow::anyhow!("creating partitions failed: {e}"))?;
            if created.is_empty() {
                println!("analytics partitions: nothing to create");
            } else {
                println!("analytics partitions created: {}", created.join(", "));
            }
        }
    }
    db.close().await;
    Ok(())
}

async fn import_track(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let doc: practicum_app::adaptive::TrackDocument =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    let slug = doc.slug.clone();
    let db = connect(settings).await?;
    migrate::ensure_current(&db).await?;
    let app = build_app(settings, db)?;
    match app.install_track(doc).await {
        Ok(Some(s)) => println!(
            "track {slug} installed: {} modules, {} questions, {} articles",
            s.modules_created, s.questions_created, s.articles_created
        ),
        Ok(None) => println!("track {slug} already exists; nothing changed"),
        Err(e) => bail!("track {slug} was not installed: {e}"),
    }
    Ok(())
}
