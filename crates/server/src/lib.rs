//! The `practicum` binary's library: settings, CLI commands and the wiring that builds
//! the application from them. The black-box HTTP tests use [`wiring::build_router`].

pub mod cli;
pub mod demo;
pub mod http_server;
pub mod inference;
pub mod mailer;
pub mod onnx_runtime;
pub mod redis_cache;
mod redis_connection;
pub mod redis_counters;
pub mod seed_load;
pub mod serve;
pub mod settings;
pub mod simulate;
pub mod telemetry;
pub mod wiring;
