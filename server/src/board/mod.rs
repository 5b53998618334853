//! One task per live board: it owns the board's `Workshop`, decides commands in order,
//! persists the events, then broadcasts them and acknowledges the sender.
//!
//! The task keeps two copies of the state. `state` runs ahead: every accepted command is
//! applied at once so the next one is decided against it without waiting for the disk.
//! `committed` only advances when storage confirms a batch; snapshots, replays and
//! broadcasts come from it. So a client is never told anything a crash could take back.

mod fan_out;
mod follow;
mod write;

use crate::cluster::relay::{
    Answer, ForwardError, Inbound, Incoming, Link, Live, Outbound, Replier,
};
use crate::outlet::Outlet;
use crate::storage::OP_MEMORY;
use crate::storage::{Append, StorageError, Store, StoredBoard, StoredEvent};
use dashmap::DashMap;
use futures_util::stream::{FuturesOrdered, FuturesUnordered, StreamExt};
use panneau_shared::protocol::{Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{
    Actor, Audience, Command, Event, ParticipantId, Rejection, RejectionCode, Workshop,
};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// Identifies one connection within the whole server.
pub type ConnId = u64;

/// One serialised message, shared by every connection it goes to. Behind an `Arc` so
/// that a queue slot is one pointer: tokio allocates a channel's slots 32 at a time, and
/// with the 32-byte `Utf8Bytes` itself each such block cost every connection a kilobyte.
pub type Frame = Arc<Utf8Bytes>;

/// Frames a connection may have waiting in its outlet's queue (what its socket could not
/// take at once) before it counts as too slow and is dropped.
/// A whole catch-up (welcome and a snapshot, or a replay window of events) fits easily.
pub const QUEUE_CAPACITY: usize = 4096;

fn frame(msg: &ServerMsg) -> Frame {
    Arc::new(msg.to_json().into())
}

/// How a board task trades memory, disk and time.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    /// Events kept in memory so that a reconnecting client catches up without a snapshot.
    pub replay_window: usize,
    /// A snapshot of the state is stored with every this many events, so that loading a
    /// board replays at most that many.
    pub snapshot_every: u64,
    /// A board nobody is connected to is unloaded from memory after this long.
    pub idle_unload: Duration,
    /// Screens one board accepts at once (participants' devices, consoles, walls).
    pub max_connections: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            replay_window: 1024,
            snapshot_every: 500,
            idle_unload: Duration::from_secs(600),
            max_connections: 1000,
        }
    }
}

/// Who is connected is told to everyone at most this often: a crowd arriving at once costs
/// one message per screen, not one per arrival.
const PRESENCE_EVERY: Duration = Duration::from_millis(250);

/// How often a hub tells the others who is connected through it even when nothing
/// changed, and after how long without news another hub's screens are forgotten (it died).
const PRESENCE_HEARTBEAT: Duration = Duration::from_secs(5);
const PRESENCE_FORGOTTEN: Duration = Duration::from_secs(16);

/// Messages a board task accepts.
pub enum BoardMsg {
    /// A connection said hello; on success the task has queued the welcome and the state.
    Connect {
        conn: ConnId,
        credential: Credential,
        last_seq: Option<u64>,
        outlet: Outlet,
        reply: oneshot::Sender<Result<Actor, Rejection>>,
    },
    Command {
        conn: ConnId,
        op_id: String,
        command: Command,
        /// Set when the facilitator acts for a participant without a device.
        on_behalf_of: Option<ParticipantId>,
    },
    Drag {
        conn: ConnId,
        card: panneau_shared::CardId,
        x: f32,
        y: f32,
    },
    Disconnect {
        conn: ConnId,
    },
    /// Someone asks for an output: the committed state to render it from.
    Outputs {
        reply: oneshot::Sender<crate::outputs::Source>,
    },
    /// Whether `key` is this board's facilitator key.
    VerifyKey {
        key: String,
        reply: oneshot::Sender<bool>,
    },
    /// The board is being deleted: finish the writes in flight, let every connection go,
    /// leave the registry, and stop.
    Close {
        reply: oneshot::Sender<()>,
    },
}

/// Cheap-to-clone address of a board task.
#[derive(Clone)]
pub struct BoardHandle {
    tx: mpsc::Sender<BoardMsg>,
    /// Tells tasks of the same board apart (one may be unloading as another loads).
    id: u64,
    /// Whether the task keeps a copy of a board another hub owns.
    following: bool,
    /// The lease it was loaded under: a lease lost under one epoch must not close a task
    /// that took the board again under the next.
    epoch: u64,
}

/// The hub's map of live boards; a board task removes itself from it when it unloads.
pub type Registry = Arc<DashMap<String, BoardHandle>>;

impl BoardHandle {
    /// Sends a message; `false` when the task has stopped.
    pub async fn send(&self, msg: BoardMsg) -> bool {
        self.tx.send(msg).await.is_ok()
    }

    /// Whether this task serves the board under the lease of `epoch`.
    pub fn owns_under(&self, epoch: u64) -> bool {
        !self.following && self.epoch == epoch
    }

    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    pub fn is_following(&self) -> bool {
        self.following
    }
}

struct Subscriber {
    actor: Actor,
    /// The digest of this connection's participant token (see [`crate::keys`]), bound to
    /// a participant when it joins.
    token: Option<String>,
    outlet: Outlet,
}

/// Who sent a command: as the board knows them, and their token's digest.
struct Sender {
    actor: Actor,
    token: Option<String>,
}

/// Someone waiting for a command's answer.
enum Waiter {
    /// A screen connected to this hub, by its op id.
    Here { conn: ConnId, op_id: String },
    /// A screen connected to another hub, which forwarded the command.
    Elsewhere(Replier),
}

/// An accepted command whose events are being written.
struct Pending {
    /// Those waiting for the `ack` (the sender, and any that retried the same op).
    waiters: Vec<Waiter>,
    events: Vec<(u64, Event)>,
    /// The tokens of those who joined with these events.
    tokens: Vec<(String, ParticipantId)>,
    /// When the batch was queued for storage.
    queued_at: Instant,
}

/// Where a board task stands among the hubs.
pub enum Place {
    /// The only hub (SQLite, or no relay): it decides and writes.
    Alone,
    /// The hub holding the board's lease: it decides, writes, and relays to the others.
    Owner(Link),
    /// Another hub owns the board: this one keeps a copy for its own screens and
    /// forwards their commands.
    Follower(Link),
}

type Forwarded = futures_util::future::BoxFuture<'static, (Waiter, Result<Answer, ForwardError>)>;

struct Board {
    id: u64,
    registry: Registry,
    tuning: Tuning,
    code: String,
    /// The digest of the facilitator key (see [`crate::keys`]).
    key_digest: String,
    /// This hub's lease on the board (see [`crate::storage`]).
    epoch: u64,
    store: Store,
    /// Ahead of the disk: includes events still being written.
    state: Workshop,
    /// As of the last durable event; what clients are shown.
    committed: Workshop,
    /// Last sequence number given out, and the last one known durable.
    assigned_seq: u64,
    committed_seq: u64,
    /// Sequence number of the last stored snapshot.
    snapshot_seq: u64,
    /// Recent durable events with who may see them, for replay to reconnecting clients.
    recent: VecDeque<(u64, Event, Audience)>,
    tokens: HashMap<String, ParticipantId>,
    /// `actor/op_id` → seq of the command's last event.
    ops: HashMap<String, u64>,
    op_order: VecDeque<String>,
    subscribers: HashMap<ConnId, Subscriber>,
    pending: VecDeque<Pending>,
    /// What opens this board's outputs (see [`crate::outputs`]).
    outputs_key: String,
    /// `committed`, shared with renders of outputs; dropped whenever it moves on.
    shared_committed: Option<Arc<Workshop>>,
    outputs_cache: Arc<crate::outputs::Cache>,
    /// When the next presence message goes out, if who is connected changed since the last.
    presence_due: Option<Instant>,
    /// Another hub owns the board; this task keeps a copy (see `follow.rs`).
    following: bool,
    /// The way to the other hubs, when there are some.
    relay: Option<Outbound>,
    /// A follower's commands on their way to the owner.
    forwarded: FuturesUnordered<Forwarded>,
    /// A follower's answers that wait for their events to be relayed, by seq.
    awaiting: Vec<(u64, Waiter)>,
    /// A follower's guests whose `join` is on its way: they become participants only
    /// after their ack, as on the owner, even if the relayed join comes first.
    joining: std::collections::HashSet<ConnId>,
    /// When a follower stops waiting for relayed events and reads them from storage.
    catch_up_due: Option<Instant>,
    /// Who is connected to the board through the other hubs, by hub, and when we heard.
    elsewhere: HashMap<String, (crate::cluster::relay::HubPresence, Instant)>,
    /// The owner is gone: let every screen go, so they come back to wherever the board is
    /// served now.
    letting_go: bool,
}

/// Starts the task of a board loaded from storage.
pub fn spawn(
    stored: StoredBoard,
    store: Store,
    tuning: Tuning,
    registry: Registry,
    place: Place,
) -> BoardHandle {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let (tx, rx) = mpsc::channel(1024);
    let mut board = Board::restore(stored, store, tuning, id, registry);
    let inbound = match place {
        Place::Alone => None,
        Place::Owner(link) => {
            board.relay = Some(link.outbound);
            Some(link.inbound)
        }
        Place::Follower(link) => {
            board.relay = Some(link.outbound);
            board.following = true;
            Some(link.inbound)
        }
    };
    let following = board.following;
    let epoch = board.epoch;
    tokio::spawn(board.run(rx, inbound));
    BoardHandle {
        tx,
        id,
        following,
        epoch,
    }
}

/// Scopes an `op_id` to whoever sent it, so one client cannot pre-empt another's retry.
/// Participants are scoped by their token (its digest) rather than their id: a guest's `join`
/// retried after it succeeded must still be recognised.
fn op_key(token: Option<&str>, actor: Actor, op_id: &str) -> String {
    match (token, actor) {
        (Some(token), _) => format!("t:{token}/{op_id}"),
        (None, Actor::Facilitator) => format!("f/{op_id}"),
        (None, _) => format!("w/{op_id}"),
    }
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Board {
    fn restore(
        stored: StoredBoard,
        store: Store,
        tuning: Tuning,
        id: u64,
        registry: Registry,
    ) -> Board {
        let (snapshot_seq, mut state) = stored.snapshot.unwrap_or_default();
        let mut seq = snapshot_seq;
        let mut recent = VecDeque::new();
        for stored_event in stored.events {
            let audience = state.audience(&stored_event.event);
            state.apply(&stored_event.event);
            seq = stored_event.seq;
            recent.push_back((stored_event.seq, stored_event.event, audience));
            if recent.len() > tuning.replay_window {
                recent.pop_front();
            }
        }
        let op_order: VecDeque<String> = stored.ops.iter().map(|(key, _)| key.clone()).collect();
        Board {
            id,
            registry,
            tuning,
            outputs_key: crate::outputs::outputs_key(&stored.key_digest, &stored.code),
            code: stored.code,
            key_digest: stored.key_digest,
            epoch: stored.epoch,
            store,
            committed: state.clone(),
            state,
            assigned_seq: seq,
            committed_seq: seq,
            snapshot_seq,
            recent,
            tokens: stored.tokens.into_iter().collect(),
            ops: stored.ops.into_iter().collect(),
            op_order,
            subscribers: HashMap::new(),
            pending: VecDeque::new(),
            shared_committed: None,
            outputs_cache: Arc::default(),
            presence_due: None,
            following: false,
            relay: None,
            forwarded: FuturesUnordered::new(),
            awaiting: Vec::new(),
            joining: Default::default(),
            catch_up_due: None,
            elsewhere: HashMap::new(),
            letting_go: false,
        }
    }

    async fn run(mut self, mut inbox: mpsc::Receiver<BoardMsg>, mut inbound: Option<Inbound>) {
        let mut writes = FuturesOrdered::new();
        let mut idle_since = Instant::now();
        let mut closing = None;
        let mut heartbeat = tokio::time::interval(PRESENCE_HEARTBEAT);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while !self.letting_go {
            // Screens on other hubs keep an owner's board in memory too.
            let watched_elsewhere = self
                .elsewhere
                .values()
                .any(|(p, _)| !p.devices.is_empty() || p.facilitators + p.walls > 0);
            let idle = self.subscribers.is_empty()
                && writes.is_empty()
                && self.forwarded.is_empty()
                && !watched_elsewhere;
            if !idle {
                idle_since = Instant::now();
            }
            tokio::select! {
                // Nobody here and nothing to write: free the memory. The hub loads the
                // board again from storage on the next connection.
                () = tokio::time::sleep_until(idle_since + self.tuning.idle_unload), if idle => {
                    self.unload(inbox).await;
                    return;
                }
                msg = inbox.recv() => match msg {
                    Some(BoardMsg::Close { reply }) => {
                        closing = Some(reply);
                        break;
                    }
                    Some(msg) => {
                        if let Some(write) = self.handle(msg).await {
                            writes.push_back(write);
                        }
                    }
                    // Every handle is gone (server shutting down): finish the writes.
                    None => break,
                },
                Some(outcome) = writes.next(), if !writes.is_empty() => {
                    if self.on_written(outcome).is_err() {
                        // Gone from the registry and its lease released: the next
                        // connection reloads it from storage, here or on another hub.
                        self.unload(inbox).await;
                        return;
                    }
                }
                () = tokio::time::sleep_until(self.presence_due.unwrap_or_else(Instant::now)), if self.presence_due.is_some() => {
                    self.presence_due = None;
                    self.broadcast_presence();
                }
                incoming = next_incoming(&mut inbound), if inbound.is_some() => match incoming {
                    Some(Incoming::Batch(batch)) => self.on_batch(batch).await,
                    Some(Incoming::Live(Live::Presence(presence))) => self.heard_presence(presence),
                    Some(Incoming::Live(Live::Drag { card, x, y, by, .. })) => {
                        self.relayed_drag(card, x, y, by);
                    }
                    Some(Incoming::Command(command, replier)) => {
                        if let Some(write) = self.remote_command(command, replier).await {
                            writes.push_back(write);
                        }
                    }
                    // The relay let go of the board: a follower can no longer keep up.
                    None => {
                        inbound = None;
                        self.letting_go |= self.following;
                    }
                },
                Some((waiter, answer)) = self.forwarded.next(), if !self.forwarded.is_empty() => {
                    self.on_forwarded(waiter, answer);
                }
                _ = heartbeat.tick(), if inbound.is_some() => self.presence_heartbeat(),
                () = tokio::time::sleep_until(self.catch_up_due.unwrap_or_else(Instant::now)), if self.catch_up_due.is_some() => {
                    self.catch_up_due = None;
                    self.catch_up().await;
                }
            }
            self.flush_outlets();
        }
        while let Some(outcome) = writes.next().await {
            if self.on_written(outcome).is_err() {
                self.unload(inbox).await;
                return;
            }
            self.flush_outlets();
        }
        if closing.is_some() || self.letting_go {
            // Deleted, or served elsewhere now: every socket ends (their clients come
            // back to find no workshop, or the hub that serves it).
            self.subscribers.clear();
            self.unload(inbox).await;
            if let Some(reply) = closing {
                let _ = reply.send(());
            }
        }
    }

    /// Leaves the registry, then turns away whoever got our handle just before: those
    /// connections retry and find the board freshly loaded from storage. Nothing is lost,
    /// since an idle board has no write in flight and no subscriber.
    async fn unload(&mut self, mut inbox: mpsc::Receiver<BoardMsg>) {
        tracing::debug!(board = %self.code, "unloading idle board");
        self.registry
            .remove_if(&self.code, |_, handle| handle.id == self.id);
        // Another hub may serve the board from now on, without waiting for the lease to
        // run out; the others stop counting our screens.
        self.store.release(&self.code, self.epoch).await;
        if let Some(out) = &self.relay {
            out.publish_presence(self.local_presence());
        }
        inbox.close();
        while let Some(msg) = inbox.recv().await {
            if let BoardMsg::Connect { reply, .. } = msg {
                let _ = reply.send(Err(Rejection::new(
                    RejectionCode::Unavailable,
                    "the board is reloading; retry",
                )));
            }
        }
    }

    async fn handle(
        &mut self,
        msg: BoardMsg,
    ) -> Option<oneshot::Receiver<Result<(), StorageError>>> {
        match msg {
            BoardMsg::Connect {
                conn,
                credential,
                last_seq,
                outlet,
                reply,
            } => {
                let outcome = self.connect(conn, credential, last_seq, outlet);
                let _ = reply.send(outcome);
                None
            }
            BoardMsg::Command {
                conn,
                op_id,
                command,
                on_behalf_of,
            } => self.command(conn, op_id, command, on_behalf_of).await,
            BoardMsg::Drag { conn, card, x, y } => {
                self.drag(conn, card, x, y);
                None
            }
            BoardMsg::Disconnect { conn } => {
                if self.subscribers.remove(&conn).is_some() {
                    self.presence_changed();
                }
                None
            }
            BoardMsg::VerifyKey { key, reply } => {
                let _ = reply.send(crate::keys::matches(&key, &self.key_digest));
                None
            }
            // Handled by the task's loop, which must stop.
            BoardMsg::Close { .. } => None,
            BoardMsg::Outputs { reply } => {
                let committed = &self.committed;
                let workshop = self
                    .shared_committed
                    .get_or_insert_with(|| Arc::new(committed.clone()))
                    .clone();
                let _ = reply.send(crate::outputs::Source {
                    seq: self.committed_seq,
                    workshop,
                    outputs_key: self.outputs_key.clone(),
                    cache: self.outputs_cache.clone(),
                });
                None
            }
        }
    }

    fn connect(
        &mut self,
        conn: ConnId,
        credential: Credential,
        last_seq: Option<u64>,
        outlet: Outlet,
    ) -> Result<Actor, Rejection> {
        if self.subscribers.len() >= self.tuning.max_connections {
            return Err(Rejection::new(
                RejectionCode::BoardFull,
                format!(
                    "this board already has {} screens connected, the most it takes",
                    self.subscribers.len()
                ),
            ));
        }
        let (actor, token) = match credential {
            Credential::Facilitator { key } => {
                if !crate::keys::matches(&key, &self.key_digest) {
                    return Err(Rejection::new(
                        RejectionCode::NotAllowed,
                        "this facilitator link is not valid for this workshop",
                    ));
                }
                (Actor::Facilitator, None)
            }
            Credential::Participant { token } => {
                if !valid_token(&token) {
                    return Err(Rejection::new(
                        RejectionCode::Invalid,
                        "a participant token is 16 to 64 letters, digits, '-' or '_'",
                    ));
                }
                let token = crate::keys::token_digest(&token);
                let actor = match self.tokens.get(&token) {
                    Some(id)
                        if self
                            .committed
                            .participants
                            .get(id)
                            .is_some_and(|p| p.removed) =>
                    {
                        return Err(Rejection::detailed(
                            RejectionCode::NotAllowed,
                            panneau_shared::Detail::TakenOff,
                        ));
                    }
                    Some(id) => Actor::Participant { id: *id },
                    None => Actor::Guest,
                };
                (actor, Some(token))
            }
            Credential::Wall => (Actor::Wall, None),
        };
        let welcome = ServerMsg::Welcome {
            protocol: PROTOCOL_VERSION,
            you: actor,
            server_time_ms: now_ms(),
            outputs_key: (actor == Actor::Facilitator).then(|| self.outputs_key.clone()),
        };
        // The queue is fresh and larger than a catch-up, so these cannot fail for space;
        // if the connection is already gone, it will send `Disconnect` and we forget it.
        let mut queued = outlet.offer(&frame(&welcome)).is_ok();
        match self.replay_since(last_seq) {
            Some(events) => {
                for (seq, event, audience) in events {
                    if !self.committed.reaches(&actor, *audience) {
                        continue;
                    }
                    let msg = ServerMsg::Event {
                        seq: *seq,
                        event: event.clone(),
                    };
                    queued &= outlet.offer(&frame(&msg)).is_ok();
                }
            }
            None => {
                queued &= outlet.offer(&self.snapshot_for(&actor)).is_ok();
            }
        }
        if queued {
            self.subscribers.insert(
                conn,
                Subscriber {
                    actor,
                    token,
                    outlet,
                },
            );
            self.presence_changed();
        }
        Ok(actor)
    }

    /// The durable events after `last_seq`, when they are all still in memory and none
    /// of them changed what everyone may see (then only a fresh view is right).
    ///
    /// Who may see each event is checked against the current state: between two resyncs,
    /// visibility only narrows (an idea withdrawn stays with its author), so a replayed
    /// event reaches exactly those it reached live.
    fn replay_since(
        &self,
        last_seq: Option<u64>,
    ) -> Option<impl Iterator<Item = &(u64, Event, Audience)>> {
        let last = last_seq?;
        if last > self.committed_seq {
            return None;
        }
        let oldest_needed = last + 1;
        let oldest_kept = self
            .recent
            .front()
            .map_or(self.committed_seq + 1, |(s, _, _)| *s);
        // A replay must fit in the connection's queue; beyond that a snapshot is smaller.
        let missed = self.committed_seq - last;
        if oldest_needed < oldest_kept || missed as usize > QUEUE_CAPACITY / 2 {
            return None;
        }
        let missed = self.recent.iter().filter(move |(s, _, _)| *s > last);
        if missed.clone().any(|(_, _, a)| *a == Audience::Resync) {
            return None;
        }
        Some(missed)
    }
}

/// The next message from the other hubs; never, when there are none.
async fn next_incoming(inbound: &mut Option<Inbound>) -> Option<Incoming> {
    match inbound {
        Some(inbound) => inbound.next().await,
        None => std::future::pending().await,
    }
}

fn valid_token(token: &str) -> bool {
    (16..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
