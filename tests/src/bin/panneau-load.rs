//! `panneau-load`: the load generator behind `cargo xtask bench`. It starts the real
//! server as a separate process (or targets `--url`), opens real WebSocket clients that
//! speak the real protocol, and measures end-to-end latencies. Loopback only, bounded in
//! count and time. It prints one JSON line per run.

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use panneau_shared::protocol::{ClientMsg, Credential, PROTOCOL_VERSION};
use panneau_shared::{CardId, Command, Phase};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Barrier;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// One board, `--clients` clients, `--rate` moves per second in total.
    Fanout,
    /// `--boards` boards of `--clients` clients, each client one move per second.
    Boards,
    /// `--clients` idle connections: server memory per connection.
    Idle,
    /// Acknowledgement latency of durable commands: `--clients` senders, `--rate` commands
    /// per second in total, each sender waiting for its ack before the next.
    Ack,
}

#[derive(Parser, Debug)]
#[command(about = "Panneau load generator (loopback only)")]
struct Args {
    #[arg(value_enum)]
    scenario: Scenario,
    /// Target an already running server (e.g. 127.0.0.1:8080) instead of starting one.
    #[arg(long)]
    url: Option<SocketAddr>,
    /// The `panneau` binary to start.
    #[arg(long, default_value = "target/release/panneau")]
    server_bin: PathBuf,
    /// Storage durability of the started server: full or off.
    #[arg(long, default_value = "full")]
    sync: String,
    #[arg(long)]
    clients: Option<usize>,
    #[arg(long)]
    boards: Option<usize>,
    /// Events per second in total (fanout, ack); a comma-separated list runs each in turn.
    #[arg(long, default_value = "20")]
    rate: String,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
}

/// Logical board size usable for encoding a send number in a move's coordinates.
const X_SPAN: u64 = 1400;
const Y_SPAN: u64 = 780;
const MAX_SENDS: u64 = X_SPAN * Y_SPAN;
/// Longest a run waits for late deliveries after the load stops.
const DRAIN: Duration = Duration::from_secs(5);

fn encode(k: u64) -> (f32, f32) {
    ((k % X_SPAN) as f32, ((k / X_SPAN) % Y_SPAN) as f32)
}

fn decode(x: f32, y: f32) -> u64 {
    y as u64 * X_SPAN + x as u64
}

struct Server {
    addr: SocketAddr,
    pid: Option<u32>,
    _child: Option<tokio::process::Child>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    async fn start(args: &Args) -> Result<Server> {
        if let Some(addr) = args.url {
            return Ok(Server {
                addr,
                pid: None,
                _child: None,
                _dir: None,
            });
        }
        let dir = tempfile::tempdir()?;
        let mut child = tokio::process::Command::new(&args.server_bin)
            .args(["--addr", "127.0.0.1:0", "--sync", &args.sync])
            .arg("--data")
            .arg(dir.path().join("bench.db"))
            .env("RUST_LOG", "panneau_server=warn")
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", args.server_bin.display()))?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let line = lines.next_line().await?.context("the server exited")?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|a| a.trim_end_matches('/').parse().ok())
            .context("no address on the server's first line")?;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Server {
            addr,
            pid: child.id(),
            _child: Some(child),
            _dir: Some(dir),
        })
    }

    fn rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid?)).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    async fn create_board(&self) -> Result<(String, String)> {
        let body = r#"{"title":"Benchmark"}"#;
        let (status, text) =
            panneau_tests::http(self.addr, "POST", "/api/workshops", Some(body)).await?;
        if status != 201 {
            bail!("creating a board: {status} {text}");
        }
        let created: panneau_tests::CreatedWorkshop = serde_json::from_str(&text)?;
        Ok((created.code, created.facilitator_key))
    }
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Only what the generator looks at in a server message, parsed without allocating.
#[derive(Deserialize)]
struct Incoming<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(default)]
    event: Option<IncomingEvent<'a>>,
    #[serde(default)]
    op_id: Option<&'a str>,
}

#[derive(Deserialize)]
struct IncomingEvent<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(default)]
    card: Option<serde_json::Value>,
    #[serde(default)]
    x: f32,
    #[serde(default)]
    y: f32,
}

async fn connect(addr: SocketAddr, code: &str, key: &str) -> Result<Socket> {
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(format!("ws://{addr}/ws"), None, true).await?;
    let hello = ClientMsg::Hello {
        protocol: PROTOCOL_VERSION,
        board: code.into(),
        credential: Credential::Facilitator { key: key.into() },
        last_seq: None,
    };
    socket.send(Message::text(hello.to_json())).await?;
    // Welcome, then the snapshot.
    for _ in 0..2 {
        socket.next().await.context("closed during hello")??;
    }
    Ok(socket)
}

async fn command(socket: &mut Socket, op_id: &str, command: Command) -> Result<()> {
    let msg = ClientMsg::Command {
        op_id: op_id.into(),
        command,
        on_behalf_of: None,
    };
    socket.send(Message::text(msg.to_json())).await?;
    Ok(())
}

/// Waits for the ack of `op_id`, returning the id of the card it created, if any.
async fn await_ack(socket: &mut Socket, op_id: &str) -> Result<Option<CardId>> {
    let mut card = None;
    while let Some(frame) = socket.next().await {
        let Message::Text(text) = frame? else {
            continue;
        };
        let msg: Incoming = serde_json::from_str(&text)?;
        if let Some(event) = &msg.event {
            if event.kind == "card_added" {
                if let Some(id) = event
                    .card
                    .as_ref()
                    .and_then(|c| c.get("id"))
                    .and_then(|v| v.as_u64())
                {
                    card = Some(CardId(id as u32));
                }
            }
        }
        match msg.kind {
            "ack" if msg.op_id == Some(op_id) => return Ok(card),
            "rejected" if msg.op_id == Some(op_id) => bail!("rejected: {text}"),
            _ => {}
        }
    }
    bail!("closed while waiting for an ack")
}

/// Shared bookkeeping of one fan-out run.
struct Ledger {
    start: Instant,
    /// Send instant (ns since start) of each send number.
    sent_at: Vec<AtomicU64>,
    next: AtomicU64,
    delivered: AtomicU64,
}

struct Outcome {
    latency: Histogram<u64>,
    delivered: u64,
}

/// One client of a fan-out board: sends moves of its own card at `per_second`, and
/// records how long every other client's move took to reach it.
async fn fanout_client(
    mut socket: Socket,
    card: CardId,
    per_second: f64,
    ledger: Arc<Ledger>,
    barrier: Arc<Barrier>,
    load: Duration,
    expected: Arc<AtomicU64>,
) -> Result<Outcome> {
    let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut delivered = 0;
    barrier.wait().await;
    let begin = Instant::now();
    let stop_sending = begin + load;
    let give_up = stop_sending + DRAIN;
    let period = Duration::from_secs_f64(1.0 / per_second.max(1e-6));
    // Spread first sends over one period so the clients do not send in lockstep.
    let offset = period.mul_f64(rand_fraction(card.0));
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::from_std(begin + offset), period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut op = 0u64;
    // One deadline for the whole run rather than a timer per message read.
    let deadline = tokio::time::sleep_until(tokio::time::Instant::from_std(give_up));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            () = &mut deadline => break,
            _ = ticker.tick(), if Instant::now() < stop_sending => {
                // The guard above was checked when the loop turned; the tick may be later.
                if Instant::now() >= stop_sending { continue; }
                let k = ledger.next.fetch_add(1, Ordering::Relaxed);
                if k >= MAX_SENDS { continue; }
                let (x, y) = encode(k);
                ledger.sent_at[k as usize].store(ledger.start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                op += 1;
                // Op ids are scoped per credential, and every client here is the facilitator.
                command(&mut socket, &format!("c{}-m{op}", card.0), Command::MoveCard { card, x, y }).await?;
            }
            frame = socket.next() => {
                let Some(frame) = frame else { break };
                let Message::Text(text) = frame? else { continue };
                let msg: Incoming = serde_json::from_str(&text)?;
                if let Some(event) = msg.event.filter(|e| e.kind == "card_moved") {
                    let from = event.card.as_ref().and_then(|c| c.as_u64()).unwrap_or(u64::MAX);
                    if from != u64::from(card.0) {
                        let k = decode(event.x, event.y);
                        let sent = ledger.sent_at[k as usize].load(Ordering::Relaxed);
                        let now = ledger.start.elapsed().as_nanos() as u64;
                        latency.saturating_record((now.saturating_sub(sent) / 1000).max(1));
                        delivered += 1;
                        let total = ledger.delivered.fetch_add(1, Ordering::Relaxed) + 1;
                        let exp = expected.load(Ordering::Relaxed);
                        if Instant::now() >= stop_sending && exp > 0 && total >= exp {
                            break;
                        }
                    }
                }
                if Instant::now() >= stop_sending {
                    let exp = expected.load(Ordering::Relaxed);
                    if exp > 0 && ledger.delivered.load(Ordering::Relaxed) >= exp { break; }
                }
            }
        }
    }
    Ok(Outcome { latency, delivered })
}

/// A fixed pseudo-random fraction per client, so runs are repeatable.
fn rand_fraction(seed: u32) -> f64 {
    let mut x = u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 31;
    (x % 10_000) as f64 / 10_000.0
}

#[derive(serde::Serialize, Default)]
struct Report {
    scenario: &'static str,
    clients: usize,
    boards: usize,
    rate: f64,
    sync: String,
    sent: u64,
    expected: u64,
    delivered: u64,
    lost: u64,
    deliveries_per_s: f64,
    p50_us: u64,
    p99_us: u64,
    p999_us: u64,
    max_us: u64,
    server_rss_kb: Option<u64>,
    rss_per_conn_bytes: Option<u64>,
}

/// Opens `clients` connections on each of `boards` boards, each with a card of its own.
async fn setup(
    server: &Server,
    boards: usize,
    clients: usize,
) -> Result<Vec<Vec<(Socket, CardId)>>> {
    let mut all = Vec::new();
    for _ in 0..boards {
        let (code, key) = server.create_board().await?;
        // The facilitator writes and moves cards on the panel, in the plenary.
        let mut opener = connect(server.addr, &code, &key).await?;
        command(
            &mut opener,
            "plenary",
            Command::SetPhase {
                phase: Phase::Plenary,
            },
        )
        .await?;
        await_ack(&mut opener, "plenary").await?;
        drop(opener);
        let mut sockets = Vec::new();
        // Connect in parallel, at most 64 handshakes at once.
        let results = futures_util::stream::iter(0..clients)
            .map(|i| {
                let (code, key) = (code.clone(), key.clone());
                let addr = server.addr;
                async move {
                    let mut socket = connect(addr, &code, &key).await?;
                    let op = format!("card-{i}");
                    command(
                        &mut socket,
                        &op,
                        Command::AddCard {
                            text: format!("card {i}"),
                            x: 0.0,
                            y: 0.0,
                        },
                    )
                    .await?;
                    let card = await_ack(&mut socket, &op).await?.context("no card id")?;
                    Ok::<_, anyhow::Error>((socket, card))
                }
            })
            .buffer_unordered(64)
            .collect::<Vec<_>>()
            .await;
        for result in results {
            sockets.push(result?);
        }
        all.push(sockets);
    }
    // Drain what piled up during setup (others' card additions, presence).
    for board in &mut all {
        for (socket, _) in board.iter_mut() {
            while let Ok(Some(_)) =
                tokio::time::timeout(Duration::from_millis(1), socket.next()).await
            {}
        }
    }
    Ok(all)
}

async fn run_fanout(args: &Args, server: &Server, scenario: Scenario, rate: f64) -> Result<Report> {
    let (boards, clients) = match scenario {
        Scenario::Fanout => (1, args.clients.unwrap_or(200)),
        _ => (args.boards.unwrap_or(500), args.clients.unwrap_or(20)),
    };
    let total_clients = boards * clients;
    // Fanout: `rate` in total over the board; boards: one per second per client.
    let per_client = match scenario {
        Scenario::Fanout => rate / clients as f64,
        _ => 1.0,
    };
    let load = Duration::from_secs_f64(args.duration);
    let expected_sends = (per_client * total_clients as f64 * args.duration) as u64;
    if expected_sends >= MAX_SENDS {
        bail!("{expected_sends} sends exceed what one run can track ({MAX_SENDS}); shorten --duration");
    }
    let sockets = setup(server, boards, clients).await?;
    let ledger = Arc::new(Ledger {
        start: Instant::now(),
        sent_at: (0..MAX_SENDS).map(|_| AtomicU64::new(0)).collect(),
        next: AtomicU64::new(0),
        delivered: AtomicU64::new(0),
    });
    let barrier = Arc::new(Barrier::new(total_clients + 1));
    let expected = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for board in sockets {
        for (socket, card) in board {
            tasks.push(tokio::spawn(fanout_client(
                socket,
                card,
                per_client,
                ledger.clone(),
                barrier.clone(),
                load,
                expected.clone(),
            )));
        }
    }
    barrier.wait().await;
    let started = Instant::now();
    // Clients stop sending at `load`; read the count once the last send is surely out.
    tokio::time::sleep(load + Duration::from_millis(50)).await;
    // Every move reaches the other clients of its board.
    let sent = ledger.next.load(Ordering::Relaxed).min(MAX_SENDS);
    let expected_deliveries = sent * (clients as u64 - 1);
    expected.store(expected_deliveries.max(1), Ordering::Relaxed);
    let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut delivered = 0;
    for task in tasks {
        let outcome = task.await??;
        latency.add(&outcome.latency)?;
        delivered += outcome.delivered;
    }
    let elapsed = started.elapsed().as_secs_f64().max(args.duration);
    let rss = server.rss_kb();
    Ok(Report {
        scenario: if scenario == Scenario::Fanout {
            "fanout"
        } else {
            "boards"
        },
        clients: total_clients,
        boards,
        rate: per_client * total_clients as f64,
        sync: args.sync.clone(),
        sent,
        expected: expected_deliveries,
        delivered,
        lost: expected_deliveries.saturating_sub(delivered),
        deliveries_per_s: delivered as f64 / args.duration.min(elapsed),
        p50_us: latency.value_at_quantile(0.5),
        p99_us: latency.value_at_quantile(0.99),
        p999_us: latency.value_at_quantile(0.999),
        max_us: latency.max(),
        server_rss_kb: rss,
        rss_per_conn_bytes: rss.map(|kb| kb * 1024 / total_clients.max(1) as u64),
    })
}

async fn run_idle(args: &Args, server: &Server) -> Result<Report> {
    let clients = args.clients.unwrap_or(10_000);
    let (code, key) = server.create_board().await?;
    // A first connection loads the board, so the baseline includes it.
    let first = connect(server.addr, &code, &key).await?;
    let before = server.rss_kb();
    let sockets = futures_util::stream::iter(0..clients)
        .map(|_| {
            let (code, addr) = (code.clone(), server.addr);
            async move {
                let (mut socket, _) = tokio_tungstenite::connect_async_with_config(
                    format!("ws://{addr}/ws"),
                    None,
                    true,
                )
                .await?;
                let hello = ClientMsg::Hello {
                    protocol: PROTOCOL_VERSION,
                    board: code,
                    credential: Credential::Wall,
                    last_seq: None,
                };
                socket.send(Message::text(hello.to_json())).await?;
                socket.next().await.context("welcome")??;
                Ok::<_, anyhow::Error>(socket)
            }
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    // Let the server settle, reading nothing more: idle connections.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = server.rss_kb();
    let per_conn = match (before, after) {
        (Some(b), Some(a)) => Some(a.saturating_sub(b) * 1024 / clients as u64),
        _ => None,
    };
    drop(sockets);
    drop(first);
    Ok(Report {
        scenario: "idle",
        clients,
        boards: 1,
        sync: args.sync.clone(),
        server_rss_kb: after,
        rss_per_conn_bytes: per_conn,
        ..Report::default()
    })
}

async fn run_ack(args: &Args, server: &Server, rate: f64) -> Result<Report> {
    let clients = args.clients.unwrap_or(10);
    let sockets = setup(server, 1, clients).await?;
    let load = Duration::from_secs_f64(args.duration);
    let rate = rate.max(1.0);
    let period = Duration::from_secs_f64(clients as f64 / rate);
    let mut tasks = Vec::new();
    for (mut socket, card) in sockets.into_iter().flatten() {
        tasks.push(tokio::spawn(async move {
            let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
            let begin = Instant::now();
            let offset = period.mul_f64(rand_fraction(card.0));
            let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + offset, period);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut k = 0u64;
            while begin.elapsed() < load {
                // Paced: `--rate` commands per second in total, each waiting for its ack.
                ticker.tick().await;
                k += 1;
                let op = format!("c{}-a{k}", card.0);
                let (x, y) = encode(k);
                let sent = Instant::now();
                command(&mut socket, &op, Command::MoveCard { card, x, y }).await?;
                await_ack(&mut socket, &op).await?;
                latency.saturating_record((sent.elapsed().as_micros() as u64).max(1));
            }
            Ok::<_, anyhow::Error>((latency, k))
        }));
    }
    let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut acked = 0;
    for task in tasks {
        let (h, k) = task.await??;
        latency.add(&h)?;
        acked += k;
    }
    Ok(Report {
        scenario: "ack",
        clients,
        boards: 1,
        rate,
        sync: args.sync.clone(),
        sent: acked,
        expected: acked,
        delivered: acked,
        deliveries_per_s: acked as f64 / args.duration,
        p50_us: latency.value_at_quantile(0.5),
        p99_us: latency.value_at_quantile(0.99),
        p999_us: latency.value_at_quantile(0.999),
        max_us: latency.max(),
        server_rss_kb: server.rss_kb(),
        ..Report::default()
    })
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(url) = args.url {
        if !url.ip().is_loopback() {
            bail!("the load generator only targets loopback addresses");
        }
    }
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let rates: Vec<f64> = args
            .rate
            .split(',')
            .map(|r| r.trim().parse().context("--rate takes numbers"))
            .collect::<Result<_>>()?;
        for rate in rates {
            // A fresh server per run, so runs do not disturb each other.
            let server = Server::start(&args).await?;
            let report = match args.scenario {
                Scenario::Fanout | Scenario::Boards => {
                    run_fanout(&args, &server, args.scenario, rate).await?
                }
                Scenario::Idle => run_idle(&args, &server).await?,
                Scenario::Ack => run_ack(&args, &server, rate).await?,
            };
            println!("{}", serde_json::to_string(&report)?);
            if matches!(args.scenario, Scenario::Boards | Scenario::Idle) {
                break;
            }
        }
        Ok(())
    })
}
