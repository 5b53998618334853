//! The `panneau` binary: parses the configuration, sets up logs and runs the server.

use clap::Parser;
use panneau_server::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("panneau_server=info,tower_http=warn")),
        )
        // Logs on stderr: stdout says where Panneau listens, and nothing else.
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    // Every WebSocket is a file descriptor: use all the system allows, not the shell's
    // default soft limit of 1024.
    if let Err(err) = rlimit::increase_nofile_limit(u64::MAX) {
        tracing::warn!(%err, "could not raise the open-files limit");
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    panneau_server::run(config, listener, shutdown_signal()).await
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
