//! Panneau's hub: serves the browser client, creates workshops and runs every live board
//! over WebSockets, with each accepted change stored in SQLite before anyone hears of it.
//!
//! # Layout
//! - [`config`]: command-line flags and environment variables.
//! - [`assets`]: the browser client, built into the executable, served compressed.
//! - [`http`]: routes (health, workshop creation, WebSocket upgrade, static bundle).
//! - [`connection`]: one socket's handshake, reader and writer.
//! - [`hub`]: the registry of live boards, loaded lazily from storage.
//! - [`board`]: one task per live board that decides, persists and broadcasts.
//! - [`outputs`]: the report, pictures and exports of a board over HTTP.
//! - [`join`]: the address people join at, and its QR code.
//! - [`keys`]: the facilitator key kept as a digest.
//! - [`limits`]: rate limits and caps against abuse of volume.
//! - [`listen`]: the accept loop, with the timeouts of a public address.
//! - [`metrics`]: what an operator watches, at `/metrics`.
//! - [`origin`]: which web pages may open a socket here.
//! - [`tls`]: HTTPS and WSS served directly, with certificate renewal.
//! - [`storage`]: the storage trait, its SQLite and PostgreSQL backends, group commit.
//! - [`cluster`]: one hub among several over PostgreSQL: the leases of its boards.

#![forbid(unsafe_code)]

pub mod assets;
pub mod board;
pub mod cluster;
pub mod config;
pub mod connection;
pub mod http;
pub mod hub;
pub mod join;
pub mod keys;
pub mod limits;
pub mod listen;
pub mod metrics;
pub mod origin;
pub mod outlet;
pub mod outputs;
pub mod storage;
pub mod tls;

pub use config::Config;

use anyhow::Context;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Runs the server on `listener` until `shutdown` resolves, then closes every socket
/// (clients reconnect elsewhere or later) and waits for storage to finish writing.
pub async fn run(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // A certificate that cannot be read stops the start, before anything else.
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(tls::Tls::load(cert, key)?),
        (None, None) => None,
        _ => anyhow::bail!("--tls-cert and --tls-key go together"),
    };
    if let Some(tls) = &tls {
        tls.watch();
    }
    let hub_id = config.hub_id();
    let (store, store_guard) = match &config.postgres {
        None => storage::Store::start(storage::Sqlite::open(&config.data, config.sync)?),
        Some(url) => {
            let (url, hub_id, lease) = (url.clone(), hub_id.clone(), config.lease());
            tracing::info!(hub = %hub_id, "storing boards in PostgreSQL");
            // The synchronous client runs a runtime of its own: not on this one's threads.
            let backend =
                tokio::task::spawn_blocking(move || storage::Postgres::open(&url, &hub_id, lease))
                    .await?
                    .context("opening the PostgreSQL database")?;
            storage::Store::start(backend)
        }
    };
    let relay = match (&config.nats, &config.postgres) {
        (Some(url), Some(_)) => Some(
            cluster::relay::Relay::connect(url, &hub_id, config.relay_buffer as usize)
                .await
                .context("connecting to NATS")?,
        ),
        (Some(_), None) => anyhow::bail!("--nats relays boards stored in --postgres"),
        (None, _) => None,
    };
    let hub = Arc::new(hub::Hub::new(store, relay, config.tuning()));
    if config.postgres.is_some() {
        cluster::lease::keep(Arc::downgrade(&hub), config.lease());
    }
    let assets = match &config.dist {
        Some(dist) => assets::Assets::from_dir(dist)
            .with_context(|| format!("reading the client bundle in {}", dist.display()))?,
        None => assets::Assets::embedded(),
    };
    if !assets.has_client() {
        tracing::warn!("no browser client to serve; build it with `cargo xtask build`");
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    // Workshops past the retention period are deleted at start, then every hour.
    if config.retention_days > 0 {
        let retention = Duration::from_secs(config.retention_days * 24 * 3600);
        let hub = Arc::downgrade(&hub);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every.tick().await;
                let Some(hub) = hub.upgrade() else { return };
                let expired = hub.expire(retention).await;
                if expired > 0 {
                    tracing::info!(expired, "workshops past the retention period deleted");
                }
            }
        });
    }
    let limits = limits::Limits::new(config.limits());
    // The buckets of addresses gone quiet are forgotten now and then; the task ends with
    // the server.
    {
        let limits = Arc::downgrade(&limits);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            every.tick().await;
            loop {
                every.tick().await;
                let Some(limits) = limits.upgrade() else {
                    return;
                };
                limits.forget_idle();
            }
        });
    }
    let state = http::AppState {
        hub: hub.clone(),
        stop: stop_rx,
        render_slots: outputs::render_slots(),
        join_base: join::JoinBase::new(
            config.public_url.as_deref(),
            listener.local_addr()?,
            tls.is_some(),
        ),
        origins: origin::OriginPolicy::new(config.public_url.as_deref(), &config.allowed_origins),
        limits: limits.clone(),
        client_ip_header: config.client_ip_header(),
        create_key: config.create_key.clone().filter(|k| !k.trim().is_empty()),
    };
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%addr, data = %config.data.display(), "Panneau is listening");
    println!("Panneau is running: open {scheme}://{addr}/");
    let timeout = config.request_timeout();
    let app = http::app(state, std::sync::Arc::new(assets), timeout);
    listen::serve(listener, app, timeout, tls, async move {
        shutdown.await;
        tracing::info!("shutting down");
        let _ = stop_tx.send(true);
    })
    .await?;
    // Every socket was told to come back later; their closing handshakes end within
    // a couple of seconds, after which what is left is let go.
    if tokio::time::timeout(Duration::from_secs(3), hub.connections_ended())
        .await
        .is_err()
    {
        tracing::warn!(
            open = hub.open_connections(),
            "connections still open 3 s after shutdown"
        );
    }
    // Board tasks stop once their inboxes close, after their last writes; the storage
    // thread stops once the last board lets go of it.
    hub.close();
    drop(hub);
    let joined = tokio::task::spawn_blocking(move || store_guard.join());
    if tokio::time::timeout(Duration::from_secs(10), joined)
        .await
        .is_err()
    {
        tracing::warn!("storage did not finish within 10 s of shutdown");
    }
    Ok(())
}
