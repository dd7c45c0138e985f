//! `practicum serve` (and `demo` once it has seeded): the application, its background
//! tasks and the HTTP server loop, until Ctrl-C or SIGTERM.

use std::time::Duration;

use anyhow::{bail, Context};
use practicum_store::migrate;
use tokio::net::TcpListener;

use crate::{
    settings::Settings,
    wiring::{build_app, connect},
};

/// Serves until Ctrl-C or SIGTERM. Refuses an outdated schema: `serve` never runs DDL.
pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    if let Err(e) = migrate::ensure_current(&db).await {
        bail!("{e}");
    }
    serve_db(settings, db).await
}

pub async fn serve_db(settings: &Settings, db: practicum_app::Db) -> anyhow::Result<()> {
    let backend = db.backend();
    let app = crate::wiring::with_model(settings, build_app(settings, db.clone())?).await;
    let flusher = crate::wiring::spawn_view_flusher(settings, app.clone());
    let card_builder = crate::wiring::spawn_card_builder(app.clone());
    let metrics_addr = settings.metrics_addr().map_err(anyhow::Error::msg)?;
    let state = crate::wiring::api_state(settings, app.clone())?;
    let router = practicum_api::router(state.clone());
    let jobs = settings.jobs_config().map_err(anyhow::Error::msg)?;
    let open_files = crate::http_server::raise_open_file_limit();
    let limits = crate::http_server::ServeLimits {
        header_read_timeout: Duration::from_secs(settings.http_header_read_timeout_secs.max(1)),
        max_connections: crate::http_server::effective_max_connections(
            settings.http_max_connections,
            open_files,
        ),
        max_connections_per_address: settings.http_max_connections_per_address,
        shutdown_grace: Duration::from_secs(30),
    };
    let listener = TcpListener::bind(settings.bind_addr)
        .await
        .with_context(|| format!("cannot listen on BIND_ADDR={}", settings.bind_addr))?;
    let addr = listener.local_addr()?;
    let metrics_server = match metrics_addr {
        Some(maddr) => {
            let l = TcpListener::bind(maddr)
                .await
                .with_context(|| format!("cannot listen on METRICS_BIND={maddr}"))?;
            tracing::info!(addr = %maddr, "serving /metrics on its own address");
            let (limits, router) = (limits.clone(), practicum_api::metrics_router(state));
            Some(tokio::spawn(crate::http_server::serve(
                l,
                router,
                limits,
                shutdown_signal(),
            )))
        }
        None => None,
    };
    let background = crate::wiring::Background::start(&app, jobs, crate::wiring::job_registry());
    tracing::info!(
        %addr,
        backend = backend.as_str(),
        max_connections = limits.max_connections,
        open_files = ?open_files,
        "serving; docs at http://{addr}/docs"
    );
    crate::http_server::serve(listener, router, limits, shutdown_signal()).await?;
    if let Some(m) = metrics_server {
        m.abort();
    }
    background.shutdown(Duration::from_secs(30)).await;
    flusher.abort();
    card_builder.abort();
    if let Err(e) = app.flush_course_views().await {
        tracing::warn!(error = %e, "the last course views could not be written");
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
