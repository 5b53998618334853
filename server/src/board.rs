//! One task per live board: it owns the board's `Workshop`, decides commands in order,
//! persists the events, then broadcasts them and acknowledges the sender.
//!
//! The task keeps two copies of the state. `state` runs ahead: every accepted command is
//! applied at once so the next one is decided against it without waiting for the disk.
//! `committed` only advances when storage confirms a batch; snapshots, replays and
//! broadcasts come from it. So a client is never told anything a crash could take back.

use crate::connection::OUTBOX_CAPACITY;
use crate::storage::OP_MEMORY;
use crate::storage::{Append, StorageError, Store, StoredBoard, StoredEvent};
use dashmap::DashMap;
use futures_util::stream::{FuturesOrdered, StreamExt};
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

/// Outgoing frames of one connection.
pub type Outbox = mpsc::Sender<Frame>;

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

/// Messages a board task accepts.
pub enum BoardMsg {
    /// A connection said hello; on success the task has queued the welcome and the state.
    Connect {
        conn: ConnId,
        credential: Credential,
        last_seq: Option<u64>,
        outbox: Outbox,
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
}

/// The hub's map of live boards; a board task removes itself from it when it unloads.
pub type Registry = Arc<DashMap<String, BoardHandle>>;

impl BoardHandle {
    /// Sends a message; `false` when the task has stopped.
    pub async fn send(&self, msg: BoardMsg) -> bool {
        self.tx.send(msg).await.is_ok()
    }

    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

struct Subscriber {
    actor: Actor,
    /// The digest of this connection's participant token (see [`crate::keys`]), bound to
    /// a participant when it joins.
    token: Option<String>,
    outbox: Outbox,
}

/// An accepted command whose events are being written.
struct Pending {
    /// Connections waiting for the `ack` (the sender, and any that retried the same op).
    waiters: Vec<(ConnId, String)>,
    events: Vec<(u64, Event)>,
}

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
}

/// Starts the task of a board loaded from storage.
pub fn spawn(stored: StoredBoard, store: Store, tuning: Tuning, registry: Registry) -> BoardHandle {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let (tx, rx) = mpsc::channel(1024);
    let board = Board::restore(stored, store, tuning, id, registry);
    tokio::spawn(board.run(rx));
    BoardHandle { tx, id }
}

/// Scopes an `op_id` to whoever sent it, so one client cannot pre-empt another's retry.
/// Participants are scoped by their token (its digest) rather than their id: a guest's `join`
/// retried after it succeeded must still be recognised.
fn op_key(subscriber: &Subscriber, op_id: &str) -> String {
    match (&subscriber.token, subscriber.actor) {
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
        }
    }

    async fn run(mut self, mut inbox: mpsc::Receiver<BoardMsg>) {
        let mut writes = FuturesOrdered::new();
        let mut idle_since = Instant::now();
        let mut closing = None;
        loop {
            let idle = self.subscribers.is_empty() && writes.is_empty();
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
                        return;
                    }
                }
                () = tokio::time::sleep_until(self.presence_due.unwrap_or_else(Instant::now)), if self.presence_due.is_some() => {
                    self.presence_due = None;
                    self.broadcast_presence();
                }
            }
        }
        while let Some(outcome) = writes.next().await {
            if self.on_written(outcome).is_err() {
                return;
            }
        }
        if let Some(reply) = closing {
            // Deleted: every socket ends (their clients come back to find no workshop).
            self.subscribers.clear();
            self.unload(inbox).await;
            let _ = reply.send(());
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
        // run out.
        self.store.release(&self.code, self.epoch).await;
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
                outbox,
                reply,
            } => {
                let outcome = self.connect(conn, credential, last_seq, outbox);
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
        outbox: Outbox,
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
        // The outbox is fresh and larger than a catch-up, so these cannot fail for space;
        // if the connection is already gone, it will send `Disconnect` and we forget it.
        let mut queued = outbox.try_send(frame(&welcome)).is_ok();
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
                    queued &= outbox.try_send(frame(&msg)).is_ok();
                }
            }
            None => {
                queued &= outbox.try_send(self.snapshot_for(&actor)).is_ok();
            }
        }
        if queued {
            self.subscribers.insert(
                conn,
                Subscriber {
                    actor,
                    token,
                    outbox,
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
        if oldest_needed < oldest_kept || missed as usize > OUTBOX_CAPACITY / 2 {
            return None;
        }
        let missed = self.recent.iter().filter(move |(s, _, _)| *s > last);
        if missed.clone().any(|(_, _, a)| *a == Audience::Resync) {
            return None;
        }
        Some(missed)
    }

    async fn command(
        &mut self,
        conn: ConnId,
        op_id: String,
        command: Command,
        on_behalf_of: Option<ParticipantId>,
    ) -> Option<oneshot::Receiver<Result<(), StorageError>>> {
        let subscriber = self.subscribers.get(&conn)?;
        let actor = match (subscriber.actor, on_behalf_of) {
            (actor, None) => actor,
            (Actor::Facilitator, Some(id)) => Actor::Proxy { id },
            (_, Some(_)) => {
                let refusal = Rejection::new(
                    RejectionCode::NotAllowed,
                    "only the facilitator can act on behalf of a participant",
                );
                self.send_to(conn, &ServerMsg::rejected(Some(op_id), refusal));
                return None;
            }
        };
        let key = op_key(subscriber, &op_id);
        if let Some(&seq) = self.ops.get(&key) {
            // A retry. Answer it once the original is durable, never apply it again.
            if seq <= self.committed_seq {
                self.send_to(conn, &ServerMsg::Ack { op_id, seq });
            } else if let Some(pending) = self
                .pending
                .iter_mut()
                .find(|p| p.events.last().map(|(s, _)| *s) == Some(seq))
            {
                pending.waiters.push((conn, op_id));
            }
            return None;
        }
        let events = match self.state.decide(&actor, &command, now_ms()) {
            Ok(events) => events,
            Err(rejection) => {
                self.send_to(conn, &ServerMsg::rejected(Some(op_id), rejection));
                return None;
            }
        };
        let mut tokens = Vec::new();
        let mut stored = Vec::with_capacity(events.len());
        let mut sequenced = Vec::with_capacity(events.len());
        for event in events {
            self.assigned_seq += 1;
            self.state.apply(&event);
            if let Event::Joined { participant } = &event {
                let token = self.subscribers.get(&conn).and_then(|s| s.token.clone());
                if let Some(token) = token {
                    self.tokens.insert(token.clone(), participant.id);
                    tokens.push((token, participant.id));
                }
            }
            stored.push(StoredEvent {
                seq: self.assigned_seq,
                op_id: Some(key.clone()),
                actor,
                event: event.clone(),
            });
            sequenced.push((self.assigned_seq, event));
        }
        self.remember_op(key, self.assigned_seq);
        // A snapshot is an optimisation of loading: if one could not be made, the log
        // alone still rebuilds the board, so the events are written regardless.
        let snapshot = if self.assigned_seq - self.snapshot_seq >= self.tuning.snapshot_every {
            self.snapshot_seq = self.assigned_seq;
            serde_json::to_string(&self.state)
                .ok()
                .map(|body| (self.assigned_seq, body))
        } else {
            None
        };
        self.pending.push_back(Pending {
            waiters: vec![(conn, op_id)],
            events: sequenced,
        });
        let write = self
            .store
            .append(Append {
                code: self.code.clone(),
                epoch: self.epoch,
                events: stored,
                tokens,
                snapshot,
            })
            .await;
        Some(write)
    }

    /// A batch is durable (or failed): tell everyone, in order.
    fn on_written(
        &mut self,
        outcome: Result<Result<(), StorageError>, oneshot::error::RecvError>,
    ) -> Result<(), ()> {
        let pending = self
            .pending
            .pop_front()
            .expect("one pending entry per queued write");
        if !matches!(outcome, Ok(Ok(()))) {
            // The state ran ahead of the disk. Tell the waiting senders, drop every
            // connection (they resume) and stop: the next connection reloads the board
            // from what storage really holds, wherever it is served now.
            if let Ok(Err(StorageError::Fenced)) = outcome {
                tracing::warn!(board = %self.code, "another hub took the board over; letting it go");
            } else {
                tracing::error!(board = %self.code, "storage failed; unloading the board");
            }
            let unavailable = Rejection::new(
                RejectionCode::Unavailable,
                "the server could not save this change; please retry",
            );
            let mut failed = vec![pending];
            failed.extend(self.pending.drain(..));
            for pending in failed {
                for (conn, op_id) in pending.waiters {
                    self.send_to(conn, &ServerMsg::rejected(Some(op_id), unavailable.clone()));
                }
            }
            self.subscribers.clear();
            return Err(());
        }
        let joined = pending
            .events
            .iter()
            .any(|(_, event)| matches!(event, Event::Joined { .. }));
        let removed: Vec<ParticipantId> = pending
            .events
            .iter()
            .filter_map(|(_, event)| match event {
                Event::ParticipantRemoved { participant } => Some(*participant),
                _ => None,
            })
            .collect();
        let mut resync = false;
        for (seq, event) in pending.events {
            let audience = self.committed.audience(&event);
            self.committed.apply(&event);
            self.committed_seq = seq;
            self.shared_committed = None;
            if audience == Audience::Resync {
                // Several in a row (groups formed, then the phase) make one fresh view.
                resync = true;
            } else {
                if resync {
                    self.resync_all();
                    resync = false;
                }
                let msg = ServerMsg::Event {
                    seq,
                    event: event.clone(),
                };
                self.deliver(&msg, audience);
            }
            self.recent.push_back((seq, event, audience));
            if self.recent.len() > self.tuning.replay_window {
                self.recent.pop_front();
            }
        }
        if resync {
            self.resync_all();
        }
        let seq = self.committed_seq;
        for (conn, op_id) in pending.waiters {
            self.send_to(conn, &ServerMsg::Ack { op_id, seq });
        }
        // Only a join changes who a connection is; other batches skip the scan.
        if joined {
            self.refresh_identities();
        }
        // Someone taken off the board leaves it on every device, now.
        if !removed.is_empty() {
            let gone: Vec<ConnId> = self
                .subscribers
                .iter()
                .filter(
                    |(_, s)| matches!(s.actor, Actor::Participant { id } if removed.contains(&id)),
                )
                .map(|(conn, _)| *conn)
                .collect();
            // Their outboxes close: the sockets end, and a reconnection is refused.
            for conn in gone {
                self.subscribers.remove(&conn);
            }
            self.presence_changed();
        }
        Ok(())
    }

    /// A guest whose join became durable is now that participant.
    fn refresh_identities(&mut self) {
        let mut changed = false;
        for subscriber in self.subscribers.values_mut() {
            if subscriber.actor != Actor::Guest {
                continue;
            }
            let Some(id) = subscriber.token.as_ref().and_then(|t| self.tokens.get(t)) else {
                continue;
            };
            if !self.committed.participants.contains_key(id) {
                continue;
            }
            subscriber.actor = Actor::Participant { id: *id };
            let msg = ServerMsg::You {
                you: subscriber.actor,
            };
            let _ = subscriber.outbox.try_send(frame(&msg));
            changed = true;
        }
        if changed {
            self.presence_changed();
        }
    }

    fn remember_op(&mut self, key: String, seq: u64) {
        self.ops.insert(key.clone(), seq);
        self.op_order.push_back(key);
        if self.op_order.len() > OP_MEMORY {
            if let Some(old) = self.op_order.pop_front() {
                self.ops.remove(&old);
            }
        }
    }

    /// Live drag positions go to everyone else at once: not sequenced, not stored. The
    /// same rule as a real move decides whether the drag is allowed.
    fn drag(&mut self, conn: ConnId, card: panneau_shared::CardId, x: f32, y: f32) {
        let Some(subscriber) = self.subscribers.get(&conn) else {
            return;
        };
        let actor = subscriber.actor;
        let probe = Command::MoveCard { card, x, y };
        if let Err(rejection) = self.committed.decide(&actor, &probe, now_ms()) {
            self.send_to(conn, &ServerMsg::rejected(None, rejection));
            return;
        }
        let bytes = frame(&ServerMsg::Drag {
            card,
            x,
            y,
            by: actor,
        });
        self.fan_out(&bytes, Some(conn), Audience::Card(card));
    }

    /// Who is connected changed: everyone hears of it within [`PRESENCE_EVERY`].
    fn presence_changed(&mut self) {
        if self.presence_due.is_none() {
            self.presence_due = Some(Instant::now() + PRESENCE_EVERY);
        }
    }

    fn broadcast_presence(&mut self) {
        let mut devices: std::collections::BTreeMap<ParticipantId, u32> = Default::default();
        for subscriber in self.subscribers.values() {
            if let Actor::Participant { id } = subscriber.actor {
                *devices.entry(id).or_default() += 1;
            }
        }
        let (participants, devices): (Vec<ParticipantId>, Vec<u32>) = devices.into_iter().unzip();
        let count = |role: Actor| {
            self.subscribers
                .values()
                .filter(|s| s.actor == role)
                .count() as u32
        };
        let msg = ServerMsg::Presence {
            participants,
            devices,
            facilitators: count(Actor::Facilitator),
            walls: count(Actor::Wall),
        };
        self.broadcast(&msg);
    }

    /// Serialises once and shares the bytes with every subscriber.
    fn broadcast(&mut self, msg: &ServerMsg) {
        self.deliver(msg, Audience::Everyone);
    }

    /// Serialises once and shares the bytes with every subscriber that may see it.
    fn deliver(&mut self, msg: &ServerMsg, audience: Audience) {
        self.fan_out(&frame(msg), None, audience);
    }

    fn fan_out(&mut self, bytes: &Frame, except: Option<ConnId>, audience: Audience) {
        let mut too_slow = Vec::new();
        for (conn, subscriber) in &self.subscribers {
            if Some(*conn) == except || !self.committed.reaches(&subscriber.actor, audience) {
                continue;
            }
            if subscriber.outbox.try_send(bytes.clone()).is_err() {
                too_slow.push(*conn);
            }
        }
        self.drop_subscribers(too_slow);
    }

    /// The board as `viewer` may see it now, serialised.
    fn snapshot_for(&self, viewer: &Actor) -> Frame {
        frame(&ServerMsg::Snapshot {
            seq: self.committed_seq,
            state: Box::new(self.committed.view_for(viewer)),
        })
    }

    /// What everyone may see changed as a whole: each connection gets a fresh view.
    /// Views are serialised once per identity (a person on two devices shares one).
    fn resync_all(&mut self) {
        let mut views: HashMap<Actor, Frame> = HashMap::new();
        let mut too_slow = Vec::new();
        for (conn, subscriber) in &self.subscribers {
            let bytes = views
                .entry(subscriber.actor)
                .or_insert_with(|| self.snapshot_for(&subscriber.actor));
            if subscriber.outbox.try_send(bytes.clone()).is_err() {
                too_slow.push(*conn);
            }
        }
        self.drop_subscribers(too_slow);
    }

    fn send_to(&mut self, conn: ConnId, msg: &ServerMsg) {
        let Some(subscriber) = self.subscribers.get(&conn) else {
            return;
        };
        if subscriber.outbox.try_send(frame(msg)).is_err() {
            self.drop_subscribers(vec![conn]);
        }
    }

    /// A connection whose queue is full cannot keep up: dropping its outbox closes it,
    /// so memory stays bounded; the client reconnects and resumes from its last `seq`.
    fn drop_subscribers(&mut self, conns: Vec<ConnId>) {
        if conns.is_empty() {
            return;
        }
        for conn in conns {
            tracing::info!(board = %self.code, conn, "dropping a connection that cannot keep up");
            self.subscribers.remove(&conn);
        }
        self.presence_changed();
    }
}

fn valid_token(token: &str) -> bool {
    (16..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
