//! The machine's floor: the same fan-out load over raw TCP, through a relay that does
//! nothing but copy each 8-byte frame to the other members of its group. No WebSocket,
//! no JSON, no storage, no task hand-off: one `send` per delivery. Whatever Panneau
//! measures above these figures is its own cost; below them no server can go here with
//! one TCP connection per client.
//!
//! The durable relay (`durable-fanout`, `durable-boards`) is the same relay with Panneau's
//! rule "persist, then broadcast": what its clients send goes first to a journal thread,
//! which appends everything that arrived meanwhile to a file, syncs it once, and only then
//! writes the frames to the other members. Below its figures no server can go here that
//! tells nobody of an event before it is on disk.

use crate::{drive, fanout_shape, Args, Mover, Report};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::os::unix::fs::FileExt;
use std::sync::{mpsc, Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A client of the relay: sends its move numbers, receives the others'.
pub struct TcpMover {
    stream: TcpStream,
    buf: [u8; 4096],
    start: usize,
    end: usize,
}

impl TcpMover {
    /// Joins `group` and waits until the relay has registered it, so no move is missed.
    async fn connect(addr: SocketAddr, group: u32) -> Result<TcpMover> {
        let mut stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        stream.write_all(&group.to_le_bytes()).await?;
        let mut ok = [0u8; 1];
        stream.read_exact(&mut ok).await?;
        Ok(TcpMover {
            stream,
            buf: [0; 4096],
            start: 0,
            end: 0,
        })
    }
}

impl Mover for TcpMover {
    async fn send_move(&mut self, k: u64) -> Result<()> {
        self.stream.write_all(&k.to_le_bytes()).await?;
        Ok(())
    }

    async fn next_move(&mut self) -> Result<Option<u64>> {
        loop {
            if self.end - self.start >= 8 {
                let frame = &self.buf[self.start..self.start + 8];
                self.start += 8;
                return Ok(Some(u64::from_le_bytes(frame.try_into()?)));
            }
            // Keep the partial frame at the front; `read` is cancel-safe, the rest is state.
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            let n = self.stream.read(&mut self.buf[self.end..]).await?;
            if n == 0 {
                return Ok(None);
            }
            self.end += n;
        }
    }
}

/// One member of a group, written to by the readers of the other members (under the
/// group's lock, so frames from two writers never interleave).
struct Member {
    id: u64,
    stream: Arc<TcpStream>,
}

/// The members of one group. Each member holds its group's list, so relaying a frame
/// touches only that group's lock, never the map of all groups.
type Group = Arc<Mutex<Vec<Arc<Member>>>>;
type Groups = Arc<Mutex<HashMap<u32, Group>>>;

/// The relay process: prints its address, then copies frames until killed; with
/// `durable`, each frame only once the journal has synced it.
pub async fn relay(durable: bool) -> Result<()> {
    let journal = if durable {
        Some(Journal::start()?)
    } else {
        None
    };
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("relay listening on {}", listener.local_addr()?);
    let groups: Groups = Arc::default();
    let mut next_id = 0u64;
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        next_id += 1;
        let groups = groups.clone();
        let id = next_id;
        let journal = journal.clone();
        tokio::spawn(async move {
            if let Err(err) = member(stream, id, groups, journal).await {
                eprintln!("relay: {err:#}");
                std::process::exit(1);
            }
        });
    }
}

async fn member(
    mut stream: TcpStream,
    id: u64,
    groups: Groups,
    journal: Option<mpsc::Sender<Pending>>,
) -> Result<()> {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header).await?;
    let group = u32::from_le_bytes(header);
    stream.write_all(&[1]).await?;
    let stream = Arc::new(stream);
    let me = Arc::new(Member {
        id,
        stream: stream.clone(),
    });
    let members: Group = groups.lock().unwrap().entry(group).or_default().clone();
    members.lock().unwrap().push(me);
    let mut buf = [0u8; 4096];
    let mut end = 0;
    loop {
        stream.readable().await?;
        let n = match stream.try_read(&mut buf[end..]) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(err) => return Err(err.into()),
        };
        end += n;
        let whole = end - end % 8;
        match &journal {
            Some(journal) => journal
                .send(Pending {
                    from: id,
                    members: members.clone(),
                    frames: buf[..whole].to_vec(),
                })
                .context("the journal stopped")?,
            None => forward(&members, id, &buf[..whole])?,
        }
        buf.copy_within(whole..end, 0);
        end -= whole;
    }
}

/// Writes `frames` from member `from` to the other members of its group.
fn forward(members: &Group, from: u64, frames: &[u8]) -> Result<()> {
    for other in members.lock().unwrap().iter().filter(|m| m.id != from) {
        // Loopback buffers hold megabytes; a frame that cannot go at once means the
        // generator stopped reading, and the floor would no longer be a floor.
        match other.stream.try_write(frames) {
            Ok(written) if written == frames.len() => {}
            Ok(_) => bail!("a write went out in part"),
            Err(err) => return Err(err).context("the relay could not write at once"),
        }
    }
    Ok(())
}

/// Frames read from one member, waiting for the journal's sync.
struct Pending {
    from: u64,
    members: Group,
    frames: Vec<u8>,
}

/// The journal's file: written in a circle over space allocated up front, as a database
/// reuses its log once checkpointed, so a sync carries data and no change of size.
struct Journal {
    file: std::fs::File,
    at: u64,
}

impl Journal {
    const SIZE: u64 = 16 << 20;

    /// A file without a name in the temporary directory, where the benchmark's server
    /// keeps its database (so both sync to the same disk): the relay is killed at the end
    /// of a run, and the system frees the file with the process.
    fn open() -> Result<Journal> {
        let file = tempfile::tempfile()?;
        file.write_all_at(&vec![0; Journal::SIZE as usize], 0)?;
        file.sync_all()?;
        Ok(Journal { file, at: 0 })
    }

    /// Starts the journal's thread: each turn takes everything waiting, appends it,
    /// syncs once (a group commit), then forwards it.
    fn start() -> Result<mpsc::Sender<Pending>> {
        let mut journal = Journal::open()?;
        let (tx, rx) = mpsc::channel::<Pending>();
        std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let batch: Vec<Pending> = std::iter::once(first).chain(rx.try_iter()).collect();
                    let forwarded = journal
                        .commit(batch.iter().map(|p| p.frames.as_slice()))
                        .and_then(|()| {
                            batch
                                .iter()
                                .try_for_each(|p| forward(&p.members, p.from, &p.frames))
                        });
                    if let Err(err) = forwarded {
                        eprintln!("relay: {err:#}");
                        std::process::exit(1);
                    }
                }
            })?;
        Ok(tx)
    }

    /// Appends `records` in one write and makes them durable.
    fn commit<'a>(&mut self, records: impl Iterator<Item = &'a [u8]>) -> Result<()> {
        let records: Vec<u8> = records.flatten().copied().collect();
        if self.at + records.len() as u64 > Journal::SIZE {
            self.at = 0;
        }
        self.file.write_all_at(&records, self.at)?;
        self.at += records.len() as u64;
        self.file.sync_data()?;
        Ok(())
    }
}

/// A relay process, and how the reports of its runs name it.
pub struct Relay {
    /// The hidden scenario of this executable that runs it.
    pub process: &'static str,
    /// The report's scenario with one board, then with many.
    pub names: [&'static str; 2],
    /// What it does on disk before a frame goes on, as reports say it (`sync`).
    pub sync: &'static str,
}

/// The bare relay: the floor of the machine.
const BARE: Relay = Relay {
    process: "relay",
    names: ["tcp-fanout", "tcp-boards"],
    sync: "none",
};

/// The bare relay with its journal: the floor of "persist, then broadcast".
const DURABLE: Relay = Relay {
    process: "durable-relay",
    names: ["durable-fanout", "durable-boards"],
    sync: "full",
};

/// Runs the load through the raw TCP relay, durable or not.
pub async fn run(
    args: &Args,
    many_boards: bool,
    rate: Option<f64>,
    durable: bool,
) -> Result<Report> {
    let relay = if durable { &DURABLE } else { &BARE };
    relayed(args, many_boards, rate, relay, |addr, group, _| {
        TcpMover::connect(addr, group)
    })
    .await
}

/// Starts `relay` (a hidden scenario of this executable) as a process of its own, opens
/// the load's clients group by group with `connect(address, group, seed)` (the seed is
/// the client's number, from 1), runs the load and names its report after the relay.
pub async fn relayed<M, F>(
    args: &Args,
    many_boards: bool,
    rate: Option<f64>,
    relay: &Relay,
    mut connect: impl FnMut(SocketAddr, u32, u32) -> F,
) -> Result<Report>
where
    M: Mover + Send + 'static,
    F: std::future::Future<Output = Result<M>>,
{
    let exe = std::env::current_exe()?;
    let mut child = tokio::process::Command::new(exe)
        .arg(relay.process)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().context("piped")?).lines();
    let line = lines.next_line().await?.context("the relay exited")?;
    let addr: SocketAddr = line
        .rsplit(' ')
        .next()
        .and_then(|a| a.parse().ok())
        .context("no address from the relay")?;
    let (boards, clients, per_client) = fanout_shape(args, many_boards, rate);
    crate::check_sends(args, boards * clients, per_client)?;
    let mut all = Vec::new();
    let mut seed = 0u32;
    for group in 0..boards as u32 {
        let mut members = Vec::new();
        for _ in 0..clients {
            seed += 1;
            members.push((connect(addr, group, seed).await?, seed));
        }
        all.push(members);
    }
    let mut report = drive(args, all, per_client, child.id()).await?;
    report.scenario = relay.names[usize::from(many_boards)];
    report.sync = relay.sync.into();
    if child.try_wait()?.is_some() {
        bail!("the relay stopped during the run");
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_writes_each_record_after_the_last_and_wraps_at_its_end() {
        let mut journal = Journal::open().unwrap();
        journal.commit([&b"abc"[..], b"de"].into_iter()).unwrap();
        let mut read = vec![0; 5];
        journal.file.read_exact_at(&mut read, 0).unwrap();
        assert_eq!(read, b"abcde");
        journal.at = Journal::SIZE - 1;
        journal.commit(std::iter::once(&b"xy"[..])).unwrap();
        assert_eq!(journal.at, 2, "a batch that does not fit starts over");
        journal.file.read_exact_at(&mut read[..2], 0).unwrap();
        assert_eq!(&read[..2], b"xy");
        assert_eq!(journal.file.metadata().unwrap().len(), Journal::SIZE);
    }
}
