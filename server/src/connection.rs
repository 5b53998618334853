//! One WebSocket connection: the hello handshake, then a reader and a writer that run
//! until either side ends, the board drops the connection, or the server shuts down.
//!
//! A message longer than [`FRAGMENT_BYTES`] leaves as several WebSocket frames. The
//! socket's write buffer keeps the capacity of the largest frame it ever held, for the
//! life of the connection; in fragments, a board's snapshot no longer leaves every
//! connection holding a buffer its size.

use crate::board::{BoardHandle, BoardMsg, ConnId, Frame, QUEUE_CAPACITY};
use crate::hub::Hub;
use crate::limits::{Limits, OpenSlot, TooMany};
use crate::outlet::{Outlet, Sink, Socket, WebSocket, FRAGMENT_BYTES};
use bytes::Bytes;
use futures_util::{FutureExt, SinkExt, StreamExt};
use panneau_shared::protocol::{ClientMsg, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{CardId, Command, Rejection, RejectionCode};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::time::{sleep_until, Instant};
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// A client whose socket accepts nothing for this long is not reading: it is closed, so
/// that it resumes instead of holding the board's messages in server memory.
const WRITE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Answers a connection may have queued for frames it could not parse before the client
/// counts as flooding us and is disconnected.
const LOCAL_CAPACITY: usize = 32;

/// How long a stopping server waits for a client's reply to its close frame.
const CLOSE_REPLY_WAIT: Duration = Duration::from_secs(2);

/// A client that opens a socket and says nothing is closed after this long.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// Close codes (RFC 6455 and the IANA registry).
const CLOSE_POLICY: u16 = 1008;
const CLOSE_RESTART: u16 = 1012;
const CLOSE_TRY_AGAIN: u16 = 1013;

type WsError = tokio_tungstenite::tungstenite::Error;
type Stream = futures_util::stream::SplitStream<WebSocket>;

/// Where a connection comes from, and its place among that address's open connections
/// (freed when the connection ends).
pub struct Peer {
    pub ip: IpAddr,
    pub limits: Arc<Limits>,
    pub _slot: OpenSlot,
}

pub async fn serve(socket: WebSocket, hub: Arc<Hub>, mut stop: watch::Receiver<bool>, peer: Peer) {
    let _open = hub.track_connection();
    let (sink, mut stream) = socket.split();
    let socket = Socket::new(sink);
    let Joined {
        board,
        conn,
        queued,
        sender,
    } = match handshake(&mut stream, &hub, &peer, &socket).await {
        Ok(joined) => joined,
        Err(rejection) => {
            let mut sink = socket.sink.lock().await;
            let msg = ServerMsg::Error {
                code: rejection.code,
                message: rejection.message,
                detail: rejection.detail,
            };
            let _ = sink.send(Message::Text(msg.to_json().into())).await;
            let _ = close(&mut sink, CLOSE_POLICY, "hello refused").await;
            return;
        }
    };
    let local = Local::default();
    let ended = tokio::select! {
        ended = read(&mut stream, &board, conn, &local, &peer.limits, &sender) => ended,
        written = write(&socket, queued, &local, &mut stop) => written,
    };
    if ended == Ended::Restarting {
        // Closing a socket with unread data in it sends a reset, which would lose the
        // close frame of a client that was sending just then: read until its own close
        // comes back (bounded), as the protocol's closing handshake has it.
        let _ = tokio::time::timeout(CLOSE_REPLY_WAIT, async {
            while let Some(Ok(message)) = stream.next().await {
                if matches!(message, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
    if ended == Ended::Flooding {
        tracing::info!(ip = %peer.ip, "closing a connection that keeps sending too fast");
        let mut sink = socket.sink.lock().await;
        // The refusals already queued say why, before the close does.
        for answer in local.take() {
            if sink.feed(Message::Text(answer)).await.is_err() {
                break;
            }
        }
        let _ = close(&mut sink, CLOSE_POLICY, "too many messages; slow down").await;
    }
    board.send(BoardMsg::Disconnect { conn }).await;
}

/// How a connection's reader ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ended {
    /// The client left, or the board let go of it.
    Closed,
    /// The client kept sending over its limits after being told to slow down.
    Flooding,
    /// The server is stopping; the client was told to come back.
    Restarting,
}

/// Commands refused for speed, one after another, after which the connection is closed;
/// also the messages over a connection's budget it may send in all before it is closed.
const REFUSED_BEFORE_CLOSE: u32 = 100;

/// Answers the connection gives by itself (frames it could not parse), without the
/// board. A plain queue in the connection's own task rather than a channel: it is almost
/// always empty, and a channel would cost every idle connection a kilobyte.
#[derive(Default)]
struct Local {
    queue: Mutex<VecDeque<Utf8Bytes>>,
    ready: Notify,
}

impl Local {
    /// Queues an answer; `false` when the client floods us with bad frames faster than it
    /// reads the answers.
    fn push(&self, answer: Utf8Bytes) -> bool {
        let mut queue = self.queue.lock().expect("never held across a panic");
        if queue.len() >= LOCAL_CAPACITY {
            return false;
        }
        queue.push_back(answer);
        drop(queue);
        // Stores a permit when the writer is busy, so no answer waits for the next one.
        self.ready.notify_one();
        true
    }

    fn take(&self) -> VecDeque<Utf8Bytes> {
        std::mem::take(&mut *self.queue.lock().expect("never held across a panic"))
    }
}

/// A connection past its hello: its board, its id there, the queue of what its board
/// could not send at once, and whose command budget it spends
/// ([`crate::limits::sender_key`]).
struct Joined {
    board: BoardHandle,
    conn: ConnId,
    queued: mpsc::Receiver<Frame>,
    sender: Arc<str>,
}

/// Reads the hello and connects to its board. A hello that names no workshop, or a wrong
/// facilitator key, counts against its address, which is turned away for a while after
/// too many (nobody guesses codes at speed).
async fn handshake(
    stream: &mut Stream,
    hub: &Hub,
    peer: &Peer,
    socket: &Arc<Socket>,
) -> Result<Joined, Rejection> {
    if let Some(wait) = peer.limits.shut_out_until(peer.ip) {
        return Err(TooMany::Rate(wait).rejection());
    }
    let outcome = hello(stream, hub, peer.ip, socket).await;
    if let Err((rejection, true)) = &outcome {
        tracing::debug!(ip = %peer.ip, message = %rejection.message, "a hello failed");
        peer.limits.hello_failed(peer.ip);
    }
    outcome.map_err(|(rejection, _)| rejection)
}

/// The hello and the board's answer; a refusal says whether it was a guess (a code or a
/// key that does not open anything).
async fn hello(
    stream: &mut Stream,
    hub: &Hub,
    ip: IpAddr,
    socket: &Arc<Socket>,
) -> Result<Joined, (Rejection, bool)> {
    let plain = |rejection: Rejection| (rejection, false);
    let first = match tokio::time::timeout(HELLO_TIMEOUT, stream.next()).await {
        Ok(Some(Ok(Message::Text(text)))) => text,
        Ok(_) => return Err(plain(invalid("the first message must be a JSON hello"))),
        Err(_) => return Err(plain(invalid("no hello received in time"))),
    };
    let ClientMsg::Hello {
        protocol,
        board: code,
        credential,
        last_seq,
    } = ClientMsg::parse(&first).map_err(plain)?
    else {
        return Err(plain(invalid("the first message must be a hello")));
    };
    if protocol != PROTOCOL_VERSION {
        return Err(plain(invalid(format!(
            "this server speaks protocol {PROTOCOL_VERSION}, the client speaks {protocol}; reload the page"
        ))));
    }
    let unavailable =
        || Rejection::new(RejectionCode::Unavailable, "the board is restarting; retry");
    // A board may be unloading at the very moment we reach it; the next attempt loads it
    // afresh from storage.
    for _ in 0..3 {
        let board = hub.board(&code).await.map_err(|rejection| {
            let guess = rejection.code != RejectionCode::Unavailable;
            (rejection, guess)
        })?;
        let conn = hub.next_conn_id();
        let (outlet, queued) = Outlet::new(Arc::clone(socket), QUEUE_CAPACITY);
        let (reply, answer) = oneshot::channel();
        let message = BoardMsg::Connect {
            conn,
            credential: credential.clone(),
            last_seq,
            outlet,
            reply,
        };
        if !board.send(message).await {
            continue;
        }
        match answer.await {
            Ok(Ok(_actor)) => {
                let sender = crate::limits::sender_key(&code, &credential, ip);
                return Ok(Joined {
                    board,
                    conn,
                    queued,
                    sender,
                });
            }
            Ok(Err(rejection)) if rejection.code != RejectionCode::Unavailable => {
                let guess = rejection.code == RejectionCode::NotAllowed;
                return Err((rejection, guess));
            }
            _ => continue,
        }
    }
    Err(plain(unavailable()))
}

async fn read(
    stream: &mut Stream,
    board: &BoardHandle,
    conn: ConnId,
    local: &Local,
    limits: &Limits,
    sender: &Arc<str>,
) -> Ended {
    let mut refused = 0u32;
    let messages = limits.message_budget();
    let mut over_budget = 0u32;
    let mut drags = Drags::new(limits.config.drags_per_card_per_s);
    loop {
        let due = drags.next_due();
        let message = tokio::select! {
            message = stream.next() => message,
            () = sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                for (card, x, y) in drags.take_due(Instant::now()) {
                    if !board.send(BoardMsg::Drag { conn, card, x, y }).await {
                        return Ended::Closed;
                    }
                }
                continue;
            }
        };
        let Some(Ok(message)) = message else {
            return Ended::Closed;
        };
        // A flood of any kind (drags, say, which are never refused) is not even parsed
        // past the budget, and ends the connection soon; a goodbye is always heard.
        if !matches!(message, Message::Close(_)) && messages.check().is_err() {
            over_budget += 1;
            if over_budget > REFUSED_BEFORE_CLOSE {
                return Ended::Flooding;
            }
            continue;
        }
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => return Ended::Closed,
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            Message::Binary(_) => {
                if !answer(local, None, invalid("messages are JSON text frames")) {
                    return Ended::Flooding;
                }
                continue;
            }
        };
        let to_board = match ClientMsg::parse(&text) {
            Ok(ClientMsg::Command {
                op_id,
                command,
                on_behalf_of,
            }) => {
                if let Some(wait) = limits.command_wait(sender) {
                    refused += 1;
                    if refused > REFUSED_BEFORE_CLOSE
                        || !answer(local, Some(op_id), TooMany::Rate(wait).rejection())
                    {
                        return Ended::Flooding;
                    }
                    continue;
                }
                refused = 0;
                // A card put down is no longer in flight: a position still waiting to be
                // relayed would show it moving after its drop.
                if let Command::MoveCard { card, .. } = &command {
                    drags.forget(*card);
                }
                BoardMsg::Command {
                    conn,
                    op_id,
                    command,
                    on_behalf_of,
                }
            }
            Ok(ClientMsg::Drag { card, x, y }) => match drags.offer(card, x, y, Instant::now()) {
                Some((x, y)) => BoardMsg::Drag { conn, card, x, y },
                None => continue,
            },
            Ok(ClientMsg::Hello { .. }) => {
                if !answer(
                    local,
                    None,
                    invalid("hello was already said on this connection"),
                ) {
                    return Ended::Flooding;
                }
                continue;
            }
            Err(rejection) => {
                let op_id = op_id_of(&text);
                if !answer(local, op_id, rejection) {
                    return Ended::Flooding;
                }
                continue;
            }
        };
        if !board.send(to_board).await {
            return Ended::Closed;
        }
    }
}

/// Live drags of one connection, relayed at a steady rate per card: a position arriving
/// sooner than its card's next turn waits, and a newer one replaces it (the latest wins).
/// A drag is never refused: it only shows a card in flight, and the drop is a command.
struct Drags {
    every: Duration,
    /// When each card's position was last relayed.
    last: HashMap<CardId, Instant>,
    /// The newest position of each card waiting for its turn.
    waiting: HashMap<CardId, (f32, f32)>,
}

/// Cards one connection may drag at once; past it, positions of further cards are dropped.
const DRAGGED_AT_ONCE: usize = 64;

impl Drags {
    fn new(per_card_per_s: u32) -> Drags {
        Drags {
            every: Duration::from_secs(1) / per_card_per_s.max(1),
            last: HashMap::new(),
            waiting: HashMap::new(),
        }
    }

    /// A new position: `Some` to relay now, `None` when it waits (or is dropped).
    fn offer(&mut self, card: CardId, x: f32, y: f32, now: Instant) -> Option<(f32, f32)> {
        match self.last.get(&card) {
            Some(last) if now.duration_since(*last) < self.every => {
                self.waiting.insert(card, (x, y));
                None
            }
            Some(_) => {
                self.last.insert(card, now);
                self.waiting.remove(&card);
                Some((x, y))
            }
            None => {
                if self.last.len() >= DRAGGED_AT_ONCE {
                    let every = self.every;
                    let waiting = &self.waiting;
                    self.last.retain(|card, last| {
                        now.duration_since(*last) < every || waiting.contains_key(card)
                    });
                    if self.last.len() >= DRAGGED_AT_ONCE {
                        return None;
                    }
                }
                self.last.insert(card, now);
                Some((x, y))
            }
        }
    }

    /// When the next waiting position may leave.
    fn next_due(&self) -> Option<Instant> {
        self.waiting
            .keys()
            .filter_map(|card| self.last.get(card))
            .map(|last| *last + self.every)
            .min()
    }

    /// The waiting positions whose turn has come, marked as relayed now.
    fn take_due(&mut self, now: Instant) -> Vec<(CardId, f32, f32)> {
        let due: Vec<CardId> = self
            .waiting
            .keys()
            .filter(|card| {
                self.last
                    .get(card)
                    .is_none_or(|last| *last + self.every <= now)
            })
            .copied()
            .collect();
        due.into_iter()
            .filter_map(|card| {
                let (x, y) = self.waiting.remove(&card)?;
                self.last.insert(card, now);
                Some((card, x, y))
            })
            .collect()
    }

    fn forget(&mut self, card: CardId) {
        self.waiting.remove(&card);
    }
}

/// Queues a rejection for this connection; `false` when the client floods us with bad
/// frames faster than it reads the answers, which ends the connection.
fn answer(local: &Local, op_id: Option<String>, rejection: Rejection) -> bool {
    local.push(ServerMsg::rejected(op_id, rejection).to_json().into())
}

/// Best effort: name the `op_id` of a command that failed to parse, so the client can
/// match the rejection to what it sent.
fn op_id_of(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let op_id = value.get("op_id")?.as_str()?;
    (op_id.len() <= panneau_shared::protocol::MAX_OP_ID).then(|| op_id.to_owned())
}

/// Sends what the board could not send at once and the reader's own answers, until the
/// connection ends.
async fn write(
    socket: &Socket,
    mut queued: mpsc::Receiver<Frame>,
    local: &Local,
    stop: &mut watch::Receiver<bool>,
) -> Ended {
    loop {
        tokio::select! {
            () = socket.kicked() => {
                let mut sink = socket.sink.lock().await;
                // Everything queued goes in one flush, which also writes whatever the
                // board left in the socket's buffer.
                let batch = async {
                    loop {
                        match queued.try_recv() {
                            Ok(frame) => feed(&mut sink, &frame).await?,
                            Err(mpsc::error::TryRecvError::Empty) => break,
                            // The board let us go (too slow, or taken off): the client
                            // resumes.
                            Err(mpsc::error::TryRecvError::Disconnected) => {
                                close(&mut sink, CLOSE_TRY_AGAIN, "too slow; reconnect").await?;
                                return Ok(false);
                            }
                        }
                    }
                    sink.flush().await.map(|()| true)
                };
                // Almost always the socket takes the batch at once; only a write that has
                // to wait is given a deadline, which spares a timer per batch.
                let mut batch = std::pin::pin!(batch);
                let written = match batch.as_mut().now_or_never() {
                    Some(done) => Ok(done),
                    None => tokio::time::timeout(WRITE_TIMEOUT, batch).await,
                };
                match written {
                    Ok(Ok(true)) => {}
                    Ok(Ok(false) | Err(_)) => return Ended::Closed,
                    Err(_) => {
                        tracing::info!("closing a connection that reads nothing");
                        return Ended::Closed;
                    }
                }
            }
            () = local.ready.notified() => {
                let mut sink = socket.sink.lock().await;
                for reply in local.take() {
                    if sink.send(Message::Text(reply)).await.is_err() {
                        return Ended::Closed;
                    }
                }
            }
            _ = stop.changed() => {
                let _ = close(&mut *socket.sink.lock().await, CLOSE_RESTART, "server restarting").await;
                return Ended::Restarting;
            }
        }
    }
}

/// Queues one message, as a single frame or, when long, as fragments.
async fn feed(sink: &mut Sink, frame: &Frame) -> Result<(), WsError> {
    if frame.len() <= FRAGMENT_BYTES {
        return sink.feed(Message::Text(Utf8Bytes::clone(frame))).await;
    }
    let payload = Bytes::from(Utf8Bytes::clone(frame));
    let mut start = 0;
    while start < payload.len() {
        let end = (start + FRAGMENT_BYTES).min(payload.len());
        // Only the message as a whole must be valid UTF-8: a fragment may end inside a
        // character, and the receiver reassembles before decoding.
        let opcode = if start == 0 {
            Data::Text
        } else {
            Data::Continue
        };
        let fragment = WsFrame::message(
            payload.slice(start..end),
            OpCode::Data(opcode),
            end == payload.len(),
        );
        sink.feed(Message::Frame(fragment)).await?;
        start = end;
    }
    Ok(())
}

async fn close(sink: &mut Sink, code: u16, reason: &'static str) -> Result<(), WsError> {
    sink.send(Message::Close(Some(CloseFrame {
        code: code.into(),
        reason: reason.into(),
    })))
    .await
}

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::Invalid, message)
}
