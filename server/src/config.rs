//! Server configuration: flags, each with an environment variable fallback.

use crate::board::Tuning;
use crate::limits::LimitConfig;
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
    /// Serve the browser client from this folder (`cargo xtask build` writes `dist/`),
    /// read at start, rather than the one built into the executable.
    #[arg(long, env = "PANNEAU_DIST")]
    pub dist: Option<PathBuf>,
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
    /// A PEM certificate chain to serve HTTPS and WSS with (with `--tls-key`); read again
    /// when the file changes. Unset: plain HTTP, for a reverse proxy to put TLS in front.
    #[arg(long, env = "PANNEAU_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of `--tls-cert`.
    #[arg(long, env = "PANNEAU_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Another site whose pages may open sockets here (`https://intranet.example.com`);
    /// repeatable. The hub's own address and the public address always may.
    #[arg(
        long = "allowed-origin",
        env = "PANNEAU_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// Behind a reverse proxy: the header in which it names the client's address
    /// (`X-Forwarded-For`, `X-Real-IP`); the last address in it counts. Unset: the peer's.
    #[arg(long, env = "PANNEAU_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,
    /// When set, creating or importing a workshop needs this key (in the home page's field,
    /// sent as `X-Panneau-Create-Key`): a public server then serves only its own people.
    #[arg(long, env = "PANNEAU_CREATE_KEY")]
    pub create_key: Option<String>,
    /// Days after which a workshop nothing has happened on is deleted with everything
    /// stored about it (checked at start and every hour); 0 keeps workshops for ever.
    #[arg(long, env = "PANNEAU_RETENTION_DAYS", default_value_t = 90)]
    pub retention_days: u64,
    /// Seconds a client has to send a request's head, and its body; an idle keep-alive
    /// connection is closed after as long.
    #[arg(long, env = "PANNEAU_REQUEST_TIMEOUT_SECS", default_value_t = 10)]
    pub request_timeout_secs: u64,
    /// Commands one sender (a board's facilitator, a participant) may send per second on
    /// average, all their connections together (bursts of three times as many pass).
    #[arg(long, env = "PANNEAU_COMMANDS_PER_S", default_value_t = LimitConfig::default().commands_per_s)]
    pub commands_per_s: u32,
    /// Messages of any kind one connection may send per second (bursts of twice as many);
    /// a connection that keeps going past it is closed. Ten times what a screen sends.
    #[arg(long, env = "PANNEAU_MESSAGES_PER_S", default_value_t = LimitConfig::default().messages_per_s)]
    pub messages_per_s: u32,
    /// Live positions of a dragged card relayed per second (the latest wins in between).
    #[arg(long, env = "PANNEAU_DRAGS_PER_S", default_value_t = LimitConfig::default().drags_per_card_per_s)]
    pub drags_per_s: u32,
    /// Workshops one address may create per hour.
    #[arg(long, env = "PANNEAU_CREATIONS_PER_HOUR", default_value_t = LimitConfig::default().creations_per_hour)]
    pub creations_per_hour: u32,
    /// Hellos naming a wrong code or key one address may send per minute before it is
    /// turned away for a while.
    #[arg(long, env = "PANNEAU_FAILED_HELLOS_PER_MIN", default_value_t = LimitConfig::default().failed_hellos_per_min)]
    pub failed_hellos_per_min: u32,
    /// New connections one address may open per second (bursts of ten times as many pass:
    /// a room whose Wi-Fi came back).
    #[arg(long, env = "PANNEAU_CONNECTIONS_PER_S", default_value_t = LimitConfig::default().connections_per_s)]
    pub connections_per_s: u32,
    /// Screens one board accepts at once (participants' devices, consoles, walls).
    #[arg(long, env = "PANNEAU_CONNECTIONS_PER_BOARD", default_value_t = Tuning::default().max_connections)]
    pub connections_per_board: usize,
    /// Connections one address may hold open (a venue's Wi-Fi may put a whole room
    /// behind one).
    #[arg(long, env = "PANNEAU_CONNECTIONS_PER_IP", default_value_t = LimitConfig::default().connections_per_ip)]
    pub connections_per_ip: usize,
    /// Store boards in this PostgreSQL database (`postgres://user@host/db`) instead of
    /// the SQLite file, so that several hubs can share them (see README, "Several
    /// machines").
    #[arg(long, env = "PANNEAU_POSTGRES")]
    pub postgres: Option<String>,
    /// Relay boards between hubs through this NATS server (`nats://host:4222`), so that
    /// a workshop's screens may be connected to any hub; needs `--postgres`.
    #[arg(long, env = "PANNEAU_NATS", requires = "postgres")]
    pub nats: Option<String>,
    /// This hub's name among the hubs of one database (default: drawn at start).
    #[arg(long, env = "PANNEAU_HUB_ID")]
    pub hub_id: Option<String>,
    /// How long a hub's hold on a board lasts without being renewed, in milliseconds: a
    /// board whose hub died is served again by another after at most this.
    #[arg(long, env = "PANNEAU_LEASE_MS", default_value_t = 10_000)]
    pub lease_ms: u64,
    /// Messages from the other hubs that one board's subscription holds while its board
    /// is busy; past them NATS drops the newest, and the board reads what it missed from
    /// the database.
    #[arg(long, env = "PANNEAU_RELAY_BUFFER", default_value_t = 65_536, value_parser = clap::value_parser!(u32).range(1..))]
    pub relay_buffer: u32,
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
    /// The defaults, with the two settings every caller chooses; the client is the one
    /// built into the executable.
    pub fn new(addr: SocketAddr, data: PathBuf) -> Config {
        let defaults = Tuning::default();
        Config {
            addr,
            data,
            dist: None,
            sync: Sync::Full,
            replay_window: defaults.replay_window,
            snapshot_every: defaults.snapshot_every,
            idle_unload_secs: defaults.idle_unload.as_secs(),
            public_url: None,
            tls_cert: None,
            tls_key: None,
            allowed_origins: Vec::new(),
            client_ip_header: None,
            create_key: None,
            retention_days: 90,
            request_timeout_secs: 10,
            commands_per_s: LimitConfig::default().commands_per_s,
            messages_per_s: LimitConfig::default().messages_per_s,
            drags_per_s: LimitConfig::default().drags_per_card_per_s,
            creations_per_hour: LimitConfig::default().creations_per_hour,
            failed_hellos_per_min: LimitConfig::default().failed_hellos_per_min,
            connections_per_s: LimitConfig::default().connections_per_s,
            connections_per_board: defaults.max_connections,
            connections_per_ip: LimitConfig::default().connections_per_ip,
            postgres: None,
            nats: None,
            hub_id: None,
            lease_ms: 10_000,
            relay_buffer: 65_536,
        }
    }

    pub fn limits(&self) -> LimitConfig {
        LimitConfig {
            commands_per_s: self.commands_per_s,
            command_burst: self.commands_per_s.saturating_mul(3),
            messages_per_s: self.messages_per_s,
            drags_per_card_per_s: self.drags_per_s,
            creations_per_hour: self.creations_per_hour,
            failed_hellos_per_min: self.failed_hellos_per_min,
            connections_per_s: self.connections_per_s,
            connection_burst: self.connections_per_s.saturating_mul(10),
            connections_per_ip: self.connections_per_ip,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }

    /// The header naming the client's address behind a proxy, if one is trusted.
    pub fn client_ip_header(&self) -> Option<axum::http::HeaderName> {
        self.client_ip_header
            .as_deref()
            .and_then(|name| axum::http::HeaderName::from_bytes(name.trim().as_bytes()).ok())
    }

    /// This hub's name among the hubs sharing a database.
    pub fn hub_id(&self) -> String {
        match self.hub_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => format!("hub-{:08x}", rand::random::<u32>()),
        }
    }

    /// The lease a hub holds on each board it serves (never under a second).
    pub fn lease(&self) -> Duration {
        Duration::from_millis(self.lease_ms.max(1000))
    }

    pub fn tuning(&self) -> Tuning {
        Tuning {
            replay_window: self.replay_window.max(1),
            snapshot_every: self.snapshot_every.max(1),
            idle_unload: Duration::from_secs(self.idle_unload_secs),
            max_connections: self.connections_per_board.max(1),
        }
    }
}
