//! `abuse`: what a well-behaved facilitator feels while one address abuses the hub. For
//! each abuse of a public address (the rows of README's Security section) a fresh server
//! with its default limits hosts a room of participants; the facilitator runs the meeting
//! (a command every 50 ms, each waiting for its ack) while another loopback address,
//! 127.0.0.2, floods, guesses, fills or stalls. One JSON line per abuse gives the
//! facilitator's ack times beside those of the quiet run (the floor), and what became of
//! the abuse.

use crate::{await_ack, command, hello, latency_histogram, open, ws_config, Args, Server, Socket};
use anyhow::{bail, Context, Result};
use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use panneau_shared::protocol::{ClientMsg, Credential};
use panneau_shared::{CardId, Command, Phase};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Where the abuse comes from: another loopback address than the room's, so the limits
/// per address fall on the abuser alone, as they would on a public address.
const ABUSER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
/// Participants in the room, each reading everything the board sends them.
const ROOM: usize = 20;
/// The facilitator's pace: a command every this often.
const PACE: Duration = Duration::from_millis(50);
/// At most this many connections per abuse loop: each closed one holds a port of the
/// abuser's address for a minute (TIME_WAIT), and the ports run out near 28,000.
const MAX_ATTEMPTS: u64 = 2000;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Abuse {
    Quiet,
    Commands,
    Drags,
    Creations,
    Guessing,
    Joins,
    Connections,
    Slowloris,
}

impl Abuse {
    const ALL: [Abuse; 8] = [
        Abuse::Quiet,
        Abuse::Commands,
        Abuse::Drags,
        Abuse::Creations,
        Abuse::Guessing,
        Abuse::Joins,
        Abuse::Connections,
        Abuse::Slowloris,
    ];

    fn name(self) -> &'static str {
        match self {
            Abuse::Quiet => "quiet",
            Abuse::Commands => "command_flood",
            Abuse::Drags => "drag_flood",
            Abuse::Creations => "creation_flood",
            Abuse::Guessing => "code_guessing",
            Abuse::Joins => "fake_joins",
            Abuse::Connections => "socket_flood",
            Abuse::Slowloris => "slowloris",
        }
    }
}

/// What became of the abuse: attempts, how many got through, how many were refused, and
/// how many times the abuser was disconnected.
#[derive(serde::Serialize, Default)]
struct Outcome {
    /// Seconds the abuse lasted: the window, or less when it ran out of attempts.
    abuse_s: f64,
    attempts: u64,
    through: u64,
    refused: u64,
    disconnected: u64,
}

#[derive(serde::Serialize)]
struct AbuseReport {
    scenario: &'static str,
    abuse: &'static str,
    window_s: f64,
    room: usize,
    /// The facilitator's commands acknowledged during the abuse, and their ack times.
    acks: u64,
    p50_us: u64,
    p95_us: u64,
    p99_us: u64,
    max_us: u64,
    /// The same figures with nobody abusing: the floor.
    quiet_p50_us: u64,
    quiet_p99_us: u64,
    /// Live drags the room's first participant received during the window.
    drags_relayed: u64,
    abuser: Outcome,
}

/// A board in the plenary with its facilitator and a room of participants reading.
struct Room {
    code: String,
    facilitator: Socket,
    /// The token of a participant the abuser holds (they joined like anyone).
    abuser_token: String,
    card: CardId,
    drags_seen: Arc<AtomicU64>,
    readers: JoinSet<()>,
}

impl Room {
    async fn gather(server: &Server) -> Result<Room> {
        let (code, key) = server.create_board().await?;
        let mut facilitator = crate::connect(server.addr, &code, &key).await?;
        let drags_seen = Arc::new(AtomicU64::new(0));
        let mut readers = JoinSet::new();
        // The abuser joins first (participant 0), then the room.
        let abuser_token = "abuser-0000000000000000".to_owned();
        let mut abuser = None;
        for k in 0..=ROOM {
            let token = match k {
                0 => abuser_token.clone(),
                _ => format!("room-{k:04}-000000000000"),
            };
            let mut socket = open(server.addr, &code, Credential::Participant { token }).await?;
            for _ in 0..2 {
                socket.next().await.context("closed during hello")??;
            }
            let join = Command::Join {
                name: format!("Person {k}"),
                organisation: "Rete".into(),
            };
            command(&mut socket, "join", join).await?;
            await_ack(&mut socket, "join").await?;
            if k == 0 {
                abuser = Some(socket);
                continue;
            }
            let seen = (k == 1).then(|| drags_seen.clone());
            readers.spawn(async move {
                while let Some(Ok(frame)) = socket.next().await {
                    if let (Some(seen), Message::Text(text)) = (&seen, &frame) {
                        if text.starts_with(r#"{"type":"drag""#) {
                            seen.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
        // The abuser's own idea, brought to the panel with every card: one they may move
        // and drag in the plenary.
        let mut abuser = abuser.context("the abuser joined")?;
        let ideas = Command::SetPhase {
            phase: Phase::Ideas,
        };
        command(&mut facilitator, "ideas", ideas).await?;
        await_ack(&mut facilitator, "ideas").await?;
        let idea = Command::AddCard {
            text: "A shared calendar of the network's events".into(),
            x: 100.0,
            y: 100.0,
        };
        command(&mut abuser, "idea", idea).await?;
        let card = await_ack(&mut abuser, "idea")
            .await?
            .context("the idea's id")?;
        drop(abuser);
        let plenary = Command::SetPhase {
            phase: Phase::Plenary,
        };
        command(&mut facilitator, "plenary", plenary).await?;
        await_ack(&mut facilitator, "plenary").await?;
        command(&mut facilitator, "bring", Command::Present { group: None }).await?;
        await_ack(&mut facilitator, "bring").await?;
        Ok(Room {
            code,
            facilitator,
            abuser_token,
            card,
            drags_seen,
            readers,
        })
    }

    /// The facilitator runs the countdown on and off, a command every [`PACE`], for
    /// `window`: the ack time of each.
    async fn measure(&mut self, window: Duration) -> Result<Histogram<u64>> {
        let mut latency = latency_histogram()?;
        let mut ticker = tokio::time::interval(PACE);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let began = Instant::now();
        let mut k = 0u64;
        while began.elapsed() < window {
            ticker.tick().await;
            k += 1;
            let op = format!("timer-{k}");
            let timer = if k % 2 == 1 {
                Command::StartTimer { seconds: Some(600) }
            } else {
                Command::ClearTimer
            };
            let sent = Instant::now();
            command(&mut self.facilitator, &op, timer).await?;
            await_ack(&mut self.facilitator, &op).await?;
            latency.saturating_record((sent.elapsed().as_micros() as u64).max(1));
        }
        Ok(latency)
    }
}

/// A TCP connection from the abuser's address.
async fn tcp_from_abuser(addr: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(ABUSER, 0))?;
    socket.connect(addr).await
}

type AbuserSocket = WebSocketStream<TcpStream>;

/// A WebSocket from the abuser's address with a hello sent; `Err` when the hub refused
/// the connection at the door.
async fn abuser_socket(
    addr: SocketAddr,
    code: &str,
    credential: Credential,
) -> Result<AbuserSocket> {
    let tcp = tcp_from_abuser(addr).await?;
    let (mut socket, _) = tokio_tungstenite::client_async_with_config(
        format!("ws://{addr}/ws"),
        tcp,
        Some(ws_config()),
    )
    .await?;
    socket.send(hello(code, credential)).await?;
    Ok(socket)
}

/// Runs `which` against the room's board from the abuser's address until `deadline`.
async fn abuse(
    which: Abuse,
    addr: SocketAddr,
    room: (String, String, CardId),
    deadline: Instant,
) -> Result<Outcome> {
    let (code, token, card) = room;
    let began = Instant::now();
    let mut outcome = match which {
        Abuse::Quiet => {
            tokio::time::sleep_until(deadline.into()).await;
            Outcome::default()
        }
        Abuse::Commands | Abuse::Drags => {
            flood(which == Abuse::Drags, addr, &code, &token, card, deadline).await?
        }
        Abuse::Creations => paced(deadline, move |_| create(addr)).await?,
        Abuse::Guessing => paced(deadline, move |k| guess(addr, k)).await?,
        Abuse::Joins | Abuse::Connections => {
            hold_sockets(which == Abuse::Joins, addr, &code, deadline).await
        }
        Abuse::Slowloris => slowloris(addr, deadline.max(began + SLOWLORIS_LOOK)).await,
    };
    outcome.abuse_s = began.elapsed().as_secs_f64();
    Ok(outcome)
}

/// What became of one attempt.
enum Answer {
    Through,
    Refused,
    TurnedAway,
}

/// Moves of the participant's card (or live drags of it) as fast as the socket takes
/// them; when the hub closes the connection, connect again and go on.
async fn flood(
    drags: bool,
    addr: SocketAddr,
    code: &str,
    token: &str,
    card: CardId,
    deadline: Instant,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut connections = 0;
    while Instant::now() < deadline && connections < MAX_ATTEMPTS {
        connections += 1;
        let participant = Credential::Participant {
            token: token.to_owned(),
        };
        let Ok(socket) = abuser_socket(addr, code, participant).await else {
            // Turned away at the door: try again a little later (spinning there is the
            // socket flood's abuse).
            outcome.refused += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let (mut sink, mut stream) = socket.split();
        let reader = tokio::spawn(async move {
            let (mut acked, mut refused) = (0u64, 0u64);
            while let Some(Ok(Message::Text(text))) = stream.next().await {
                if text.starts_with(r#"{"type":"ack""#) {
                    acked += 1;
                } else if text.starts_with(r#"{"type":"rejected""#) {
                    refused += 1;
                }
            }
            (acked, refused)
        });
        let mut k = 0u64;
        while Instant::now() < deadline {
            k += 1;
            let (x, y) = ((k % 1000) as f32, 200.0);
            let msg = if drags {
                ClientMsg::Drag { card, x, y }
            } else {
                ClientMsg::Command {
                    op_id: format!("flood-{k}"),
                    command: Command::MoveCard { card, x, y },
                    on_behalf_of: None,
                }
            };
            if sink.send(Message::text(msg.to_json())).await.is_err() {
                break;
            }
            outcome.attempts += 1;
        }
        let closed_by_hub = Instant::now() < deadline;
        let _ = sink.close().await;
        let (acked, refused) = reader.await?;
        outcome.through += acked;
        outcome.refused += refused;
        outcome.disconnected += u64::from(closed_by_hub);
    }
    Ok(outcome)
}

/// Four loops making `attempt` (given its number) spread over the window: hundreds a
/// second, far past any limit, yet lasting as long as the window, and at most
/// [`MAX_ATTEMPTS`] in all.
async fn paced<F, Fut>(deadline: Instant, attempt: F) -> Result<Outcome>
where
    F: Fn(u64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Answer> + Send,
{
    let window = deadline.saturating_duration_since(Instant::now());
    let every = (window * 4 / MAX_ATTEMPTS as u32).max(Duration::from_micros(100));
    let mut loops = JoinSet::new();
    for l in 0..4 {
        let attempt = attempt.clone();
        loops.spawn(async move {
            let mut pace = tokio::time::interval(every);
            let mut outcome = Outcome::default();
            while Instant::now() < deadline && outcome.attempts < MAX_ATTEMPTS / 4 {
                pace.tick().await;
                let k = l * MAX_ATTEMPTS + outcome.attempts;
                outcome.count(attempt(k).await);
            }
            outcome
        });
    }
    let mut outcome = Outcome::default();
    while let Some(one) = loops.join_next().await {
        outcome.add(&one?);
    }
    Ok(outcome)
}

/// One workshop created.
async fn create(addr: SocketAddr) -> Answer {
    let Ok(tcp) = tcp_from_abuser(addr).await else {
        return Answer::Refused;
    };
    let body = br#"{"title":"Spam"}"#;
    let created =
        panneau_tests::http_over(tcp, &addr.to_string(), "POST", "/api/workshops", Some(body))
            .await;
    match created {
        Ok(r) if r.status == 201 => Answer::Through,
        _ => Answer::Refused,
    }
}

/// One hello naming a code that does not exist.
async fn guess(addr: SocketAddr, k: u64) -> Answer {
    match abuser_socket(addr, &format!("G{k:05}"), Credential::Wall).await {
        Ok(mut socket) => match socket.next().await {
            Some(Ok(Message::Text(text))) if text.contains("welcome") => Answer::Through,
            _ => Answer::Refused,
        },
        // Turned away before the upgrade.
        Err(_) => Answer::TurnedAway,
    }
}

/// New sockets held open (never read) until the deadline: new participants joining, or
/// walls.
async fn hold_sockets(join: bool, addr: SocketAddr, code: &str, deadline: Instant) -> Outcome {
    let mut outcome = Outcome::default();
    let mut held = Vec::new();
    for k in 1..=MAX_ATTEMPTS {
        if Instant::now() >= deadline {
            break;
        }
        let credential = if join {
            Credential::Participant {
                token: format!("fake-{k:06}-000000000000"),
            }
        } else {
            Credential::Wall
        };
        let Ok(mut socket) = abuser_socket(addr, code, credential).await else {
            outcome.count(Answer::TurnedAway);
            continue;
        };
        if join {
            let join = ClientMsg::Command {
                op_id: "join".into(),
                command: Command::Join {
                    name: format!("Fake {k}"),
                    organisation: String::new(),
                },
                on_behalf_of: None,
            };
            if socket.send(Message::text(join.to_json())).await.is_err() {
                outcome.count(Answer::Refused);
                continue;
            }
        }
        outcome.count(Answer::Through);
        held.push(socket);
    }
    tokio::time::sleep_until(deadline.into()).await;
    outcome
}

/// When slowloris looks at its requests: past the server's request timeout (10 s).
const SLOWLORIS_LOOK: Duration = Duration::from_secs(11);

/// Requests whose head never ends, held open, then looked at `until`.
async fn slowloris(addr: SocketAddr, until: Instant) -> Outcome {
    let mut outcome = Outcome::default();
    let mut held = Vec::new();
    for _ in 0..300 {
        let Ok(mut tcp) = tcp_from_abuser(addr).await else {
            outcome.count(Answer::Refused);
            continue;
        };
        outcome.attempts += 1;
        if tcp
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .is_ok()
        {
            held.push(tcp);
        }
    }
    tokio::time::sleep_until(until.into()).await;
    // A connection the hub answered (408) or closed by now reads at once; one it still
    // holds does not.
    for mut tcp in held {
        let mut bytes = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(1), tcp.read(&mut bytes)).await {
            Ok(_) => outcome.disconnected += 1,
            Err(_) => outcome.through += 1,
        }
    }
    outcome
}

impl Outcome {
    fn count(&mut self, answer: Answer) {
        self.attempts += 1;
        match answer {
            Answer::Through => self.through += 1,
            Answer::Refused => self.refused += 1,
            Answer::TurnedAway => self.disconnected += 1,
        }
    }

    fn add(&mut self, other: &Outcome) {
        self.attempts += other.attempts;
        self.through += other.through;
        self.refused += other.refused;
        self.disconnected += other.disconnected;
    }
}

/// Runs every abuse in turn, each on a fresh server, and prints a line for each.
pub(crate) async fn run(args: &Args) -> Result<()> {
    let window = Duration::from_secs_f64(args.duration);
    let mut quiet = None;
    let chosen = |which: Abuse| {
        matches!(which, Abuse::Quiet)
            || args
                .only
                .as_deref()
                .is_none_or(|only| only.split(',').any(|name| name.trim() == which.name()))
    };
    for which in Abuse::ALL.into_iter().filter(|which| chosen(*which)) {
        let server = Server::start(args).await?;
        if tcp_from_abuser(server.addr).await.is_err() {
            bail!("cannot connect from {ABUSER}: the abuse needs a second loopback address");
        }
        let mut room = Room::gather(&server).await?;
        let deadline = Instant::now() + window;
        let attacker = tokio::spawn(abuse(
            which,
            server.addr,
            (room.code.clone(), room.abuser_token.clone(), room.card),
            deadline,
        ));
        let seen_before = room.drags_seen.load(Ordering::Relaxed);
        let latency = room.measure(window).await?;
        let outcome = attacker.await??;
        let (p50, p99) = (
            latency.value_at_quantile(0.5),
            latency.value_at_quantile(0.99),
        );
        let (quiet_p50_us, quiet_p99_us) = *quiet.get_or_insert((p50, p99));
        let report = AbuseReport {
            scenario: "abuse",
            abuse: which.name(),
            window_s: args.duration,
            room: ROOM,
            acks: latency.len(),
            p50_us: p50,
            p95_us: latency.value_at_quantile(0.95),
            p99_us: p99,
            max_us: latency.max(),
            quiet_p50_us,
            quiet_p99_us,
            drags_relayed: room.drags_seen.load(Ordering::Relaxed) - seen_before,
            abuser: outcome,
        };
        println!("{}", serde_json::to_string(&report)?);
        room.readers.abort_all();
    }
    Ok(())
}
