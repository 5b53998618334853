//! The registry of live boards: finds a board's task, loading it from storage on first use.

use crate::board::{self, BoardHandle, Place, Registry, Tuning};
use crate::cluster::relay::Relay;
use crate::storage::{NewBoard, StorageError, Store};
use panneau_shared::{Event, Rejection, RejectionCode};
use rand::Rng;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// Join codes avoid letters and digits that read alike on a projector (0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 6;

pub struct Hub {
    boards: Registry,
    /// Codes of boards deleted (or being deleted) since the server started: they open
    /// nothing, even while their rows are being erased.
    deleted: dashmap::DashSet<String>,
    store: Store,
    /// The way to the other hubs, when there are several.
    relay: Option<Relay>,
    /// One turn per code being loaded (see [`Hub::board`]).
    loading: dashmap::DashMap<String, Arc<tokio::sync::Mutex<()>>>,
    tuning: Tuning,
    next_conn: AtomicU64,
    open_connections: AtomicUsize,
    /// Told when the last connection ends (see [`Hub::connections_ended`]).
    all_closed: tokio::sync::Notify,
}

/// Counts a connection as open for as long as it lives.
pub struct ConnectionGuard<'a>(&'a Hub);

impl Drop for ConnectionGuard<'_> {
    fn drop(&mut self) {
        if self.0.open_connections.fetch_sub(1, Ordering::Relaxed) == 1 {
            self.0.all_closed.notify_waiters();
        }
    }
}

/// What the creator of a workshop gets back.
pub struct Created {
    pub code: String,
    pub facilitator_key: String,
}

impl Hub {
    pub fn new(store: Store, relay: Option<Relay>, tuning: Tuning) -> Hub {
        Hub {
            boards: Registry::default(),
            deleted: dashmap::DashSet::new(),
            store,
            relay,
            loading: dashmap::DashMap::new(),
            tuning,
            next_conn: AtomicU64::new(1),
            open_connections: AtomicUsize::new(0),
            all_closed: tokio::sync::Notify::new(),
        }
    }

    pub fn track_connection(&self) -> ConnectionGuard<'_> {
        self.open_connections.fetch_add(1, Ordering::Relaxed);
        ConnectionGuard(self)
    }

    /// WebSocket connections open right now.
    pub fn open_connections(&self) -> usize {
        self.open_connections.load(Ordering::Relaxed)
    }

    /// Resolves once no WebSocket connection is open (a stopping server waits for their
    /// closing handshakes).
    pub async fn connections_ended(&self) {
        loop {
            let ended = self.all_closed.notified();
            if self.open_connections() == 0 {
                return;
            }
            ended.await;
        }
    }

    /// How many boards are loaded in memory right now.
    pub fn live_boards(&self) -> usize {
        self.boards.len()
    }

    /// How many of them another hub owns (this one keeps a copy for its screens).
    pub fn followed_boards(&self) -> usize {
        self.boards.iter().filter(|b| b.is_following()).count()
    }

    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Stores a new board under a fresh code.
    pub async fn create(&self, created: Event) -> Result<Created, StorageError> {
        loop {
            let (code, facilitator_key) = {
                let mut rng = rand::rng();
                let code: String = (0..CODE_LEN)
                    .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                    .collect();
                let key: String = (0..32)
                    .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                    .collect();
                (code, key.to_lowercase())
            };
            // A code deleted since the server started stays unreachable: draw again.
            if self.deleted.contains(&code) {
                continue;
            }
            let board = NewBoard {
                code: code.clone(),
                key_digest: crate::keys::digest(&facilitator_key),
                created: created.clone(),
                created_at_ms: board::now_ms(),
            };
            match self.store.create_board(board).await {
                Ok(()) => {
                    return Ok(Created {
                        code,
                        facilitator_key,
                    })
                }
                // A collision among a billion codes: draw again.
                Err(StorageError::CodeTaken(_)) => continue,
                Err(err) => return Err(err),
            }
        }
    }

    /// The live task of board `code`, loading it if needed. Loads of one code take turns
    /// (a second waits and finds the first's task), so that one hub never holds two
    /// leases on a board, the older fenced off by the newer. No map guard is held while
    /// storage is read.
    pub async fn board(&self, code: &str) -> Result<BoardHandle, Rejection> {
        let code = normalise_code(code).ok_or_else(unknown_board)?;
        if self.deleted.contains(&code) {
            return Err(unknown_board());
        }
        if let Some(handle) = self.live(&code) {
            return Ok(handle);
        }
        let turn = self.loading.entry(code.clone()).or_default().clone();
        let _turn = turn.lock().await;
        let loaded = match self.live(&code) {
            Some(handle) => Ok(handle),
            None => self.load(&code).await,
        };
        drop(_turn);
        drop(turn);
        self.loading
            .remove_if(&code, |_, turn| Arc::strong_count(turn) == 1);
        loaded
    }

    /// The running task of `code`, if any.
    fn live(&self, code: &str) -> Option<BoardHandle> {
        self.boards
            .get(code)
            .filter(|handle| !handle.is_closed())
            .map(|handle| handle.clone())
    }

    /// Reads board `code` from storage and starts its task: as its owner, or, when another
    /// hub holds it and there is a relay, as a follower keeping a copy for our screens.
    async fn load(&self, code: &str) -> Result<BoardHandle, Rejection> {
        if self.cut_off() {
            return Err(cut_off());
        }
        let (stored, place) = match (self.store.load_board(code).await, &self.relay) {
            (Ok(Some(stored)), None) => (stored, Place::Alone),
            (Ok(Some(stored)), Some(relay)) => match relay.own(code).await {
                Ok(link) => (stored, Place::Owner(link)),
                Err(err) => {
                    // Served from here alone, the board would leave other hubs' screens
                    // out: give it back for a hub that reaches them all.
                    tracing::error!(%err, %code, "the relay is out of reach; giving the board back");
                    self.store.release(code, stored.epoch).await;
                    return Err(cut_off());
                }
            },
            (Ok(None), _) => return Err(unknown_board()),
            (Err(StorageError::OwnedElsewhere { owner, .. }), Some(relay)) => {
                tracing::debug!(%code, %owner, "following a board another hub serves");
                // Subscribed before reading, so that no batch falls in between.
                let link = relay.follow(code).await.map_err(|err| {
                    tracing::error!(%err, %code, "the relay is out of reach");
                    unavailable("the workshop's hub cannot be reached just now; retry shortly")
                })?;
                let stored = self
                    .store
                    .read_board(code)
                    .await
                    .map_err(|err| {
                        tracing::error!(%err, %code, "reading a board failed");
                        unavailable("the board could not be loaded; retry shortly")
                    })?
                    .ok_or_else(unknown_board)?;
                (stored, Place::Follower(link))
            }
            (Err(StorageError::OwnedElsewhere { owner, .. }), None) => {
                tracing::debug!(%code, %owner, "board served by another hub, and no relay");
                return Err(unavailable(
                    "this workshop is served by another hub just now; retry shortly",
                ));
            }
            (Err(err), _) => {
                tracing::error!(%err, %code, "loading a board failed");
                return Err(unavailable("the board could not be loaded; retry shortly"));
            }
        };
        // Deleted while it was being read (see `expire`): it is gone, and so is the
        // lease its reading took.
        if self.deleted.contains(code) {
            self.store.release(code, stored.epoch).await;
            return Err(unknown_board());
        }
        let handle = board::spawn(
            stored,
            self.store.clone(),
            self.tuning,
            self.boards.clone(),
            place,
        );
        self.boards.insert(code.to_owned(), handle.clone());
        Ok(handle)
    }

    /// Deletes board `code` for good, if `key` is its facilitator key: its live task lets
    /// every connection go, then everything stored about it is erased. From the moment the
    /// key is checked, the code opens nothing (so no connection reloads it meanwhile).
    pub async fn delete(&self, code: &str, key: &str) -> Result<(), Rejection> {
        let board = self.board(code).await?;
        let code = normalise_code(code).ok_or_else(unknown_board)?;
        let (reply, answer) = tokio::sync::oneshot::channel();
        let asked = board
            .send(board::BoardMsg::VerifyKey {
                key: key.to_owned(),
                reply,
            })
            .await;
        if !asked || !answer.await.unwrap_or(false) {
            return Err(Rejection::new(
                RejectionCode::NotAllowed,
                "this facilitator key does not delete this workshop",
            ));
        }
        self.deleted.insert(code.clone());
        let (reply, closed) = tokio::sync::oneshot::channel();
        if board.send(board::BoardMsg::Close { reply }).await {
            let _ = closed.await;
        }
        self.forget(&code).await
    }

    /// Erases what is stored about `code` (whose task, if any, has stopped).
    async fn forget(&self, code: &str) -> Result<(), Rejection> {
        self.store.delete_board(code).await.map_err(|err| {
            tracing::error!(%err, %code, "deleting a board failed");
            Rejection::new(
                RejectionCode::Unavailable,
                "the workshop could not be deleted; retry",
            )
        })?;
        tracing::info!(%code, "workshop deleted");
        Ok(())
    }

    /// Deletes the boards nothing has happened on for `retention`, but those in use now.
    pub async fn expire(&self, retention: std::time::Duration) -> usize {
        let before = board::now_ms().saturating_sub(retention.as_millis() as u64);
        let idle = match self.store.idle_boards(before).await {
            Ok(idle) => idle,
            Err(err) => {
                tracing::error!(%err, "listing idle boards failed");
                return 0;
            }
        };
        let mut expired = 0;
        for code in idle {
            if self.boards.contains_key(&code) {
                continue;
            }
            self.deleted.insert(code.clone());
            // Loaded meanwhile by a connection: it is in use after all.
            if self.boards.contains_key(&code) {
                self.deleted.remove(&code);
                continue;
            }
            match self.store.delete_idle(&code, before).await {
                Ok(true) => {
                    tracing::info!(%code, "workshop deleted after the retention period");
                    expired += 1;
                }
                // Another hub took it up since it was listed: it stays.
                Ok(false) => {
                    self.deleted.remove(&code);
                }
                Err(err) => tracing::error!(%err, %code, "deleting an idle board failed"),
            }
        }
        expired
    }

    /// Extends the leases of the boards served here; those lost come back, each with the
    /// epoch it was held under.
    pub async fn renew_leases(&self) -> Result<Vec<(String, u64)>, StorageError> {
        self.store.renew_leases().await
    }

    /// Stops serving board `code` here, if this hub still serves it under the lease of
    /// `epoch` (it went to another hub): its task finishes the writes in flight and lets
    /// every connection go; they come back and find the board where it is served now.
    pub async fn let_go(&self, code: &str, epoch: u64) {
        let owned = self
            .boards
            .get(code)
            .filter(|b| b.owns_under(epoch))
            .map(|b| b.clone());
        if let Some(board) = owned {
            close(board).await;
        }
    }

    /// Whether this hub is one of several and cannot reach the others (NATS is out of
    /// its reach): it then serves no board, for a board served from here could not be
    /// followed by the screens connected elsewhere.
    pub fn cut_off(&self) -> bool {
        self.relay.as_ref().is_some_and(|relay| !relay.connected())
    }

    /// Whether this hub can serve screens now: it reaches the other hubs, and its leases
    /// surely hold. What `/healthz` tells a load balancer.
    pub fn ready(&self) -> Result<(), &'static str> {
        if self.cut_off() {
            Err("cut off from the other hubs (NATS is out of reach)")
        } else if !self.store.leases_hold() {
            Err("the leases cannot be renewed (the database is out of reach)")
        } else {
            Ok(())
        }
    }

    /// Stops serving every board here.
    pub async fn let_go_all(&self) {
        let boards: Vec<BoardHandle> = self.boards.iter().map(|b| b.value().clone()).collect();
        for board in boards {
            close(board).await;
        }
    }

    /// Forgets every board task; each finishes its pending writes and stops.
    pub fn close(&self) {
        self.boards.clear();
    }
}

/// Asks a board task to stop and waits until it has.
async fn close(board: BoardHandle) {
    let (reply, closed) = tokio::sync::oneshot::channel();
    if board.send(board::BoardMsg::Close { reply }).await {
        let _ = closed.await;
    }
}

fn cut_off() -> Rejection {
    unavailable("this hub cannot reach the other hubs just now; retry shortly")
}

fn unavailable(message: &str) -> Rejection {
    Rejection::new(RejectionCode::Unavailable, message)
}

fn unknown_board() -> Rejection {
    Rejection::new(
        RejectionCode::Invalid,
        "there is no workshop with this code; check the code on the wall",
    )
}

/// Codes are typed by people: accept lower case and surrounding spaces.
pub fn normalise_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}
