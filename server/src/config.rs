//! Server configuration: flags, each with an environment variable fallback.

use crate::board::Tuning;
use crate::storage::Sync;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "panneau",
    version,
    about = "Panneau: a live board for snowball workshops"
)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, env = "PANNEAU_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite file holding every workshop; created if missing.
    #[arg(long, env = "PANNEAU_DATA", default_value = "panneau.db")]
    pub data: PathBuf,
    /// Directory of the built browser client (`cargo xtask build` writes it).
    #[arg(long, env = "PANNEAU_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// `full`: an acknowledged change is on disk. `off`: no fsync, for benchmarks only.
    #[arg(long, env = "PANNEAU_SYNC", value_enum, default_value = "full")]
    pub sync: Sync,
    /// Events each live board keeps in memory for clients that reconnect.
    #[arg(long, env = "PANNEAU_REPLAY_WINDOW", default_value_t = 1024)]
    pub replay_window: usize,
    /// A snapshot of a board is stored every this many events.
    #[arg(long, env = "PANNEAU_SNAPSHOT_EVERY", default_value_t = 500)]
    pub snapshot_every: u64,
    /// Seconds after which a board nobody is connected to leaves memory.
    #[arg(long, env = "PANNEAU_IDLE_UNLOAD_SECS", default_value_t = 600)]
    pub idle_unload_secs: u64,
    /// The address people reach Panneau at (`https://panneau.example.org`), shown on the
    /// wall and in its QR code. Unset: the machine's address on the local network when
    /// listening on every interface, else the address the wall's browser used.
    #[arg(long, env = "PANNEAU_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Another site whose pages may open sockets here (`https://intranet.example.com`);
    /// repeatable. The hub's own address and the public address always may.
    #[arg(
        long = "allowed-origin",
        env = "PANNEAU_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
}

/// An absolute `http` or `https` address, without its trailing slash.
fn parse_public_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("the public address starts with http:// or https://")?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err("the public address needs a host, without spaces".into());
    }
    Ok(url.to_owned())
}

impl Config {
    /// The defaults, with the three settings every caller chooses.
    pub fn new(addr: SocketAddr, data: PathBuf, dist: PathBuf) -> Config {
        let defaults = Tuning::default();
        Config {
            addr,
            data,
            dist,
            sync: Sync::Full,
            replay_window: defaults.replay_window,
            snapshot_every: defaults.snapshot_every,
            idle_unload_secs: defaults.idle_unload.as_secs(),
            public_url: None,
            allowed_origins: Vec::new(),
        }
    }

    pub fn tuning(&self) -> Tuning {
        Tuning {
            replay_window: self.replay_window.max(1),
            snapshot_every: self.snapshot_every.max(1),
            idle_unload: Duration::from_secs(self.idle_unload_secs),
        }
    }
}
