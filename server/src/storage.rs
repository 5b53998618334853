//! Durable storage of boards: a blocking [`Backend`] (SQLite by default) driven by one
//! writer thread that commits every queued append in a single transaction.
//!
//! Why a thread and not `spawn_blocking` per write: group commit. While one transaction
//! is being fsynced, the appends of every board pile up in the channel; the next loop
//! turn takes them all and pays for one fsync. A burst costs one commit, not one per event.

use panneau_shared::{Actor, Event, ParticipantId, Workshop};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::thread;
use tokio::sync::{mpsc, oneshot};

/// Something went wrong below us; the command that caused it was not applied.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("board code {0} is already taken")]
    CodeTaken(String),
    #[error("the storage thread has stopped")]
    Stopped,
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
    /// The state as of `seq`, when one was taken.
    pub snapshot: Option<(u64, Workshop)>,
    /// The events after the snapshot (all of them when there is none).
    pub events: Vec<StoredEvent>,
    /// The most recent scoped `op_id`s and the seq of their last event, oldest first.
    pub ops: Vec<(String, u64)>,
    /// Digests of participant tokens and whom they stand for.
    pub tokens: Vec<(String, ParticipantId)>,
}

/// New events of one board, plus the tokens of participants who joined with them and,
/// every so often, a snapshot of the state after the last of them.
pub struct Append {
    pub code: String,
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

/// The blocking storage contract. SQLite implements it; a server database (PostgreSQL)
/// can implement it later without the board logic changing.
pub trait Backend: Send + 'static {
    fn create_board(&mut self, board: &NewBoard) -> Result<(), StorageError>;
    fn load_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError>;
    /// Writes all `appends` atomically and durably; when it returns `Ok`, they survive a crash.
    fn append(&mut self, appends: &[Append]) -> Result<(), StorageError>;
    /// Deletes a board and everything stored about it; `false` when there was none.
    fn delete_board(&mut self, code: &str) -> Result<bool, StorageError>;
    /// The boards nothing has happened on since `before_ms`.
    fn idle_boards(&mut self, before_ms: u64) -> Result<Vec<String>, StorageError>;
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
    Idle(u64, oneshot::Sender<Result<Vec<String>, StorageError>>),
}

/// Cheap-to-clone handle to the writer thread.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::Sender<Request>,
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

/// Most appends folded into one transaction; bounds the latency of the first in a burst.
const MAX_GROUP: usize = 1024;

impl Store {
    /// Starts the writer thread over `backend`.
    pub fn start(mut backend: impl Backend) -> (Store, StoreGuard) {
        let (tx, mut rx) = mpsc::channel::<Request>(8192);
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
                            Request::Idle(before_ms, reply) => {
                                let _ = reply.send(backend.idle_boards(before_ms));
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
                    let outcome = backend.append(&appends);
                    if let Err(err) = &outcome {
                        tracing::error!(%err, batch = appends.len(), "append failed");
                    }
                    for reply in replies {
                        let _ = reply.send(match &outcome {
                            Ok(()) => Ok(()),
                            Err(_) => Err(StorageError::Stopped),
                        });
                    }
                }
            })
            .expect("spawning the storage thread");
        (
            Store { tx },
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

    pub async fn idle_boards(&self, before_ms: u64) -> Result<Vec<String>, StorageError> {
        self.call(|reply| Request::Idle(before_ms, reply)).await
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

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE boards (
        code            TEXT PRIMARY KEY,
        facilitator_key TEXT NOT NULL,
        created_at_ms   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE events (
        board  TEXT NOT NULL REFERENCES boards(code),
        seq    INTEGER NOT NULL,
        op_id  TEXT,
        actor  TEXT NOT NULL,
        body   TEXT NOT NULL,
        PRIMARY KEY (board, seq)
    ) WITHOUT ROWID;
    CREATE TABLE tokens (
        board       TEXT NOT NULL REFERENCES boards(code),
        token       TEXT NOT NULL,
        participant INTEGER NOT NULL,
        PRIMARY KEY (board, token)
    ) WITHOUT ROWID;
"#,
    r#"
    CREATE TABLE snapshots (
        board TEXT NOT NULL REFERENCES boards(code),
        seq   INTEGER NOT NULL,
        body  TEXT NOT NULL,
        PRIMARY KEY (board, seq)
    ) WITHOUT ROWID;
"#,
    // The facilitator key is kept as its digest; keys stored in plain text by earlier
    // versions are digested when the database opens (`digest_plain_keys`).
    r#"
    ALTER TABLE boards RENAME COLUMN facilitator_key TO key_digest;
"#,
    // When something last happened on each board, for the retention period.
    r#"
    ALTER TABLE boards ADD COLUMN active_at_ms INTEGER NOT NULL DEFAULT 0;
    UPDATE boards SET active_at_ms = created_at_ms;
"#,
    // Participant tokens are kept as digests, in the tokens table and in the scoped op_ids
    // of the log (`t:TOKEN/op`); `digest_tokens` rewrites what earlier versions stored.
    r#"
    ALTER TABLE tokens RENAME COLUMN token TO token_digest;
"#,
];

/// The migration after which participant tokens are digests.
const TOKENS_DIGESTED: usize = 5;

/// The embedded default: one SQLite file in WAL mode.
pub struct Sqlite {
    conn: Connection,
    /// Dropping it stops the checkpoint thread.
    _checkpoints: Checkpointer,
}

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Copies the WAL back into the database file from a thread of its own. Left to SQLite,
/// that copy (and its sync of the database file) runs inside whichever commit crosses
/// the WAL size limit, and the acknowledgements waiting on that commit wait for it too.
struct Checkpointer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// Checkpoints every `every`; `done` (for tests) hears of each finished checkpoint.
    fn start(
        path: &Path,
        every: std::time::Duration,
        done: Option<std::sync::mpsc::Sender<()>>,
    ) -> Result<Checkpointer, StorageError> {
        let conn = Connection::open(path)?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = thread::Builder::new()
            .name("panneau-checkpoint".into())
            .spawn(move || {
                // A passive checkpoint never waits for the writer: it copies what is
                // committed and leaves the rest for next time.
                let checkpoint = || {
                    if let Err(err) =
                        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!(%err, "WAL checkpoint failed");
                    }
                    if let Some(done) = &done {
                        let _ = done.send(());
                    }
                };
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(every)
                {
                    checkpoint();
                }
                checkpoint();
            })
            .expect("spawning the checkpoint thread");
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Sqlite {
    pub fn open(path: &Path, sync: Sync) -> Result<Sqlite, StorageError> {
        Sqlite::open_with(path, sync, CHECKPOINT_EVERY, None)
    }

    fn open_with(
        path: &Path,
        sync: Sync,
        checkpoint_every: std::time::Duration,
        checkpointed: Option<std::sync::mpsc::Sender<()>>,
    ) -> Result<Sqlite, StorageError> {
        let conn = Connection::open(path)?;
        // WAL lets readers go on during a commit; `synchronous = FULL` makes a commit
        // durable when it returns, which is what an `ack` promises.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let sync = match sync {
            Sync::Full => "FULL",
            Sync::Off => "OFF",
        };
        conn.pragma_update(None, "synchronous", sync)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Commits never checkpoint; the checkpoint thread does (see `Checkpointer`).
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let mut sqlite = Sqlite {
            conn,
            _checkpoints: Checkpointer::start(path, checkpoint_every, checkpointed)?,
        };
        sqlite.migrate()?;
        Ok(sqlite)
    }

    fn migrate(&mut self) -> Result<(), StorageError> {
        let version: usize = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let digesting = i + 1 == TOKENS_DIGESTED;
            if digesting {
                // Overwrite the plain tokens where they lay, rather than leave them in
                // free pages.
                self.conn.pragma_update(None, "secure_delete", true)?;
            }
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if digesting {
                digest_tokens(&tx)?;
            }
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
            if digesting {
                self.conn.pragma_update(None, "secure_delete", false)?;
                forget_the_wal(&self.conn)?;
            }
        }
        self.digest_plain_keys()
    }

    /// Replaces facilitator keys an earlier version stored in plain text by their digests.
    fn digest_plain_keys(&mut self) -> Result<(), StorageError> {
        let plain: Vec<(String, String)> = self
            .conn
            .prepare("SELECT code, key_digest FROM boards WHERE length(key_digest) != 64")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let plain: Vec<_> = plain
            .into_iter()
            .filter(|(_, stored)| !crate::keys::is_digest(stored))
            .collect();
        if plain.is_empty() {
            return Ok(());
        }
        // Overwrite the old values where they lay, rather than leave them in free pages.
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.conn.transaction()?;
        for (code, key) in &plain {
            tx.execute(
                "UPDATE boards SET key_digest = ?1 WHERE code = ?2",
                params![crate::keys::digest(key), code],
            )?;
        }
        tx.commit()?;
        self.conn.pragma_update(None, "secure_delete", false)?;
        forget_the_wal(&self.conn)?;
        tracing::info!(boards = plain.len(), "facilitator keys now kept as digests");
        Ok(())
    }
}

/// Copies the write-ahead log into the database and empties it, so that secrets just
/// overwritten do not live on in its older frames (`secure_delete` does not reach the
/// WAL). Only at open, when nothing else writes.
fn forget_the_wal(conn: &Connection) -> Result<(), StorageError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Replaces the participant tokens an earlier version stored in plain text by their
/// digests: in the tokens table, and in the op_ids of the log (so a command retried after
/// the upgrade is still recognised). Runs once, inside the migration that calls for it.
fn digest_tokens(tx: &rusqlite::Transaction<'_>) -> Result<(), StorageError> {
    use crate::keys::token_digest;
    let tokens: Vec<(String, String)> = tx
        .prepare("SELECT board, token_digest FROM tokens")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (board, token) in &tokens {
        tx.execute(
            "UPDATE tokens SET token_digest = ?1 WHERE board = ?2 AND token_digest = ?3",
            params![token_digest(token), board, token],
        )?;
    }
    let ops: Vec<(String, i64, String)> = tx
        .prepare("SELECT board, seq, op_id FROM events WHERE op_id LIKE 't:%'")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (board, seq, op_id) in &ops {
        // A token never holds '/', so the first one ends it.
        let Some((token, op)) = op_id["t:".len()..].split_once('/') else {
            continue;
        };
        tx.execute(
            "UPDATE events SET op_id = ?1 WHERE board = ?2 AND seq = ?3",
            params![format!("t:{}/{op}", token_digest(token)), board, seq],
        )?;
    }
    if !tokens.is_empty() {
        tracing::info!(
            tokens = tokens.len(),
            commands = ops.len(),
            "participant tokens now kept as digests"
        );
    }
    Ok(())
}

fn insert_event(
    tx: &rusqlite::Transaction<'_>,
    code: &str,
    event: &StoredEvent,
) -> Result<(), StorageError> {
    tx.prepare_cached(
        "INSERT INTO events (board, seq, op_id, actor, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        code,
        event.seq as i64,
        event.op_id,
        serde_json::to_string(&event.actor)?,
        serde_json::to_string(&event.event)?,
    ])?;
    Ok(())
}

impl Backend for Sqlite {
    fn create_board(&mut self, board: &NewBoard) -> Result<(), StorageError> {
        let tx = self.conn.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO boards (code, key_digest, created_at_ms, active_at_ms) VALUES (?1, ?2, ?3, ?3)",
            params![board.code, board.key_digest, board.created_at_ms as i64],
        )?;
        if inserted == 0 {
            return Err(StorageError::CodeTaken(board.code.clone()));
        }
        let first = StoredEvent {
            seq: 1,
            op_id: None,
            actor: Actor::Facilitator,
            event: board.created.clone(),
        };
        insert_event(&tx, &board.code, &first)?;
        tx.commit()?;
        Ok(())
    }

    fn load_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        let key: Option<String> = self
            .conn
            .query_row(
                "SELECT key_digest FROM boards WHERE code = ?1",
                [code],
                |row| row.get(0),
            )
            .optional()?;
        let Some(key_digest) = key else {
            return Ok(None);
        };
        let snapshot = self
            .conn
            .query_row(
                "SELECT seq, body FROM snapshots WHERE board = ?1 ORDER BY seq DESC LIMIT 1",
                [code],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
            )
            .optional()?;
        let snapshot = match snapshot {
            Some((seq, body)) => Some((seq as u64, serde_json::from_str::<Workshop>(&body)?)),
            None => None,
        };
        let after = snapshot.as_ref().map_or(0, |(seq, _)| *seq) as i64;
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, op_id, actor, body FROM events WHERE board = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![code, after], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, op_id, actor, body) = row?;
            events.push(StoredEvent {
                seq: seq as u64,
                op_id,
                actor: serde_json::from_str(&actor)?,
                event: serde_json::from_str(&body)?,
            });
        }
        // Retried commands must be recognised even when their events are older than the
        // snapshot, so the op ids come from the whole log (that column only, newest first).
        let mut stmt = self.conn.prepare_cached(
            "SELECT op_id, MAX(seq) FROM events WHERE board = ?1 AND op_id IS NOT NULL
             GROUP BY op_id ORDER BY MAX(seq) DESC LIMIT ?2",
        )?;
        let mut ops = stmt
            .query_map(params![code, OP_MEMORY as i64], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        ops.reverse();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT token_digest, participant FROM tokens WHERE board = ?1")?;
        let tokens = stmt
            .query_map([code], |row| {
                Ok((row.get::<_, String>(0)?, ParticipantId(row.get(1)?)))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(StoredBoard {
            code: code.to_owned(),
            key_digest,
            snapshot,
            events,
            ops,
            tokens,
        }))
    }

    fn append(&mut self, appends: &[Append]) -> Result<(), StorageError> {
        let tx = self.conn.transaction()?;
        for append in appends {
            for event in &append.events {
                insert_event(&tx, &append.code, event)?;
            }
            for (token, participant) in &append.tokens {
                tx.prepare_cached(
                    "INSERT INTO tokens (board, token_digest, participant) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![append.code, token, participant.0])?;
            }
            if let Some((seq, body)) = &append.snapshot {
                // Only the latest snapshot is needed; the log keeps the full history.
                tx.prepare_cached("DELETE FROM snapshots WHERE board = ?1")?
                    .execute([&append.code])?;
                tx.prepare_cached("INSERT INTO snapshots (board, seq, body) VALUES (?1, ?2, ?3)")?
                    .execute(params![append.code, *seq as i64, body])?;
            }
        }
        // One statement a board per batch: when it was last active, for retention.
        let now = crate::board::now_ms() as i64;
        for append in appends {
            tx.prepare_cached("UPDATE boards SET active_at_ms = ?1 WHERE code = ?2")?
                .execute(params![now, append.code])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn delete_board(&mut self, code: &str) -> Result<bool, StorageError> {
        // What is deleted is overwritten in the file, not left in free pages.
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.conn.transaction()?;
        for table in ["events", "tokens", "snapshots"] {
            tx.execute(&format!("DELETE FROM {table} WHERE board = ?1"), [code])?;
        }
        let deleted = tx.execute("DELETE FROM boards WHERE code = ?1", [code])? > 0;
        tx.commit()?;
        self.conn.pragma_update(None, "secure_delete", false)?;
        Ok(deleted)
    }

    fn idle_boards(&mut self, before_ms: u64) -> Result<Vec<String>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code FROM boards WHERE active_at_ms < ?1")?;
        let codes = stmt
            .query_map([before_ms as i64], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use panneau_shared::{NewWorkshop, Workshop};

    /// The first event of a test board.
    fn first_event() -> Event {
        let new = NewWorkshop {
            title: "T".into(),
            question: "Q".into(),
            ..NewWorkshop::default()
        };
        Workshop::create(&new, 0).unwrap()
    }

    #[test]
    fn boards_events_and_tokens_survive_reopening() {
        let dir = tempfile_dir("store");
        let path = dir.join("unit.db");
        let created = first_event();
        {
            let mut db = Sqlite::open(&path, Sync::Full).unwrap();
            let board = NewBoard {
                code: "ABCDEF".into(),
                key_digest: crate::keys::digest("k"),
                created: created.clone(),
                created_at_ms: 1,
            };
            db.create_board(&board).unwrap();
            assert!(matches!(
                db.create_board(&board),
                Err(StorageError::CodeTaken(_))
            ));
            let participant = panneau_shared::Participant {
                id: ParticipantId(0),
                name: "Ana".into(),
                organisation: String::new(),
                core_value: String::new(),
                proxy: false,
                removed: false,
            };
            db.append(&[Append {
                code: "ABCDEF".into(),
                events: vec![StoredEvent {
                    seq: 2,
                    op_id: Some("op".into()),
                    actor: Actor::Guest,
                    event: Event::Joined { participant },
                }],
                tokens: vec![("tok".into(), ParticipantId(0))],
                snapshot: None,
            }])
            .unwrap();
        }
        let mut db = Sqlite::open(&path, Sync::Full).unwrap();
        let board = db.load_board("ABCDEF").unwrap().unwrap();
        assert_eq!(board.events.len(), 2);
        assert_eq!(board.events[0].event, created);
        assert_eq!(board.events[1].op_id.as_deref(), Some("op"));
        assert_eq!(board.ops, vec![("op".to_string(), 2)]);
        assert_eq!(board.tokens, vec![("tok".to_string(), ParticipantId(0))]);

        // With a snapshot, loading starts from it and reads only the events after it.
        let state = Workshop::replay(board.events.iter().map(|e| &e.event));
        db.append(&[Append {
            code: "ABCDEF".into(),
            events: vec![],
            tokens: vec![],
            snapshot: Some((2, serde_json::to_string(&state).unwrap())),
        }])
        .unwrap();
        let board = db.load_board("ABCDEF").unwrap().unwrap();
        assert_eq!(board.snapshot, Some((2, state)));
        assert!(board.events.is_empty());
        assert_eq!(
            board.ops,
            vec![("op".to_string(), 2)],
            "op ids outlive the snapshot"
        );
        assert!(db.load_board("NOPE").unwrap().is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_checkpoint_thread_folds_commits_into_the_database_file() {
        let dir = tempfile_dir("checkpoint");
        let path = dir.join("unit.db");
        let (done, checkpointed) = std::sync::mpsc::channel();
        let mut db = Sqlite::open_with(
            &path,
            Sync::Full,
            std::time::Duration::from_millis(5),
            Some(done),
        )
        .unwrap();
        let created = first_event();
        db.create_board(&NewBoard {
            code: "CHKPNT".into(),
            key_digest: crate::keys::digest("k"),
            created,
            created_at_ms: 1,
        })
        .unwrap();
        // Checkpoints that finished before the commit are queued: forget them. Of the next
        // two, the second began after the first finished, so after the commit.
        while checkpointed.try_recv().is_ok() {}
        checkpointed.recv().unwrap();
        checkpointed.recv().unwrap();
        // With the store still open (closing would checkpoint by itself), the database
        // file alone, without its WAL, already holds the board.
        let copy = dir.join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        let mut alone = Sqlite::open(&copy, Sync::Full).unwrap();
        assert_eq!(alone.load_board("CHKPNT").unwrap().unwrap().events.len(), 1);
        drop(db);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("panneau-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
