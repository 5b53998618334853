//! The backend shared by several hubs: boards, their logs and their leases in PostgreSQL.
//!
//! One hub serves a board at a time: the one holding its **lease**, taken when the board
//! is loaded (`epoch` + 1, `lease_until` by the database's clock, so the hubs' clocks do
//! not matter) and extended by [`Backend::renew_leases`] every third of its length. Every
//! batch of appends is **fenced**: a board's rows are written only if its `epoch` is still
//! the one this hub loaded it with and its `head_seq` follows on, in the same statement
//! that writes them. A hub that was paused past its lease while another took the board
//! writes nothing for it, while the other boards of its batch commit.
//!
//! Advisory locks were not used: they belong to a connection, so a hub whose connection
//! dropped and came back would not know it had lost them, and they give no number to
//! fence late writes with.

use super::{Append, Backend, Missed, NewBoard, StorageError, StoredBoard, StoredEvent, OP_MEMORY};
use panneau_shared::{Actor, ParticipantId, Workshop};
use postgres::{Client, NoTls};
use std::collections::HashMap;
use std::time::Duration;

/// Schema migrations, applied in order; `panneau_schema` records how many ran.
const MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE boards (
        code          TEXT PRIMARY KEY,
        key_digest    TEXT NOT NULL,
        created_at_ms BIGINT NOT NULL,
        active_at_ms  BIGINT NOT NULL,
        owner         TEXT,
        epoch         BIGINT NOT NULL DEFAULT 0,
        lease_until   TIMESTAMPTZ,
        head_seq      BIGINT NOT NULL
    );
    CREATE TABLE events (
        board  TEXT NOT NULL REFERENCES boards(code) ON DELETE CASCADE,
        seq    BIGINT NOT NULL,
        op_id  TEXT,
        actor  TEXT NOT NULL,
        body   TEXT NOT NULL,
        PRIMARY KEY (board, seq)
    );
    CREATE INDEX events_ops ON events (board, op_id) WHERE op_id IS NOT NULL;
    CREATE TABLE tokens (
        board        TEXT NOT NULL REFERENCES boards(code) ON DELETE CASCADE,
        token_digest TEXT NOT NULL,
        participant  BIGINT NOT NULL,
        PRIMARY KEY (board, token_digest)
    );
    CREATE TABLE snapshots (
        board TEXT PRIMARY KEY REFERENCES boards(code) ON DELETE CASCADE,
        seq   BIGINT NOT NULL,
        body  TEXT NOT NULL
    );
"#];

/// Takes a board that nobody serves, whose lease ran out, or that this hub held before
/// (a reload bumps the epoch too, fencing off the writes of its own earlier task).
const ACQUIRE: &str = "
    UPDATE boards SET owner = $1, epoch = epoch + 1,
                      lease_until = now() + $2 * interval '1 millisecond'
    WHERE code = $3 AND (owner IS NULL OR owner = $1 OR lease_until < now())
    RETURNING key_digest, epoch, head_seq";

/// The fenced group commit: one statement for the whole batch. `fence` moves the head of
/// each board whose epoch and head still match; only those boards' rows are inserted.
const APPEND: &str = "
    WITH fence AS (
        UPDATE boards b SET head_seq = COALESCE(v.last, b.head_seq), active_at_ms = $2
        FROM unnest($3::text[], $4::int8[], $5::int8[], $6::int8[]) AS v(code, epoch, first, last)
        WHERE b.code = v.code AND b.owner = $1 AND b.epoch = v.epoch
          AND (v.first IS NULL OR b.head_seq = v.first - 1)
        RETURNING b.code
    ), written AS (
        INSERT INTO events (board, seq, op_id, actor, body)
        SELECT e.board, e.seq, e.op_id, e.actor, e.body
        FROM unnest($7::text[], $8::int8[], $9::text[], $10::text[], $11::text[])
             AS e(board, seq, op_id, actor, body)
        WHERE e.board IN (SELECT code FROM fence)
    ), joined AS (
        INSERT INTO tokens (board, token_digest, participant)
        SELECT t.board, t.token, t.participant
        FROM unnest($12::text[], $13::text[], $14::int8[]) AS t(board, token, participant)
        WHERE t.board IN (SELECT code FROM fence)
        ON CONFLICT DO NOTHING
    ), snapshot AS (
        INSERT INTO snapshots (board, seq, body)
        SELECT s.board, s.seq, s.body
        FROM unnest($15::text[], $16::int8[], $17::text[]) AS s(board, seq, body)
        WHERE s.board IN (SELECT code FROM fence)
        ON CONFLICT (board) DO UPDATE SET seq = excluded.seq, body = excluded.body
    )
    SELECT code FROM fence";

const RENEW: &str = "
    UPDATE boards b SET lease_until = now() + $2 * interval '1 millisecond'
    FROM unnest($3::text[], $4::int8[]) AS v(code, epoch)
    WHERE b.code = v.code AND b.owner = $1 AND b.epoch = v.epoch
    RETURNING b.code";

/// PostgreSQL as the log of every hub of a cluster.
pub struct Postgres {
    url: String,
    /// This hub's name in the `owner` column.
    hub: String,
    lease: Duration,
    /// `None` after the connection broke: the next request connects again.
    client: Option<Client>,
    /// The boards this hub holds the lease of, with their epoch.
    held: HashMap<String, u64>,
}

impl Postgres {
    /// Connects to `url` (a `postgres://` address) and brings the schema up to date.
    pub fn open(url: &str, hub: &str, lease: Duration) -> Result<Postgres, StorageError> {
        let mut pg = Postgres {
            url: url.to_owned(),
            hub: hub.to_owned(),
            lease,
            client: None,
            held: HashMap::new(),
        };
        let client = pg.client()?;
        migrate(client)?;
        Ok(pg)
    }

    /// The connection, opened again if it broke. A request that fails on a broken
    /// connection reports the error; the next one reconnects.
    fn client(&mut self) -> Result<&mut Client, StorageError> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
        }
        if self.client.is_none() {
            let mut config: postgres::Config = self.url.parse()?;
            config.connect_timeout(Duration::from_secs(5));
            // A database that went silent (a cut cable, a frozen machine) is noticed
            // within a lease, rather than hanging the storage thread and with it the
            // renewal of every lease: keep-alives on an idle connection, a deadline on
            // unacknowledged writes, and on every statement.
            config
                .keepalives(true)
                .keepalives_idle(Duration::from_secs(5))
                .keepalives_interval(Duration::from_secs(2))
                .keepalives_retries(3)
                .tcp_user_timeout(self.lease);
            if config.get_options().is_none() {
                config.options(&format!("-c statement_timeout={}", self.lease.as_millis()));
            }
            config.application_name(&format!("panneau {}", self.hub));
            self.client = Some(config.connect(NoTls)?);
        }
        Ok(self.client.as_mut().expect("connected just above"))
    }

    fn lease_ms(&self) -> f64 {
        self.lease.as_millis() as f64
    }

    /// Runs `work` on the connection; a failure that broke it drops the connection.
    fn with<T>(
        &mut self,
        work: impl FnOnce(&mut Client, &str, f64) -> Result<T, postgres::Error>,
    ) -> Result<T, StorageError> {
        let hub = self.hub.clone();
        let lease = self.lease_ms();
        let client = self.client()?;
        let outcome = work(client, &hub, lease);
        if outcome.is_err() && client.is_closed() {
            self.client = None;
        }
        Ok(outcome?)
    }
}

impl Postgres {
    /// Board `code` up to `head`: its latest snapshot, the events after it, the op ids of
    /// its whole log and its tokens.
    fn read(
        &mut self,
        code: &str,
        key_digest: String,
        epoch: u64,
        head: i64,
    ) -> Result<StoredBoard, StorageError> {
        let (snapshot, events, ops, tokens) = self.with(|client, _, _| {
            let snapshot = client
                .query_opt(
                    "SELECT seq, body FROM snapshots WHERE board = $1 AND seq <= $2",
                    &[&code, &head],
                )?
                .map(|row| (row.get::<_, i64>(0), row.get::<_, String>(1)));
            let after = snapshot.as_ref().map_or(0, |(seq, _)| *seq);
            let events = client.query(
                "SELECT seq, op_id, actor, body FROM events
                 WHERE board = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                &[&code, &after, &head],
            )?;
            // Retried commands must be recognised even when their events are older than
            // the snapshot, so the op ids come from the whole log, newest first.
            let ops = client.query(
                "SELECT op_id, MAX(seq) FROM events WHERE board = $1 AND op_id IS NOT NULL
                 AND seq <= $2 GROUP BY op_id ORDER BY MAX(seq) DESC LIMIT $3",
                &[&code, &head, &(OP_MEMORY as i64)],
            )?;
            let tokens = client.query(
                "SELECT token_digest, participant FROM tokens WHERE board = $1",
                &[&code],
            )?;
            Ok((snapshot, events, ops, tokens))
        })?;
        let snapshot = match snapshot {
            Some((seq, body)) => Some((seq as u64, serde_json::from_str::<Workshop>(&body)?)),
            None => None,
        };
        let mut ops: Vec<(String, u64)> = ops
            .iter()
            .map(|row| (row.get(0), row.get::<_, i64>(1) as u64))
            .collect();
        ops.reverse();
        Ok(StoredBoard {
            code: code.to_owned(),
            key_digest,
            epoch,
            snapshot,
            events: stored_events(&events)?,
            ops,
            tokens: stored_tokens(&tokens),
        })
    }
}

fn stored_events(rows: &[postgres::Row]) -> Result<Vec<StoredEvent>, StorageError> {
    rows.iter()
        .map(|row| {
            Ok(StoredEvent {
                seq: row.get::<_, i64>(0) as u64,
                op_id: row.get(1),
                actor: serde_json::from_str(row.get(2))?,
                event: serde_json::from_str(row.get(3))?,
            })
        })
        .collect()
}

fn stored_tokens(rows: &[postgres::Row]) -> Vec<(String, ParticipantId)> {
    rows.iter()
        .map(|row| (row.get(0), ParticipantId(row.get::<_, i64>(1) as u32)))
        .collect()
}

fn migrate(client: &mut Client) -> Result<(), StorageError> {
    let mut tx = client.transaction()?;
    // Hubs starting together migrate one after the other.
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7142);
         CREATE TABLE IF NOT EXISTS panneau_schema (version INT NOT NULL);",
    )?;
    let version: i32 = match tx.query_opt("SELECT version FROM panneau_schema", &[])? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO panneau_schema VALUES (0)", &[])?;
            0
        }
    };
    for sql in MIGRATIONS.iter().skip(version as usize) {
        tx.batch_execute(sql)?;
    }
    tx.execute(
        "UPDATE panneau_schema SET version = $1",
        &[&(MIGRATIONS.len() as i32)],
    )?;
    tx.commit()?;
    Ok(())
}

/// The batch's columns, as the arrays `APPEND` unnests.
#[derive(Default)]
struct Columns {
    fence_code: Vec<String>,
    fence_epoch: Vec<i64>,
    fence_first: Vec<Option<i64>>,
    fence_last: Vec<Option<i64>>,
    event_board: Vec<String>,
    event_seq: Vec<i64>,
    event_op: Vec<Option<String>>,
    event_actor: Vec<String>,
    event_body: Vec<String>,
    token_board: Vec<String>,
    token_digest: Vec<String>,
    token_participant: Vec<i64>,
    snapshot_board: Vec<String>,
    snapshot_seq: Vec<i64>,
    snapshot_body: Vec<String>,
}

impl Columns {
    fn of(appends: &[Append]) -> Result<Columns, StorageError> {
        let mut c = Columns::default();
        // One fence row a board: a board may have several appends in one batch, and
        // their events follow on from each other.
        let mut fence: Vec<(&str, u64, Option<u64>, Option<u64>)> = Vec::new();
        for append in appends {
            let first = append.events.first().map(|e| e.seq);
            let last = append.events.last().map(|e| e.seq);
            match fence.iter_mut().find(|(code, ..)| *code == append.code) {
                Some((_, _, f, l)) => {
                    *f = f.or(first);
                    *l = last.or(*l);
                }
                None => fence.push((&append.code, append.epoch, first, last)),
            }
            for event in &append.events {
                c.event_board.push(append.code.clone());
                c.event_seq.push(event.seq as i64);
                c.event_op.push(event.op_id.clone());
                c.event_actor.push(serde_json::to_string(&event.actor)?);
                c.event_body.push(serde_json::to_string(&event.event)?);
            }
            for (token, participant) in &append.tokens {
                c.token_board.push(append.code.clone());
                c.token_digest.push(token.clone());
                c.token_participant.push(participant.0 as i64);
            }
            if let Some((seq, body)) = &append.snapshot {
                // A later snapshot of the same board in this batch replaces the earlier.
                if let Some(i) = c.snapshot_board.iter().position(|b| *b == append.code) {
                    c.snapshot_seq[i] = *seq as i64;
                    c.snapshot_body[i] = body.clone();
                } else {
                    c.snapshot_board.push(append.code.clone());
                    c.snapshot_seq.push(*seq as i64);
                    c.snapshot_body.push(body.clone());
                }
            }
        }
        for (code, epoch, first, last) in fence {
            c.fence_code.push(code.to_owned());
            c.fence_epoch.push(epoch as i64);
            c.fence_first.push(first.map(|s| s as i64));
            c.fence_last.push(last.map(|s| s as i64));
        }
        Ok(c)
    }
}

impl Backend for Postgres {
    fn create_board(&mut self, board: &NewBoard) -> Result<(), StorageError> {
        let actor = serde_json::to_string(&Actor::Facilitator)?;
        let body = serde_json::to_string(&board.created)?;
        let inserted = self.with(|client, _, _| {
            let mut tx = client.transaction()?;
            // Nobody serves a new board yet: the first hub a connection reaches takes it.
            let inserted = tx.execute(
                "INSERT INTO boards (code, key_digest, created_at_ms, active_at_ms, head_seq)
                 VALUES ($1, $2, $3, $3, 1) ON CONFLICT DO NOTHING",
                &[&board.code, &board.key_digest, &(board.created_at_ms as i64)],
            )?;
            if inserted == 1 {
                tx.execute(
                    "INSERT INTO events (board, seq, op_id, actor, body) VALUES ($1, 1, NULL, $2, $3)",
                    &[&board.code, &actor, &body],
                )?;
            }
            tx.commit()?;
            Ok(inserted)
        })?;
        if inserted == 0 {
            return Err(StorageError::CodeTaken(board.code.clone()));
        }
        Ok(())
    }

    fn load_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        let taken =
            self.with(|client, hub, lease| client.query_opt(ACQUIRE, &[&hub, &lease, &code]))?;
        let Some(row) = taken else {
            let owner = self.with(|client, _, _| {
                client.query_opt("SELECT owner FROM boards WHERE code = $1", &[&code])
            })?;
            return match owner {
                None => Ok(None),
                Some(row) => Err(StorageError::OwnedElsewhere {
                    code: code.to_owned(),
                    owner: row.get::<_, Option<String>>(0).unwrap_or_default(),
                }),
            };
        };
        let key_digest: String = row.get(0);
        let epoch = row.get::<_, i64>(1) as u64;
        let head = row.get::<_, i64>(2);
        self.held.insert(code.to_owned(), epoch);
        // Read as of the lease just taken: nobody else writes this board until it ends.
        self.read(code, key_digest, epoch, head).map(Some)
    }

    fn read_board(&mut self, code: &str) -> Result<Option<StoredBoard>, StorageError> {
        let row = self.with(|client, _, _| {
            client.query_opt(
                "SELECT key_digest, epoch, head_seq FROM boards WHERE code = $1",
                &[&code],
            )
        })?;
        let Some(row) = row else { return Ok(None) };
        let epoch = row.get::<_, i64>(1) as u64;
        // Events up to the head were committed with it: a consistent prefix, whatever
        // the owner writes meanwhile.
        self.read(code, row.get(0), epoch, row.get(2)).map(Some)
    }

    fn read_after(&mut self, code: &str, seq: u64) -> Result<Missed, StorageError> {
        let (events, tokens) = self.with(|client, _, _| {
            let events = client.query(
                "SELECT seq, op_id, actor, body FROM events WHERE board = $1 AND seq > $2
                 AND seq <= (SELECT head_seq FROM boards WHERE code = $1) ORDER BY seq",
                &[&code, &(seq as i64)],
            )?;
            let tokens = client.query(
                "SELECT token_digest, participant FROM tokens WHERE board = $1",
                &[&code],
            )?;
            Ok((events, tokens))
        })?;
        Ok(Missed {
            events: stored_events(&events)?,
            tokens: stored_tokens(&tokens),
        })
    }

    fn append(&mut self, appends: &[Append]) -> Result<Vec<String>, StorageError> {
        let c = Columns::of(appends)?;
        let now = crate::board::now_ms() as i64;
        let written: Vec<String> = self.with(|client, hub, _| {
            let mut tx = client.transaction()?;
            let rows = tx.query(
                APPEND,
                &[
                    &hub,
                    &now,
                    &c.fence_code,
                    &c.fence_epoch,
                    &c.fence_first,
                    &c.fence_last,
                    &c.event_board,
                    &c.event_seq,
                    &c.event_op,
                    &c.event_actor,
                    &c.event_body,
                    &c.token_board,
                    &c.token_digest,
                    &c.token_participant,
                    &c.snapshot_board,
                    &c.snapshot_seq,
                    &c.snapshot_body,
                ],
            )?;
            tx.commit()?;
            Ok(rows.iter().map(|row| row.get(0)).collect())
        })?;
        let fenced: Vec<String> = c
            .fence_code
            .into_iter()
            .filter(|code| !written.contains(code))
            .collect();
        for code in &fenced {
            tracing::warn!(%code, "append fenced off: another hub holds the board");
            self.held.remove(code);
        }
        Ok(fenced)
    }

    fn delete_board(&mut self, code: &str) -> Result<bool, StorageError> {
        self.held.remove(code);
        let deleted = self
            .with(|client, _, _| client.execute("DELETE FROM boards WHERE code = $1", &[&code]))?;
        Ok(deleted > 0)
    }

    fn delete_idle(&mut self, code: &str, before_ms: u64) -> Result<bool, StorageError> {
        let deleted = self.with(|client, _, _| {
            client.execute(
                "DELETE FROM boards WHERE code = $1 AND active_at_ms < $2
                 AND (owner IS NULL OR lease_until < now())",
                &[&code, &(before_ms as i64)],
            )
        })?;
        Ok(deleted > 0)
    }

    fn idle_boards(&mut self, before_ms: u64) -> Result<Vec<String>, StorageError> {
        let rows = self.with(|client, _, _| {
            client.query(
                "SELECT code FROM boards WHERE active_at_ms < $1
                 AND (owner IS NULL OR lease_until < now())",
                &[&(before_ms as i64)],
            )
        })?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn renew_leases(&mut self) -> Result<Vec<(String, u64)>, StorageError> {
        if self.held.is_empty() {
            return Ok(Vec::new());
        }
        let (codes, epochs): (Vec<String>, Vec<i64>) = self
            .held
            .iter()
            .map(|(code, epoch)| (code.clone(), *epoch as i64))
            .unzip();
        let kept: Vec<String> = self.with(|client, hub, lease| {
            let rows = client.query(RENEW, &[&hub, &lease, &codes, &epochs])?;
            Ok(rows.iter().map(|row| row.get(0)).collect())
        })?;
        let lost: Vec<(String, u64)> = codes
            .into_iter()
            .zip(epochs)
            .filter(|(code, _)| !kept.contains(code))
            .map(|(code, epoch)| (code, epoch as u64))
            .collect();
        for (code, _) in &lost {
            self.held.remove(code);
        }
        Ok(lost)
    }

    fn release(&mut self, code: &str, epoch: u64) -> Result<(), StorageError> {
        if self.held.get(code) == Some(&epoch) {
            self.held.remove(code);
        }
        self.with(|client, hub, _| {
            client.execute(
                "UPDATE boards SET owner = NULL, lease_until = NULL
                 WHERE code = $1 AND owner = $2 AND epoch = $3",
                &[&code, &hub, &(epoch as i64)],
            )
        })?;
        Ok(())
    }

    fn lease(&self) -> Option<Duration> {
        Some(self.lease)
    }

    fn release_all(&mut self) -> Result<(), StorageError> {
        self.held.clear();
        let released = self.with(|client, hub, _| {
            client.execute(
                "UPDATE boards SET owner = NULL, lease_until = NULL WHERE owner = $1",
                &[&hub],
            )
        })?;
        tracing::info!(boards = released, "leases released");
        Ok(())
    }
}
