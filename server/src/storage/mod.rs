//! Durable storage of boards: a blocking [`Backend`] (SQLite by default, PostgreSQL past
//! one machine) driven by one writer thread that commits every queued append in a single
//! transaction.
//!
//! Why a thread and not `spawn_blocking` per write: group commit. While one transaction
//! is being fsynced, the appends of every board pile up in the channel; the next loop
//! turn takes them all and pays for one fsync. A burst costs one commit, not one per event.
//!
//! A backend shared by several hubs (PostgreSQL) also decides which hub owns a board: it
//! hands out a lease with an `epoch` when a board is loaded, and writes a board's events
//! only while that epoch is still the board's (see `postgres.rs`). A single-process
//! backend owns every board for good, at epoch 0.

pub mod postgres;
pub mod sqlite;

pub use postgres::Postgres;
pub use sqlite::Sqlite;

use panneau_shared::{Actor, Event, ParticipantId, Workshop};
use std::sync::Arc;
use std::thread;
use tokio::sync::{mpsc, oneshot};

/// Something went wrong below us; the command that caused it was not applied.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("board code {0} is already taken")]
    CodeTaken(String),
    #[error("the storage thread has stopped")]
    Stopped,
    /// Another hub holds the board's lease and serves it.
    #[error("board {code} is served by hub {owner}")]
    OwnedElsewhere { code: String, owner: String },
    /// This hub's lease on the board was taken over: nothing of the append was written.
    #[error("this hub no longer owns the board")]
    Fenced,
}

/// A board about to be created.
pub struct NewBoard {
    pub code: String,
    /// The digest of the facilitator key; the key itself is never stored.
    pub key_digest: String,
    pub created: Event,
    pub created_at_ms: u64,
}

/// One event as stored: its sequence number, who caused it and with which `op_id`.
pub struct StoredEvent {
    pub seq: u64,
    pub op_id: Option<String>,
    pub actor: Actor,
    pub event: Event,
}

/// Everything needed to bring a board back to life: the latest snapshot, the events
/// after it, and enough history to recognise retried commands.
pub struct StoredBoard {
    pub code: String,
    pub key_digest: String,
    /// This hub's lease on the board: every append carries it back, and is written only
    /// while no other hub has taken the board since.
    pub epoch: u64,
    /// The state as of `seq`, when one was taken.
    pub snapshot: Option<(u64, Workshop)>,
    /// The events after the snapshot (all of them when there is none).
    pub events: Vec<StoredEvent>,
    /// The most recent scoped `op_id`s and the seq of their last event, oldest first.
    pub ops: Vec<(String, u64)>,
    /// Digests of participant tokens and whom they stand for.
    pub tokens: Vec<(String, ParticipantId)>,
}

/// What a copy of a board missed: the events after its last, and the board's tokens.
pub struct Missed {
    pub events: Vec<StoredEvent>,
    pub tokens: Vec<(String, ParticipantId)>,
}

/// New events of one board, plus the tokens of participants who joined with them and,
/// every so often, a snapshot of the state after the last of them.
pub struct Append {
    pub code: String,
    /// The lease the board was loaded with ([`StoredBoard::epoch`]).
    pub epoch: u64,
    pub events: Vec<StoredEvent>,
    pub tokens: Vec<(String, ParticipantId)>,
    pub snapshot: Option<(u64, String)>,
}

/// How many recent `op_id`s a loaded board remembers.
pub const OP_MEMORY: usize = 100_000;

/// How hard a commit tries to reach the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Sync {
    /// A commit is on disk when it returns: survives a crash of the machine.
    Full,
    /// No fsync: survives a crash of the server, not of the machine. For benchmarks.
    Off,
}

/// The blocking storage contract, implemented by [`Sqlite`] and [`Postgres`]; the board
/// logic knows neither.
pub trait Backend: Send + 'static {
    fn create_board(&mut self, board: &NewBoard) -> Result<(), StorageError>;
    /// Reads a board and takes its lease; [`StorageError::OwnedElsewhere`] while another
    /// hub holds it.
    fn load_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError>;
    /// Reads a board another hub serves, without taking its lease: the copy a hub keeps
    /// of a board for its own screens (see `cluster::relay`).
    fn read_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError>;
    /// The events of board `code` after `seq` as far as they are durable, and every token
    /// of the board: what a copy missed.
    fn read_after(&mut self, code: &str, seq: u64) -> Result<Missed, StorageError>;
    /// Writes `appends` durably in one transaction; when it returns `Ok`, they survive a
    /// crash. Returns the codes of boards whose lease another hub took meanwhile: nothing
    /// of theirs was written (always none for a single process).
    fn append(&mut self, appends: &[Append]) -> Result<Vec<String>, StorageError>;
    /// Deletes a board and everything stored about it; `false` when there was none.
    fn delete_board(&mut self, code: &str) -> Result<bool, StorageError>;
    /// The boards nothing has happened on since `before_ms` (and no hub serves).
    fn idle_boards(&mut self, before_ms: u64) -> Result<Vec<String>, StorageError>;
    /// Deletes board `code` if it is still idle since `before_ms` and no hub serves it
    /// (one may have loaded it since it was listed); `false` when it was not deleted.
    fn delete_idle(&mut self, code: &str, _before_ms: u64) -> Result<bool, StorageError> {
        self.delete_board(code)
    }
    /// Extends every lease this hub holds; returns the boards whose lease was lost, each
    /// with the epoch it was held under.
    fn renew_leases(&mut self) -> Result<Vec<(String, u64)>, StorageError> {
        Ok(Vec::new())
    }
    /// Gives board `code` up (it unloaded), so another hub may take it at once.
    fn release(&mut self, _code: &str, _epoch: u64) -> Result<(), StorageError> {
        Ok(())
    }
    /// Gives every board up: the hub is stopping.
    fn release_all(&mut self) -> Result<(), StorageError> {
        Ok(())
    }
    /// How long a lease lasts, for a backend shared by several hubs.
    fn lease(&self) -> Option<std::time::Duration> {
        None
    }
    /// Housekeeping that must run on the writer's connection, between two commits, once
    /// the waiting appends have their answers.
    fn tend(&mut self) {}
}

enum Request {
    /// Boxed: a board's first event is large, and every slot of the queue is as large
    /// as the largest request.
    Create(Box<NewBoard>, oneshot::Sender<Result<(), StorageError>>),
    Load(
        String,
        oneshot::Sender<Result<Option<StoredBoard>, StorageError>>,
    ),
    Append(Append, oneshot::Sender<Result<(), StorageError>>),
    Delete(String, oneshot::Sender<Result<bool, StorageError>>),
    DeleteIdle(String, u64, oneshot::Sender<Result<bool, StorageError>>),
    Idle(u64, oneshot::Sender<Result<Vec<String>, StorageError>>),
    Read(
        String,
        oneshot::Sender<Result<Option<StoredBoard>, StorageError>>,
    ),
    ReadAfter(String, u64, oneshot::Sender<Result<Missed, StorageError>>),
    Renew(oneshot::Sender<Result<Vec<(String, u64)>, StorageError>>),
    Release(String, u64),
}

/// Cheap-to-clone handle to the writer thread.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::Sender<Request>,
    /// Until when this hub's leases are surely its own (see [`Store::leases_hold`]).
    leases: Option<Arc<Leases>>,
}

/// This hub's hold on its boards, as far as it can tell without asking the database:
/// every lease was extended when the last renewal was asked (or later), so they all run
/// at least until that moment plus their length.
struct Leases {
    length: std::time::Duration,
    /// Milliseconds after `base` until which the leases hold.
    until_ms: std::sync::atomic::AtomicU64,
    base: std::time::Instant,
}

impl Leases {
    fn elapsed_ms(&self) -> u64 {
        self.base.elapsed().as_millis() as u64
    }
}

/// Joins the writer thread once every [`Store`] handle is gone.
pub struct StoreGuard {
    thread: Option<thread::JoinHandle<()>>,
}

impl StoreGuard {
    /// Waits until everything queued is written.
    pub fn join(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Writes a group of appends and says how each went. A board reloaded under a new lease
/// while its previous task's last appends were still queued has appends of two epochs
/// in one group: then each is written on its own, so that the stale ones, fenced off, do
/// not take the fresh ones down with them.
fn commit(backend: &mut impl Backend, appends: &[Append]) -> Vec<Result<(), StorageError>> {
    // A single process owns every board at epoch 0: only a leasing backend can mix.
    let mixed = backend.lease().is_some() && appends.len() > 1 && {
        let mut epochs: std::collections::HashMap<&str, u64> = Default::default();
        appends
            .iter()
            .any(|a| *epochs.entry(&a.code).or_insert(a.epoch) != a.epoch)
    };
    if mixed {
        return appends
            .iter()
            .flat_map(|append| commit(backend, std::slice::from_ref(append)))
            .collect();
    }
    let outcome = backend.append(appends);
    if let Err(err) = &outcome {
        tracing::error!(%err, batch = appends.len(), "append failed");
    }
    appends
        .iter()
        .map(|append| match &outcome {
            Ok(fenced) if fenced.contains(&append.code) => Err(StorageError::Fenced),
            Ok(_) => Ok(()),
            Err(_) => Err(StorageError::Stopped),
        })
        .collect()
}

/// Most appends folded into one transaction; bounds the latency of the first in a burst.
const MAX_GROUP: usize = 1024;

impl Store {
    /// Starts the writer thread over `backend`.
    pub fn start(mut backend: impl Backend) -> (Store, StoreGuard) {
        let (tx, mut rx) = mpsc::channel::<Request>(8192);
        let leases = backend.lease().map(|length| {
            Arc::new(Leases {
                length,
                // Boards loaded from now on are held at least this long.
                until_ms: std::sync::atomic::AtomicU64::new(length.as_millis() as u64),
                base: std::time::Instant::now(),
            })
        });
        let thread = thread::Builder::new()
            .name("panneau-store".into())
            .spawn(move || {
                while let Some(first) = rx.blocking_recv() {
                    let mut appends = Vec::new();
                    let mut replies = Vec::new();
                    let mut next = Some(first);
                    while let Some(request) = next.take() {
                        match request {
                            Request::Create(board, reply) => {
                                let _ = reply.send(backend.create_board(&board));
                            }
                            Request::Load(code, reply) => {
                                let _ = reply.send(backend.load_board(&code));
                            }
                            Request::Delete(code, reply) => {
                                let _ = reply.send(backend.delete_board(&code));
                            }
                            Request::DeleteIdle(code, before_ms, reply) => {
                                let _ = reply.send(backend.delete_idle(&code, before_ms));
                            }
                            Request::Idle(before_ms, reply) => {
                                let _ = reply.send(backend.idle_boards(before_ms));
                            }
                            Request::Read(code, reply) => {
                                let _ = reply.send(backend.read_board(&code));
                            }
                            Request::ReadAfter(code, seq, reply) => {
                                let _ = reply.send(backend.read_after(&code, seq));
                            }
                            Request::Renew(reply) => {
                                let _ = reply.send(backend.renew_leases());
                            }
                            Request::Release(code, epoch) => {
                                if let Err(err) = backend.release(&code, epoch) {
                                    tracing::warn!(%err, %code, "releasing a lease failed");
                                }
                            }
                            Request::Append(append, reply) => {
                                appends.push(append);
                                replies.push(reply);
                            }
                        }
                        if appends.len() < MAX_GROUP {
                            next = rx.try_recv().ok();
                        }
                    }
                    if appends.is_empty() {
                        continue;
                    }
                    let outcomes = commit(&mut backend, &appends);
                    for (outcome, reply) in outcomes.into_iter().zip(replies) {
                        let _ = reply.send(outcome);
                    }
                    backend.tend();
                }
                if let Err(err) = backend.release_all() {
                    tracing::warn!(%err, "releasing the leases failed");
                }
            })
            .expect("spawning the storage thread");
        (
            Store { tx, leases },
            StoreGuard {
                thread: Some(thread),
            },
        )
    }

    pub async fn create_board(&self, board: NewBoard) -> Result<(), StorageError> {
        self.call(|reply| Request::Create(Box::new(board), reply))
            .await
    }

    pub async fn load_board(&self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        let code = code.to_owned();
        self.call(|reply| Request::Load(code, reply)).await
    }

    pub async fn delete_board(&self, code: &str) -> Result<bool, StorageError> {
        let code = code.to_owned();
        self.call(|reply| Request::Delete(code, reply)).await
    }

    pub async fn delete_idle(&self, code: &str, before_ms: u64) -> Result<bool, StorageError> {
        let code = code.to_owned();
        self.call(|reply| Request::DeleteIdle(code, before_ms, reply))
            .await
    }

    pub async fn idle_boards(&self, before_ms: u64) -> Result<Vec<String>, StorageError> {
        self.call(|reply| Request::Idle(before_ms, reply)).await
    }

    pub async fn read_board(&self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        let code = code.to_owned();
        self.call(|reply| Request::Read(code, reply)).await
    }

    pub async fn read_after(&self, code: &str, seq: u64) -> Result<Missed, StorageError> {
        let code = code.to_owned();
        self.call(|reply| Request::ReadAfter(code, seq, reply))
            .await
    }

    /// Extends this hub's leases; the boards whose lease was lost come back.
    pub async fn renew_leases(&self) -> Result<Vec<(String, u64)>, StorageError> {
        let asked = self.leases.as_ref().map(|l| l.elapsed_ms());
        let renewed = self.call(Request::Renew).await;
        if let (Ok(_), Some(leases), Some(asked)) = (&renewed, &self.leases, asked) {
            let until = asked + leases.length.as_millis() as u64;
            leases
                .until_ms
                .fetch_max(until, std::sync::atomic::Ordering::Relaxed);
        }
        renewed
    }

    /// Whether this hub's leases surely still hold. A hub paused, or cut off from the
    /// database, past them may have lost its boards without knowing yet: it then decides
    /// nothing (its writes would be fenced, and its refusals would come from a stale
    /// copy). Always true for a single process.
    pub fn leases_hold(&self) -> bool {
        self.leases
            .as_ref()
            .is_none_or(|l| l.elapsed_ms() < l.until_ms.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Gives board `code` up once what is queued before is written.
    pub async fn release(&self, code: &str, epoch: u64) {
        let _ = self.tx.send(Request::Release(code.to_owned(), epoch)).await;
    }

    /// Queues an append; the returned receiver resolves once it is durable. Queuing
    /// without awaiting lets a board go on deciding while its previous batch is written.
    pub async fn append(&self, append: Append) -> oneshot::Receiver<Result<(), StorageError>> {
        let (reply, rx) = oneshot::channel();
        // If the thread is gone, `reply` is dropped and the receiver reports it.
        let _ = self.tx.send(Request::Append(append, reply)).await;
        rx
    }

    async fn call<T>(
        &self,
        request: impl FnOnce(oneshot::Sender<Result<T, StorageError>>) -> Request,
    ) -> Result<T, StorageError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(request(reply))
            .await
            .map_err(|_| StorageError::Stopped)?;
        rx.await.map_err(|_| StorageError::Stopped)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend that holds each board at one epoch and writes only appends made under
    /// it, one call at a time, as PostgreSQL's fence does.
    struct Fencing {
        epochs: std::collections::HashMap<String, u64>,
        calls: Vec<usize>,
    }

    impl Backend for Fencing {
        fn create_board(&mut self, _: &NewBoard) -> Result<(), StorageError> {
            Ok(())
        }
        fn load_board(&mut self, _: &str) -> Result<Option<StoredBoard>, StorageError> {
            Ok(None)
        }
        fn read_board(&mut self, _: &str) -> Result<Option<StoredBoard>, StorageError> {
            Ok(None)
        }
        fn read_after(&mut self, _: &str, _: u64) -> Result<Missed, StorageError> {
            Ok(Missed {
                events: Vec::new(),
                tokens: Vec::new(),
            })
        }
        fn append(&mut self, appends: &[Append]) -> Result<Vec<String>, StorageError> {
            self.calls.push(appends.len());
            // Like the database, one verdict a board for the whole call.
            let fenced = appends
                .iter()
                .filter(|a| self.epochs[&a.code] != a.epoch)
                .map(|a| a.code.clone())
                .collect();
            Ok(fenced)
        }
        fn delete_board(&mut self, _: &str) -> Result<bool, StorageError> {
            Ok(false)
        }
        fn idle_boards(&mut self, _: u64) -> Result<Vec<String>, StorageError> {
            Ok(Vec::new())
        }
        fn lease(&self) -> Option<std::time::Duration> {
            Some(std::time::Duration::from_secs(10))
        }
    }

    fn append(code: &str, epoch: u64) -> Append {
        Append {
            code: code.into(),
            epoch,
            events: Vec::new(),
            tokens: Vec::new(),
            snapshot: None,
        }
    }

    #[test]
    fn a_stale_append_does_not_take_the_fresh_ones_of_its_board_down() {
        let mut backend = Fencing {
            epochs: [("A".to_string(), 2), ("B".to_string(), 1)].into(),
            calls: Vec::new(),
        };
        // One group: the last append of A's previous task, A's new task, and B.
        let group = [append("A", 1), append("A", 2), append("B", 1)];
        let outcomes = commit(&mut backend, &group);
        assert!(matches!(outcomes[0], Err(StorageError::Fenced)));
        assert!(outcomes[1].is_ok() && outcomes[2].is_ok());
        assert_eq!(backend.calls, vec![1, 1, 1], "each on its own");

        // A group of one epoch a board is one call.
        backend.calls.clear();
        let outcomes = commit(&mut backend, &[append("A", 2), append("B", 1)]);
        assert!(outcomes.iter().all(Result::is_ok));
        assert_eq!(backend.calls, vec![2]);
    }
}
