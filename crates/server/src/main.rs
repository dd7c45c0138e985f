use clap::Parser;
use practicum_server::{
    cli::{Cli, Command},
    settings::Settings,
    telemetry,
};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // Before settings and logging: the document alone on stdout, whatever the environment.
    if matches!(cli.command, Command::Openapi) {
        return match practicum_server::cli::print_openapi() {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(&settings.log_level, settings.log_format());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(practicum_server::cli::run(cli, settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
