//! Several hubs over one PostgreSQL, as separate processes on loopback: one hub serves a
//! board at a time (its lease), a hub that lost the board writes nothing more to it (the
//! fencing), and nothing acknowledged is lost when a hub dies or stops. One test binary,
//! one module per behaviour, each test with a PostgreSQL server of its own.

mod failover;
mod fenced_batch;
mod fencing;
mod handover;
mod outages;
mod partition;
mod postgres_log;
mod slow_follower;
mod spread;

use panneau_shared::protocol::Credential;
use panneau_shared::{Command, RejectionCode};
use panneau_tests::nats::NatsServer;
use panneau_tests::postgres::PgServer;
use panneau_tests::process::ServerProcess;
use panneau_tests::{Client, WAIT};
use std::time::{Duration, Instant};

/// A hub named `id` over `pg`, holding its boards for `lease_ms`.
async fn hub(pg: &PgServer, id: &str, lease_ms: u64) -> ServerProcess {
    start_hub(pg, None, id, lease_ms, &[]).await
}

/// A hub named `id` over `pg`, relaying through `nats`.
async fn relayed_hub(pg: &PgServer, nats: &NatsServer, id: &str, lease_ms: u64) -> ServerProcess {
    start_hub(pg, Some(nats.url()), id, lease_ms, &[]).await
}

/// A hub named `id` over `pg`, relaying through the NATS server at `nats` if any, with
/// `extra` flags.
async fn start_hub(
    pg: &PgServer,
    nats: Option<String>,
    id: &str,
    lease_ms: u64,
    extra: &[&str],
) -> ServerProcess {
    // The SQLite file is never opened with --postgres; the flag only needs a path.
    let unused = std::env::temp_dir().join(format!("panneau-unused-{id}.db"));
    let lease = lease_ms.to_string();
    let url = pg.url();
    let mut flags = vec!["--postgres", &url, "--hub-id", id, "--lease-ms", &lease];
    // Every screen of these tests comes from 127.0.0.1, reconnecting through failovers:
    // the limits per address of a public hub would take them for a flood.
    flags.extend([
        "--connections-per-s",
        "100000",
        "--failed-hellos-per-min",
        "100000",
    ]);
    if let Some(relay) = &nats {
        flags.extend(["--nats", relay.as_str()]);
    }
    flags.extend(extra);
    ServerProcess::spawn(&unused, &flags)
        .await
        .unwrap_or_else(|e| panic!("hub {id} starts: {e:#}"))
}

/// Connects to the hub at `addr` as a browser would: while the board is served by another
/// hub (its lease not yet run out), the refusal says so and the client tries again a
/// moment later. Returns the client and how long it took to be served.
async fn connect_when_served(
    addr: std::net::SocketAddr,
    code: &str,
    credential: Credential,
    last_seq: Option<u64>,
) -> (Client, Duration) {
    let started = Instant::now();
    loop {
        match Client::connect(addr, code, credential.clone(), last_seq).await {
            Ok(client) => return (client, started.elapsed()),
            Err(err) => {
                let said = format!("{err:#}");
                assert!(
                    said.contains("Unavailable"),
                    "refused for another reason: {said}"
                );
                assert!(started.elapsed() < 3 * WAIT, "never served: {said}");
                // A browser waits a moment before trying again; so does this client.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Sends `command` with `op_id` until the workshop answers (reconnecting through `addr`
/// whenever the screen was let go), as a browser does through an outage.
async fn until_answered(
    client: &mut Client,
    addr: std::net::SocketAddr,
    code: &str,
    credential: &Credential,
    op_id: &str,
    command: Command,
) -> Result<u64, RejectionCode> {
    let started = Instant::now();
    loop {
        assert!(started.elapsed() < 3 * WAIT, "{op_id} was never answered");
        match client.try_command(op_id, command.clone()).await {
            Ok(Ok(seq)) => return Ok(seq),
            Ok(Err((RejectionCode::Unavailable, _))) | Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let Ok(again) = Client::connect(addr, code, credential.clone(), None).await else {
                    continue;
                };
                *client = again;
            }
            Ok(Err((code, _))) => return Err(code),
        }
    }
}

/// The sequence numbers stored for board `code`, in order.
async fn stored_seqs(pg: &PgServer, code: &str) -> Vec<u64> {
    let db = pg.connect().await.unwrap();
    db.query(
        "SELECT seq FROM events WHERE board = $1 ORDER BY seq",
        &[&code],
    )
    .await
    .unwrap()
    .iter()
    .map(|row| row.get::<_, i64>(0) as u64)
    .collect()
}

/// Who holds board `code`, and at which epoch.
async fn lease_of(pg: &PgServer, code: &str) -> (Option<String>, i64) {
    let db = pg.connect().await.unwrap();
    let row = db
        .query_one("SELECT owner, epoch FROM boards WHERE code = $1", &[&code])
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// A counter or gauge of the hub at `addr`, read from its `/metrics` page.
async fn metric(addr: std::net::SocketAddr, name: &str) -> f64 {
    let (status, page) = panneau_tests::http(addr, "GET", "/metrics", None)
        .await
        .unwrap();
    assert_eq!(status, 200);
    page.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} is not on the metrics page:\n{page}"))
}

fn gapless(seqs: &[u64]) -> bool {
    seqs.iter().enumerate().all(|(i, seq)| *seq == i as u64 + 1)
}
