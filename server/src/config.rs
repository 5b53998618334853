//! Server configuration: flags, each with an environment variable fallback.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "panneau",
    version,
    about = "Panneau: a live board for snowball workshops"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PANNEAU_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite file holding every workshop; created if missing.
    #[arg(long, env = "PANNEAU_DATA", default_value = "panneau.db")]
    pub data: PathBuf,
    /// Directory of the built browser client (`cargo xtask build` writes it).
    #[arg(long, env = "PANNEAU_DIST", default_value = "dist")]
    pub dist: PathBuf,
}
