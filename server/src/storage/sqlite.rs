//! The embedded default backend: one SQLite file in WAL mode, written by the storage
//! thread, its WAL folded back by a checkpoint thread of its own.

use super::{
    Append, Backend, Missed, NewBoard, StorageError, StoredBoard, StoredEvent, Sync, OP_MEMORY,
};
use panneau_shared::{Actor, ParticipantId, Workshop};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

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
    checkpoints: Checkpointer,
    /// When each board's `active_at_ms` was last written by this process.
    touched: std::collections::HashMap<String, u64>,
}

/// How stale a board's `active_at_ms` may be. Retention counts in days, and a board in
/// use is never expired, so writing it once a minute is plenty: written at every commit,
/// it was one more page in every sync.
const TOUCH_EVERY_MS: u64 = 60_000;

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// A checkpoint of a WAL this many frames long (of a page each, 4 KiB) is finished by the
/// writer between two commits (see [`Checkpointer`]).
const FINISH_FRAMES: i64 = 1024;

/// Copies the WAL back into the database file from a thread of its own. Left to SQLite,
/// that copy (and its sync of the database file) runs inside whichever commit crosses
/// the WAL size limit, and the acknowledgements waiting on that commit wait for it too.
///
/// SQLite starts writing the WAL from its beginning again only when a checkpoint has
/// copied all of it. Under a steady stream of commits, this thread's checkpoint never
/// does: commits land while it copies, and the WAL grew by tens of megabytes a second
/// (355 MB after 20 s at 3,000 events a second), each commit extending the file. So after
/// a checkpoint of a long WAL, this thread says so (`unfinished`), and the storage thread,
/// the only writer, copies the few frames committed meanwhile between two of its commits
/// ([`Sqlite::tend`]); its next commit then writes the WAL from the start, over the same
/// blocks.
struct Checkpointer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
    unfinished: Arc<AtomicBool>,
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
        let unfinished = Arc::new(AtomicBool::new(false));
        let flag = unfinished.clone();
        let thread = thread::Builder::new()
            .name("panneau-checkpoint".into())
            .spawn(move || {
                // A passive checkpoint never waits for the writer: it copies what is
                // committed and leaves the rest for next time.
                let checkpoint = || {
                    match passive_checkpoint(&conn) {
                        // The figures are as of the checkpoint's start: whatever was
                        // committed meanwhile is not counted, so a long WAL is enough.
                        Ok((log, _)) if log >= FINISH_FRAMES => {
                            flag.store(true, Ordering::Release);
                        }
                        Ok(_) => {}
                        Err(err) => tracing::warn!(%err, "WAL checkpoint failed"),
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
            unfinished,
        })
    }
}

/// Copies what is committed in the WAL into the database file, without waiting for
/// anyone: the frames in the WAL, and how many of them are copied now. Another
/// checkpoint under way (SQLite's "busy") copies nothing: `(1, 0)`.
fn passive_checkpoint(conn: &Connection) -> Result<(i64, i64), rusqlite::Error> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        let busy: i64 = row.get(0)?;
        Ok(if busy != 0 {
            (1, 0)
        } else {
            (row.get(1)?, row.get(2)?)
        })
    })
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
    fn events_after(&self, code: &str, seq: u64) -> Result<Vec<StoredEvent>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, op_id, actor, body FROM events WHERE board = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![code, seq as i64], |row| {
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
        Ok(events)
    }

    fn tokens(&self, code: &str) -> Result<Vec<(String, ParticipantId)>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT token_digest, participant FROM tokens WHERE board = ?1")?;
        let tokens = stmt
            .query_map([code], |row| {
                Ok((row.get::<_, String>(0)?, ParticipantId(row.get(1)?)))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(tokens)
    }

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
            checkpoints: Checkpointer::start(path, checkpoint_every, checkpointed)?,
            touched: std::collections::HashMap::new(),
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
        let after = snapshot.as_ref().map_or(0, |(seq, _)| *seq);
        let events = self.events_after(code, after)?;
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
        let tokens = self.tokens(code)?;
        Ok(Some(StoredBoard {
            code: code.to_owned(),
            key_digest,
            epoch: 0,
            snapshot,
            events,
            ops,
            tokens,
        }))
    }

    fn read_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        // One process: reading a board is loading it.
        self.load_board(code)
    }

    fn read_after(&mut self, code: &str, seq: u64) -> Result<Missed, StorageError> {
        Ok(Missed {
            events: self.events_after(code, seq)?,
            tokens: self.tokens(code)?,
        })
    }

    fn append(&mut self, appends: &[Append]) -> Result<Vec<String>, StorageError> {
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
        // When each board was last active, for retention (see `TOUCH_EVERY_MS`).
        let now = crate::board::now_ms();
        let mut touching = std::collections::HashSet::new();
        for append in appends {
            let due = self
                .touched
                .get(&append.code)
                .is_none_or(|at| now.saturating_sub(*at) >= TOUCH_EVERY_MS);
            if due && touching.insert(append.code.as_str()) {
                tx.prepare_cached("UPDATE boards SET active_at_ms = ?1 WHERE code = ?2")?
                    .execute(params![now as i64, append.code])?;
            }
        }
        tx.commit()?;
        for code in touching {
            self.touched.insert(code.to_owned(), now);
        }
        // One process owns every board: nothing is ever fenced off.
        Ok(Vec::new())
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
        self.touched.remove(code);
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

    /// Finishes a checkpoint the checkpoint thread could not (see [`Checkpointer`]). Left
    /// for the next turn when that thread is checkpointing again just now.
    fn tend(&mut self) {
        let unfinished = &self.checkpoints.unfinished;
        if !unfinished.swap(false, Ordering::AcqRel) {
            return;
        }
        match passive_checkpoint(&self.conn) {
            Ok((log, copied)) if copied < log => unfinished.store(true, Ordering::Release),
            Ok(_) => {}
            Err(err) => tracing::warn!(%err, "WAL checkpoint failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use panneau_shared::{Event, NewWorkshop, Workshop};

    /// The first event of a test board.
    fn first_event() -> Event {
        let new = NewWorkshop {
            title: "T".into(),
            question: "Q".into(),
            ..NewWorkshop::default()
        };
        Workshop::create(&new, 0).unwrap()
    }

    /// Creates board `code` with its first event.
    fn create(db: &mut Sqlite, code: &str) {
        db.create_board(&NewBoard {
            code: code.into(),
            key_digest: crate::keys::digest("k"),
            created: first_event(),
            created_at_ms: 1,
        })
        .unwrap();
    }

    /// Commits one small event, number `seq`, to board `code`.
    fn append_one(db: &mut Sqlite, code: &str, seq: u64, op_id: Option<String>) {
        db.append(&[Append {
            code: code.into(),
            epoch: 0,
            events: vec![StoredEvent {
                seq,
                op_id,
                actor: Actor::Facilitator,
                event: Event::TimerChanged { timer: None },
            }],
            tokens: vec![],
            snapshot: None,
        }])
        .unwrap();
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
                epoch: 0,
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
            epoch: 0,
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
        create(&mut db, "CHKPNT");
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

    #[test]
    fn activity_is_recorded_at_most_once_a_minute_per_board() {
        let dir = tempfile_dir("touch");
        let path = dir.join("unit.db");
        let mut db = Sqlite::open(&path, Sync::Full).unwrap();
        create(&mut db, "TOUCHY");
        let append = |db: &mut Sqlite, seq: u64| append_one(db, "TOUCHY", seq, None);
        let active_at = |db: &Sqlite| -> i64 {
            db.conn
                .query_row(
                    "SELECT active_at_ms FROM boards WHERE code = 'TOUCHY'",
                    [],
                    |row| row.get(0),
                )
                .unwrap()
        };
        let before = crate::board::now_ms();
        append(&mut db, 2);
        assert!(
            active_at(&db) as u64 >= before,
            "the first write records activity"
        );
        assert!(db.idle_boards(before).unwrap().is_empty());
        // Within the minute, commits leave the row alone: one page fewer in each sync.
        db.conn
            .execute(
                "UPDATE boards SET active_at_ms = 5 WHERE code = 'TOUCHY'",
                [],
            )
            .unwrap();
        append(&mut db, 3);
        assert_eq!(active_at(&db), 5);
        // A minute later, the next commit records it again.
        let stale = crate::board::now_ms() - TOUCH_EVERY_MS;
        db.touched.insert("TOUCHY".into(), stale);
        append(&mut db, 4);
        assert!(active_at(&db) as u64 > stale);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_steady_stream_of_commits_writes_the_wal_over_again_instead_of_growing_it() {
        let dir = tempfile_dir("steady");
        let path = dir.join("unit.db");
        let (done, checkpointed) = std::sync::mpsc::channel();
        // Checkpoints back to back, so that nearly every one races a commit.
        let mut db = Sqlite::open_with(
            &path,
            Sync::Off,
            std::time::Duration::from_millis(1),
            Some(done),
        )
        .unwrap();
        create(&mut db, "STEADY");
        let wal = dir.join("unit.db-wal");
        let (mut longest, mut since_checkpoint) = (0, 0);
        for seq in 2..12_000u64 {
            // As the storage thread does: a commit, then what may wait between two.
            append_one(&mut db, "STEADY", seq, Some(format!("op-{seq}")));
            db.tend();
            longest = longest.max(std::fs::metadata(&wal).unwrap().len());
            // A busy machine may hold the checkpoint thread back: then the commits wait
            // for it now and then, as a real one's do for the disk.
            since_checkpoint += 1;
            if checkpointed.try_iter().count() > 0 {
                since_checkpoint = 0;
            } else if since_checkpoint == 300 {
                checkpointed.recv().unwrap();
                since_checkpoint = 0;
            }
        }
        // 12,000 commits write about 70 MB of frames; the WAL holds a few thousand.
        let bound = 4 * FINISH_FRAMES as u64 * 4096;
        assert!(longest < bound, "the WAL grew to {longest} bytes");
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
