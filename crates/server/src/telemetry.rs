//! Structured logs with `tracing`: human-readable text in development, JSON lines in
//! production (`LOG_FORMAT`), filtered by `LOG_LEVEL` (an `EnvFilter` directive).

use tracing_subscriber::{fmt, EnvFilter};

use crate::settings::LogFormat;

pub fn init(level: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_target(true);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        LogFormat::Text => builder.compact().try_init(),
    };
}
