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
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

mod abuse;
mod cluster;
mod disk;
mod downloads;
mod first_load;
mod tcp;
mod ws;

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
    /// `fanout` over raw TCP through a bare relay: the floor of this machine.
    TcpFanout,
    /// `boards` over raw TCP through a bare relay: the floor of this machine.
    TcpBoards,
    /// `fanout` through a relay that speaks WebSocket and copies Panneau's event frames:
    /// the protocol's own cost, without a board or storage.
    WsFanout,
    /// `boards` through the same WebSocket relay.
    WsBoards,
    /// `fanout` through the bare relay with a durable journal: each frame is appended to a
    /// file and synced (one sync for all that arrived meanwhile) before it is copied on.
    /// The floor of "persist, then broadcast" on this machine.
    DurableFanout,
    /// `boards` through the same durable relay.
    DurableBoards,
    /// Appending a small record to a file and syncing it, `--rate` times per second: the
    /// floor of any durable acknowledgement on this machine.
    Fsync,
    /// What each role's first and second visit download, and when the page can be used,
    /// in headless Chromium over an emulated slow 4G link.
    FirstLoad,
    /// A facilitator's ack times while another address abuses the hub, one abuse after
    /// another (each `--duration` seconds), on servers with their default limits.
    Abuse,
    /// `fanout` and `ack` on one hub over SQLite, one over PostgreSQL, and three over
    /// PostgreSQL and NATS with the clients spread over them, then the time another hub
    /// takes to serve a board whose hub was killed.
    Cluster,
    /// The bare relay itself, started by the `tcp-` scenarios.
    #[value(hide = true)]
    Relay,
    /// The WebSocket relay itself, started by the `ws-` scenarios.
    #[value(hide = true)]
    WsRelay,
    /// The durable relay itself, started by the `durable-` scenarios.
    #[value(hide = true)]
    DurableRelay,
}

/// The relays the same loads run through, beside Panneau.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Floor {
    Tcp,
    Ws,
    Durable,
}

impl Scenario {
    /// For a load run through a relay: which relay, and whether over many boards.
    fn floor(self) -> Option<(Floor, bool)> {
        Some(match self {
            Scenario::TcpFanout => (Floor::Tcp, false),
            Scenario::TcpBoards => (Floor::Tcp, true),
            Scenario::WsFanout => (Floor::Ws, false),
            Scenario::WsBoards => (Floor::Ws, true),
            Scenario::DurableFanout => (Floor::Durable, false),
            Scenario::DurableBoards => (Floor::Durable, true),
            _ => return None,
        })
    }
}

#[derive(Parser, Debug)]
#[command(about = "Panneau load generator (loopback only)")]
pub(crate) struct Args {
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
    /// Events per second in total; a comma-separated list runs each in turn. Defaults:
    /// 20 for fanout and ack, one per client per second for boards.
    #[arg(long)]
    rate: Option<String>,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// `idle`: cards on the board's panel, so that each connection is sent a snapshot of
    /// a board in use, as a real one is.
    #[arg(long, default_value_t = 60)]
    cards: usize,
    /// `fanout`, `boards`: this many loops meanwhile change a large board and download its
    /// report and diagram (each a fresh render), to see whether rendering slows the load.
    #[arg(long, default_value_t = 0)]
    downloads: usize,
    /// `abuse`: only these abuses (comma-separated names, as printed), after the quiet run.
    #[arg(long)]
    only: Option<String>,
    /// Worker threads of the generator's own runtime.
    #[arg(long, default_value_t = 2)]
    threads: usize,
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
        Server::start_with(args, &[]).await
    }

    /// A server started with `extra` flags too (a database and relay of a cluster).
    async fn start_with(args: &Args, extra: &[String]) -> Result<Server> {
        if let Some(addr) = args.url {
            return Ok(Server {
                addr,
                pid: None,
                _child: None,
                _dir: None,
            });
        }
        let dir = tempfile::tempdir()?;
        let mut server = tokio::process::Command::new(&args.server_bin);
        server.args(["--addr", "127.0.0.1:0", "--sync", &args.sync]);
        if args.scenario != Scenario::Abuse {
            // Thousands of simulated people, all from this one address: the limits per
            // address are lifted (each connection keeps its own).
            server
                .args([
                    "--creations-per-hour",
                    "1000000",
                    "--connections-per-s",
                    "1000000",
                ])
                .args([
                    "--connections-per-ip",
                    "1000000",
                    "--failed-hellos-per-min",
                    "1000000",
                ])
                .args(["--connections-per-board", "1000000"])
                // Every client of a board is its facilitator, who shares one command budget.
                .args(["--commands-per-s", "1000000", "--messages-per-s", "1000000"]);
        }
        let mut child = server
            .args(extra)
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

/// Small read buffers: tungstenite zeroes its whole read buffer (128 KiB by default) on
/// every read, which made the generator, not the server, the slow side of a fan-out.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096)
}

/// Opens a WebSocket and says hello with `credential`; the welcome is still to be read.
async fn open(addr: SocketAddr, code: &str, credential: Credential) -> Result<Socket> {
    let (mut socket, _) = tokio_tungstenite::connect_async_with_config(
        format!("ws://{addr}/ws"),
        Some(ws_config()),
        true,
    )
    .await?;
    socket.send(hello(code, credential)).await?;
    Ok(socket)
}

/// The first message of a connection to board `code`.
fn hello(code: &str, credential: Credential) -> Message {
    let hello = ClientMsg::Hello {
        protocol: PROTOCOL_VERSION,
        board: code.into(),
        credential,
        last_seq: None,
    };
    Message::text(hello.to_json())
}

/// A facilitator connection, past its welcome and snapshot.
async fn connect(addr: SocketAddr, code: &str, key: &str) -> Result<Socket> {
    let credential = Credential::Facilitator { key: key.into() };
    let mut socket = open(addr, code, credential).await?;
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

/// Moves the board to the plenary, where the panel takes cards, from a facilitator
/// connection.
async fn to_plenary(facilitator: &mut Socket) -> Result<()> {
    let phase = Command::SetPhase {
        phase: Phase::Plenary,
    };
    command(facilitator, "plenary", phase).await?;
    await_ack(facilitator, "plenary").await?;
    Ok(())
}

/// Waits for the ack of `op_id`, returning the id of the card it created, if any.
async fn await_ack(socket: &mut Socket, op_id: &str) -> Result<Option<CardId>> {
    await_card(socket, op_id, None).await
}

/// Like [`await_ack`], the card being the one written with `text`: through another hub,
/// others' cards may arrive between a client's own and its ack.
async fn await_card(
    socket: &mut Socket,
    op_id: &str,
    written: Option<&str>,
) -> Result<Option<CardId>> {
    let mut card = None;
    while let Some(frame) = socket.next().await {
        let Message::Text(text) = frame? else {
            continue;
        };
        let msg: Incoming = serde_json::from_str(&text)?;
        if let Some(event) = &msg.event {
            let added = event.card.as_ref().filter(|_| event.kind == "card_added");
            let ours = added.filter(|c| {
                written.is_none_or(|t| c.get("text").and_then(|v| v.as_str()) == Some(t))
            });
            if let Some(id) = ours.and_then(|c| c.get("id")).and_then(|v| v.as_u64()) {
                card = Some(CardId(id as u32));
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

/// The move in a message, if it is one: the card moved and the move number its position
/// encodes.
fn card_moved(text: &str) -> Result<Option<(Option<u64>, u64)>> {
    let msg: Incoming = serde_json::from_str(text)?;
    Ok(msg.event.filter(|e| e.kind == "card_moved").map(|event| {
        let card = event.card.as_ref().and_then(|c| c.as_u64());
        (card, decode(event.x, event.y))
    }))
}

/// Shared bookkeeping of one fan-out run.
pub(crate) struct Ledger {
    start: Instant,
    /// Send instant (ns since start) of each send number.
    sent_at: Vec<AtomicU64>,
    next: AtomicU64,
    delivered: AtomicU64,
    /// Clients still in their sending window; the last one to leave wakes the run, which
    /// then knows exactly how many moves were sent.
    senders: AtomicUsize,
    all_sent: Notify,
    /// Deliveries expected in all, known once every client stopped sending (0 before).
    expected: AtomicU64,
    /// One histogram for every client: one each would zero over a gigabyte for 10,000
    /// clients, while the generator's two threads barely contend on this lock.
    latency: std::sync::Mutex<Histogram<u64>>,
    /// The hub each send number was sent through, and the latencies of deliveries to a
    /// client of another hub (several hubs only).
    sent_from: Vec<AtomicU8>,
    cross_hub: std::sync::Mutex<Histogram<u64>>,
}

impl Ledger {
    fn new(clients: usize) -> Result<Ledger> {
        Ok(Ledger {
            start: Instant::now(),
            sent_at: (0..MAX_SENDS).map(|_| AtomicU64::new(0)).collect(),
            next: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            senders: AtomicUsize::new(clients),
            all_sent: Notify::new(),
            expected: AtomicU64::new(0),
            latency: std::sync::Mutex::new(latency_histogram()?),
            sent_from: (0..MAX_SENDS).map(|_| AtomicU8::new(0)).collect(),
            cross_hub: std::sync::Mutex::new(latency_histogram()?),
        })
    }

    fn stopped_sending(&self) {
        if self.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.all_sent.notify_one();
        }
    }

    /// Whether every expected delivery arrived, anywhere.
    fn complete(&self) -> bool {
        let expected = self.expected.load(Ordering::Acquire);
        expected > 0 && self.delivered.load(Ordering::Relaxed) >= expected
    }
}

/// One fan-out client's connection, whatever it speaks: it sends move number `k`, and
/// hands over the move numbers of *other* clients as they arrive.
pub(crate) trait Mover {
    fn send_move(&mut self, k: u64) -> impl std::future::Future<Output = Result<()>> + Send;
    /// The next move of another client; `None` once the connection closed. Must be
    /// cancel-safe: the send branch may win the race and drop it.
    fn next_move(&mut self) -> impl std::future::Future<Output = Result<Option<u64>>> + Send;
    /// Which of several hubs the client is connected to.
    fn hub(&self) -> u8 {
        0
    }
}

/// A Panneau client: moves its own card, with the send number encoded in the coordinates.
struct PanneauMover {
    socket: Socket,
    card: CardId,
    op: u64,
    hub: u8,
}

impl Mover for PanneauMover {
    async fn send_move(&mut self, k: u64) -> Result<()> {
        let (x, y) = encode(k);
        self.op += 1;
        // Op ids are scoped per credential, and every client here is the facilitator.
        let op_id = format!("c{}-m{}", self.card.0, self.op);
        let card = self.card;
        command(&mut self.socket, &op_id, Command::MoveCard { card, x, y }).await
    }

    async fn next_move(&mut self) -> Result<Option<u64>> {
        while let Some(frame) = self.socket.next().await {
            let Message::Text(text) = frame? else {
                continue;
            };
            let Some((card, k)) = card_moved(&text)? else {
                continue;
            };
            if card != Some(u64::from(self.card.0)) {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    fn hub(&self) -> u8 {
        self.hub
    }
}

/// Timing of one fan-out run, shared by its clients.
#[derive(Clone, Copy)]
struct Pace {
    /// Moves per second of each client.
    per_second: f64,
    /// When every client starts (each with its own offset) and stops sending.
    begin: Instant,
    stop_sending: Instant,
}

/// Sends moves at the client's pace until the window closes, and records how long every
/// other client's move took to reach it, until all expected deliveries arrived.
async fn fanout_client(
    mut mover: impl Mover,
    seed: u32,
    pace: Pace,
    ledger: Arc<Ledger>,
) -> Result<()> {
    let give_up = pace.stop_sending + DRAIN;
    let period = Duration::from_secs_f64(1.0 / pace.per_second.max(1e-6));
    // Spread first sends over one period so the clients do not send in lockstep.
    let offset = period.mul_f64(rand_fraction(seed));
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::from_std(pace.begin + offset), period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut window_open = SendWindow {
        ledger: &ledger,
        open: true,
    };
    // One deadline for the whole run rather than a timer per message read.
    let deadline = tokio::time::sleep_until(tokio::time::Instant::from_std(give_up));
    let window = tokio::time::sleep_until(tokio::time::Instant::from_std(pace.stop_sending));
    tokio::pin!(deadline, window);
    loop {
        tokio::select! {
            () = &mut deadline => break,
            () = &mut window, if window_open.open => window_open.close(),
            _ = ticker.tick(), if window_open.open => {
                // The tick may come late, after the window closed.
                if Instant::now() >= pace.stop_sending { continue; }
                let k = ledger.next.fetch_add(1, Ordering::Relaxed);
                if k >= MAX_SENDS { continue; }
                ledger.sent_at[k as usize].store(ledger.start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                ledger.sent_from[k as usize].store(mover.hub(), Ordering::Relaxed);
                mover.send_move(k).await?;
            }
            k = mover.next_move() => {
                let Some(k) = k? else { break };
                let sent = ledger.sent_at[k as usize].load(Ordering::Relaxed);
                let now = ledger.start.elapsed().as_nanos() as u64;
                let micros = (now.saturating_sub(sent) / 1000).max(1);
                ledger.latency.lock().expect("no panic while recording").saturating_record(micros);
                if ledger.sent_from[k as usize].load(Ordering::Relaxed) != mover.hub() {
                    ledger.cross_hub.lock().expect("no panic while recording").saturating_record(micros);
                }
                ledger.delivered.fetch_add(1, Ordering::Relaxed);
                if !window_open.open && ledger.complete() {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// A client's sending window; however the client ends, it leaves the window once.
struct SendWindow<'a> {
    ledger: &'a Ledger,
    open: bool,
}

impl SendWindow<'_> {
    fn close(&mut self) {
        if std::mem::replace(&mut self.open, false) {
            self.ledger.stopped_sending();
        }
    }
}

impl Drop for SendWindow<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

/// Runs one fan-out over connections already open (`boards` of them, each a list of
/// clients), and sums up what arrived; with the `process` that serves them, the processor
/// time it spent per event from the first send to the last delivery.
pub(crate) async fn drive<M: Mover + Send + 'static>(
    args: &Args,
    boards: Vec<Vec<(M, u32)>>,
    per_client: f64,
    process: Option<u32>,
) -> Result<Report> {
    let total_clients: usize = boards.iter().map(Vec::len).sum();
    let clients = boards.first().map_or(0, Vec::len);
    let ledger = Arc::new(Ledger::new(total_clients)?);
    // Every client starts from the same instant, a moment after all are spawned.
    let begin = Instant::now() + Duration::from_millis(100);
    let pace = Pace {
        per_second: per_client,
        begin,
        stop_sending: begin + Duration::from_secs_f64(args.duration),
    };
    let mut tasks = Vec::new();
    for board in boards {
        for (mover, seed) in board {
            tasks.push(tokio::spawn(fanout_client(
                mover,
                seed,
                pace,
                ledger.clone(),
            )));
        }
    }
    tokio::time::sleep_until(begin.into()).await;
    let cpu_before = process.and_then(cpu_time);
    ledger.all_sent.notified().await;
    // Every move reaches the other clients of its board.
    let sent = ledger.next.load(Ordering::Relaxed).min(MAX_SENDS);
    let expected = sent * (clients as u64).saturating_sub(1);
    ledger.expected.store(expected.max(1), Ordering::Release);
    for task in tasks {
        task.await??;
    }
    let cpu = cpu_before.zip(process.and_then(cpu_time));
    let delivered = ledger.delivered.load(Ordering::Relaxed);
    let latency = ledger
        .latency
        .lock()
        .expect("no panic while recording")
        .clone();
    let cross_hub = ledger
        .cross_hub
        .lock()
        .expect("no panic while recording")
        .clone();
    let cross_hub = (!cross_hub.is_empty()).then(|| CrossHub {
        deliveries: cross_hub.len(),
        p50_us: cross_hub.value_at_quantile(0.5),
        p99_us: cross_hub.value_at_quantile(0.99),
    });
    Ok(Report {
        cross_hub,
        clients: total_clients,
        boards: total_clients / clients.max(1),
        rate: per_client * total_clients as f64,
        sync: args.sync.clone(),
        sent,
        expected,
        delivered,
        lost: expected.saturating_sub(delivered),
        deliveries_per_s: delivered as f64 / args.duration,
        cpu_us_per_event: cpu
            .map(|(before, after)| (after - before).as_micros() as u64 / sent.max(1)),
        ..Report::default()
    }
    .with_latency(&latency))
}

/// The processor time process `pid` has used so far, all its threads, user and system
/// (`/proc/PID/stat`, in the kernel's clock ticks: a hundredth of a second on Linux).
pub(crate) fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count fields after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// A fixed pseudo-random fraction per client, so runs are repeatable.
fn rand_fraction(seed: u32) -> f64 {
    let mut x = u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 31;
    (x % 10_000) as f64 / 10_000.0
}

#[derive(serde::Serialize, Default)]
pub(crate) struct Report {
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
    /// Processor time of the server (or relay) per event sent, in microseconds: what an
    /// event costs it, all its deliveries included. Steadier than the tail from run to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu_us_per_event: Option<u64>,
    /// Outputs rendered and downloaded meanwhile (`--downloads`).
    #[serde(skip_serializing_if = "Option::is_none")]
    downloads: Option<u64>,
    /// Deliveries to a client of another hub than the sender's (`cluster`).
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_hub: Option<CrossHub>,
}

#[derive(serde::Serialize)]
pub(crate) struct CrossHub {
    deliveries: u64,
    p50_us: u64,
    p99_us: u64,
}

/// A histogram of latencies in microseconds, up to a minute.
pub(crate) fn latency_histogram() -> Result<Histogram<u64>> {
    Ok(Histogram::new_with_bounds(1, 60_000_000, 3)?)
}

impl Report {
    /// Fills in the latency figures from a histogram of microseconds.
    pub(crate) fn with_latency(self, latency: &Histogram<u64>) -> Report {
        Report {
            p50_us: latency.value_at_quantile(0.5),
            p99_us: latency.value_at_quantile(0.99),
            p999_us: latency.value_at_quantile(0.999),
            max_us: latency.max(),
            ..self
        }
    }
}

/// Opens `clients` connections on each of `boards` boards, each with a card of its own.
async fn setup(
    server: &Server,
    boards: usize,
    clients: usize,
) -> Result<Vec<Vec<(Socket, CardId)>>> {
    let boards = setup_over(server, &[server.addr], boards, clients).await?;
    Ok(boards
        .into_iter()
        .map(|board| board.into_iter().map(|(s, c, _)| (s, c)).collect())
        .collect())
}

/// Like [`setup`], with client `i` of each board connected to hub `i` of `hubs` in turn
/// (boards are created, and first opened, through `server`); each client comes with the
/// index of its hub.
async fn setup_over(
    server: &Server,
    hubs: &[SocketAddr],
    boards: usize,
    clients: usize,
) -> Result<Vec<Vec<(Socket, CardId, u8)>>> {
    let mut all = Vec::new();
    for _ in 0..boards {
        let (code, key) = server.create_board().await?;
        // The facilitator writes and moves cards on the panel, in the plenary.
        to_plenary(&mut connect(server.addr, &code, &key).await?).await?;
        let mut sockets = Vec::new();
        // Connect in parallel, at most 64 handshakes at once.
        let results = futures_util::stream::iter(0..clients)
            .map(|i| {
                let (code, key) = (code.clone(), key.clone());
                let addr = hubs[i % hubs.len()];
                async move {
                    let mut socket = connect(addr, &code, &key).await?;
                    let op = format!("card-{i}");
                    let text = format!("card {i}");
                    let add = Command::AddCard {
                        text: text.clone(),
                        x: 0.0,
                        y: 0.0,
                    };
                    command(&mut socket, &op, add).await?;
                    let card = await_card(&mut socket, &op, Some(&text))
                        .await?
                        .context("no card id")?;
                    Ok::<_, anyhow::Error>((socket, card, (i % hubs.len()) as u8))
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
        for (socket, _, _) in board.iter_mut() {
            while let Ok(Some(_)) =
                tokio::time::timeout(Duration::from_millis(1), socket.next()).await
            {}
        }
    }
    Ok(all)
}

/// How many boards and clients per board a fan-out shaped scenario uses, and how many
/// moves per second each client sends.
fn fanout_shape(args: &Args, many_boards: bool, rate: Option<f64>) -> (usize, usize, f64) {
    let rate = rate.unwrap_or(20.0);
    if many_boards {
        let (boards, clients) = (args.boards.unwrap_or(500), args.clients.unwrap_or(20));
        // Each client one move per second unless told otherwise.
        let per_client = if args.rate.is_some() {
            rate / (boards * clients) as f64
        } else {
            1.0
        };
        (boards, clients, per_client)
    } else {
        let clients = args.clients.unwrap_or(200);
        (1, clients, rate / clients as f64)
    }
}

fn check_sends(args: &Args, clients: usize, per_client: f64) -> Result<()> {
    let expected_sends = (per_client * clients as f64 * args.duration) as u64;
    if expected_sends >= MAX_SENDS {
        bail!("{expected_sends} sends exceed what one run can track ({MAX_SENDS}); shorten --duration");
    }
    Ok(())
}

async fn run_fanout(
    args: &Args,
    server: &Server,
    scenario: Scenario,
    rate: Option<f64>,
) -> Result<Report> {
    run_fanout_over(args, server, &[server.addr], scenario, rate).await
}

/// [`run_fanout`] with the clients spread over `hubs`.
async fn run_fanout_over(
    args: &Args,
    server: &Server,
    hubs: &[SocketAddr],
    scenario: Scenario,
    rate: Option<f64>,
) -> Result<Report> {
    let (boards, clients, per_client) = fanout_shape(args, scenario == Scenario::Boards, rate);
    check_sends(args, boards * clients, per_client)?;
    // Card ids restart at every board, so the pacing seed is the client's rank overall:
    // seeded by card id, the same client of every board would send at the same instant.
    let mut rank = 0u32;
    let boards = setup_over(server, hubs, boards, clients)
        .await?
        .into_iter()
        .map(|board| {
            board
                .into_iter()
                .map(|(socket, card, hub)| {
                    rank += 1;
                    (
                        PanneauMover {
                            socket,
                            card,
                            op: 0,
                            hub,
                        },
                        rank,
                    )
                })
                .collect()
        })
        .collect();
    let downloads = match args.downloads {
        0 => None,
        loops => Some(downloads::Downloads::start(server, loops).await?),
    };
    // With the clients spread over several hubs, one hub's CPU is not the event's.
    let process = if hubs.len() == 1 { server.pid } else { None };
    let mut report = drive(args, boards, per_client, process).await?;
    if let Some(downloads) = downloads {
        report.downloads = Some(downloads.finish().await?);
    }
    report.scenario = if scenario == Scenario::Fanout {
        "fanout"
    } else {
        "boards"
    };
    report.server_rss_kb = server.rss_kb();
    report.rss_per_conn_bytes = report
        .server_rss_kb
        .map(|kb| kb * 1024 / report.clients.max(1) as u64);
    Ok(report)
}

async fn run_idle(args: &Args, server: &Server) -> Result<Report> {
    let clients = args.clients.unwrap_or(10_000);
    let (code, key) = server.create_board().await?;
    // A first connection loads the board, so the baseline includes it, and fills the
    // panel the way a plenary does.
    let mut first = connect(server.addr, &code, &key).await?;
    to_plenary(&mut first).await?;
    for i in 0..args.cards {
        let op = format!("card-{i}");
        let text = format!("Idea {i}: a shared calendar of the network's events, open to all");
        let add = Command::AddCard {
            text,
            // A grid that wraps within the board, however many cards.
            x: (i % 15) as f32 * 100.0,
            y: (i / 15 % 10) as f32 * 80.0,
        };
        command(&mut first, &op, add).await?;
        await_ack(&mut first, &op).await?;
    }
    let before = server.rss_kb();
    let sockets = futures_util::stream::iter(0..clients)
        .map(|_| {
            let (code, addr) = (code.clone(), server.addr);
            async move {
                let mut socket = open(addr, &code, Credential::Wall).await?;
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
            let mut latency = latency_histogram()?;
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
    let mut latency = latency_histogram()?;
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
        server_rss_kb: server.rss_kb(),
        ..Report::default()
    }
    .with_latency(&latency))
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Scenario::Relay | Scenario::DurableRelay = args.scenario {
        let durable = args.scenario == Scenario::DurableRelay;
        return tokio::runtime::Runtime::new()?.block_on(tcp::relay(durable));
    }
    if args.scenario == Scenario::WsRelay {
        return tokio::runtime::Runtime::new()?.block_on(ws::relay());
    }
    if let Some(url) = args.url {
        if !url.ip().is_loopback() {
            bail!("the load generator only targets loopback addresses");
        }
    }
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let rates: Vec<Option<f64>> = match &args.rate {
            None => vec![None],
            Some(list) => list
                .split(',')
                .map(|r| r.trim().parse().map(Some).context("--rate takes numbers"))
                .collect::<Result<_>>()?,
        };
        if args.scenario == Scenario::Abuse {
            return abuse::run(&args).await;
        }
        if args.scenario == Scenario::Cluster {
            return cluster::run(&args, &rates).await;
        }
        if args.scenario == Scenario::FirstLoad {
            let server = Server::start(&args).await?;
            return first_load::run(&args, &server).await;
        }
        for rate in rates {
            if args.scenario == Scenario::Fsync {
                let report = disk::run(&args, rate.unwrap_or(200.0))?;
                println!("{}", serde_json::to_string(&report)?);
                continue;
            }
            if let Some((floor, many_boards)) = args.scenario.floor() {
                let report = match floor {
                    Floor::Ws => ws::run(&args, many_boards, rate).await?,
                    Floor::Tcp | Floor::Durable => {
                        tcp::run(&args, many_boards, rate, floor == Floor::Durable).await?
                    }
                };
                println!("{}", serde_json::to_string(&report)?);
                continue;
            }
            // A fresh server per run, so runs do not disturb each other.
            let server = Server::start(&args).await?;
            let report = match args.scenario {
                Scenario::Fanout | Scenario::Boards => {
                    run_fanout(&args, &server, args.scenario, rate).await?
                }
                Scenario::Idle => run_idle(&args, &server).await?,
                Scenario::Ack => run_ack(&args, &server, rate.unwrap_or(20.0)).await?,
                Scenario::TcpFanout
                | Scenario::TcpBoards
                | Scenario::WsFanout
                | Scenario::WsBoards
                | Scenario::DurableFanout
                | Scenario::DurableBoards
                | Scenario::Fsync
                | Scenario::Relay
                | Scenario::WsRelay
                | Scenario::DurableRelay
                | Scenario::Abuse
                | Scenario::Cluster
                | Scenario::FirstLoad => {
                    unreachable!("handled above")
                }
            };
            println!("{}", serde_json::to_string(&report)?);
            if args.scenario == Scenario::Idle {
                break;
            }
        }
        Ok(())
    })
}
