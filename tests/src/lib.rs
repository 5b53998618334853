//! The one harness every test uses: start the real server on port 0 over a fresh SQLite
//! file, talk to it over HTTP and WebSockets, and drive headless Chromium. The server
//! serves the browser client built into it, as the shipped executable does.

pub mod browser;
pub mod cut;
pub mod nats;
pub mod postgres;
pub mod process;
pub mod seed;

use anyhow::{anyhow, bail, Context, Result};
use futures_util::{SinkExt, StreamExt};
use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{
    Actor, CardId, Command, Event, ParticipantId, Phase, RejectionCode, Workshop,
};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for something the server should send before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running Panneau server, stopped gracefully by [`TestServer::stop`].
pub struct TestServer {
    pub addr: SocketAddr,
    pub data: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<Result<()>>>,
    /// Keeps the temporary directory (and the database in it) alive.
    _dir: Option<tempfile::TempDir>,
}

impl TestServer {
    /// Starts a server over a new, empty database.
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("panneau.db");
        let mut server = TestServer::start_on(&data).await;
        server._dir = Some(dir);
        server
    }

    /// Starts a server over a new, empty database, with some settings changed.
    pub async fn start_tuned(tune: impl FnOnce(&mut panneau_server::Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("panneau.db");
        let mut server = TestServer::start_with(&data, tune).await;
        server._dir = Some(dir);
        server
    }

    /// Starts a server over an existing database file (to test what survives a restart).
    pub async fn start_on(data: &Path) -> TestServer {
        TestServer::start_with(data, |_| {}).await
    }

    /// Starts a server with some settings changed from the defaults.
    pub async fn start_with(
        data: &Path,
        tune: impl FnOnce(&mut panneau_server::Config),
    ) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let mut config = panneau_server::Config::new(addr, data.to_path_buf());
        tune(&mut config);
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(panneau_server::run(config, listener, async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            data: data.to_path_buf(),
            stop: Some(stop),
            handle: Some(handle),
            _dir: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server as SIGTERM would and waits until storage is flushed.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
        self._dir.take()
    }

    /// Creates a workshop through the HTTP API.
    pub async fn create_workshop(&self, title: &str, question: &str) -> CreatedWorkshop {
        create_workshop_at(self.addr, title, question).await
    }

    /// Creates a workshop with some settings changed (a JSON object of `Settings` fields).
    pub async fn create_workshop_with(&self, settings: serde_json::Value) -> CreatedWorkshop {
        create_workshop_with_at(self.addr, settings).await
    }

    /// Connects the facilitator of a workshop.
    pub async fn facilitator(&self, workshop: &CreatedWorkshop) -> Client {
        Client::facilitator_at(self.addr, workshop).await
    }

    /// Connects a participant with a fresh token and joins with `name`.
    pub async fn participant(&self, code: &str, name: &str) -> Client {
        self.participant_of(code, name, "Provenç'Ânes").await
    }

    /// Like [`TestServer::participant`], from a given organisation.
    pub async fn participant_of(&self, code: &str, name: &str, organisation: &str) -> Client {
        let token = format!("participant-token-{:020}", unique());
        Client::join_as(self.addr, code, &token, name, organisation).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(handle) = &self.handle {
            handle.abort();
        }
    }
}

/// Creates a workshop through the HTTP API of the server at `addr`.
pub async fn create_workshop_at(addr: SocketAddr, title: &str, question: &str) -> CreatedWorkshop {
    create_workshop_body(
        addr,
        serde_json::json!({ "title": title, "question": question }),
    )
    .await
}

/// Like [`create_workshop_at`], with some settings changed (a JSON object of `Settings`
/// fields).
pub async fn create_workshop_with_at(
    addr: SocketAddr,
    settings: serde_json::Value,
) -> CreatedWorkshop {
    create_workshop_body(
        addr,
        serde_json::json!({ "title": "Rete QM Var", "question": "What next?", "settings": settings }),
    )
    .await
}

async fn create_workshop_body(addr: SocketAddr, body: serde_json::Value) -> CreatedWorkshop {
    let body = body.to_string();
    let (status, body) = http(addr, "POST", "/api/workshops", Some(&body))
        .await
        .expect("POST /api/workshops");
    assert_eq!(status, 201, "creating a workshop: {body}");
    serde_json::from_str(&body).expect("creation answer")
}

/// What `POST /api/workshops` answers.
#[derive(Debug, serde::Deserialize)]
pub struct CreatedWorkshop {
    pub code: String,
    pub facilitator_key: String,
    pub participant_url: String,
    pub wall_url: String,
    pub facilitator_url: String,
}

impl CreatedWorkshop {
    /// What the facilitator's page says hello with.
    pub fn facilitator(&self) -> Credential {
        Credential::Facilitator {
            key: self.facilitator_key.clone(),
        }
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed) * 1_000_003 + u64::from(std::process::id())
}

/// A minimal HTTP/1.1 request; returns the status and the body.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String)> {
    let response = http_raw(addr, method, path, body.map(str::as_bytes)).await?;
    Ok((
        response.status,
        String::from_utf8_lossy(&response.body).into_owned(),
    ))
}

/// An HTTP answer, its body as bytes (a picture, a file).
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }
}

/// A minimal HTTP/1.1 request with any body, answered whole (the server sends a
/// `Content-Length`; the connection closes after the answer).
pub async fn http_raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
) -> Result<HttpResponse> {
    let stream = TcpStream::connect(addr).await?;
    http_over(stream, &addr.to_string(), method, path, body).await
}

/// A GET with some headers of the test's choosing (`Accept-Encoding`, `If-None-Match`).
pub async fn http_get_with(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> Result<HttpResponse> {
    let stream = TcpStream::connect(addr).await?;
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    request_over(stream, &addr.to_string(), "GET", path, &extra, b"").await
}

/// [`http_raw`] over a connection already open (a TLS stream, say), to `host`.
pub async fn http_over(
    stream: impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    host: &str,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
) -> Result<HttpResponse> {
    request_over(stream, host, method, path, "", body.unwrap_or(b"")).await
}

async fn request_over(
    mut stream: impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    host: &str,
    method: &str,
    path: &str,
    extra_headers: &str,
    body: &[u8],
) -> Result<HttpResponse> {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response)).await??;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| anyhow!("no HTTP header in {:?}", String::from_utf8_lossy(&response)))?;
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("no status in {head:?}"))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: response[split + 4..].to_vec(),
    })
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How many cards of `state` carry each text: what a check that nothing was applied
/// twice (or lost) counts.
pub fn card_texts(state: &Workshop) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for card in state.cards.values() {
        *counts.entry(card.text.clone()).or_default() += 1;
    }
    counts
}

/// A protocol client that keeps its own copy of the board by applying the events it
/// receives, and checks their order: sequence numbers always grow, and the facilitator,
/// who may see everything, gets every one of them.
pub struct Client {
    socket: Socket,
    pub me: Actor,
    pub state: Workshop,
    pub last_seq: u64,
    /// Every event applied, in order, with its sequence number.
    pub events: Vec<(u64, Event)>,
    /// Live drag messages seen.
    pub drags: Vec<ServerMsg>,
    /// The facilitator's key to the board's outputs, from the welcome.
    pub outputs_key: Option<String>,
    /// Every card this connection was ever sent (in an event or a snapshot), with its
    /// authors: what a privacy check needs, since a state only shows the present.
    pub cards_seen: std::collections::BTreeMap<CardId, Vec<ParticipantId>>,
    next_op: u64,
}

impl Client {
    /// Opens a socket and says hello; fails with the server's error if refused.
    pub async fn connect(
        addr: SocketAddr,
        code: &str,
        credential: Credential,
        last_seq: Option<u64>,
    ) -> Result<Client> {
        let mut socket = Client::open(addr).await?;
        let hello = ClientMsg::Hello {
            protocol: PROTOCOL_VERSION,
            board: code.into(),
            credential,
            last_seq,
        };
        socket.send(Message::text(hello.to_json())).await?;
        let mut client = Client {
            socket,
            me: Actor::Wall,
            state: Workshop::default(),
            last_seq: 0,
            events: Vec::new(),
            drags: Vec::new(),
            outputs_key: None,
            cards_seen: Default::default(),
            next_op: 0,
        };
        match client.recv().await? {
            ServerMsg::Welcome {
                you,
                protocol,
                outputs_key,
                ..
            } => {
                assert_eq!(protocol, PROTOCOL_VERSION);
                client.me = you;
                client.outputs_key = outputs_key;
            }
            ServerMsg::Error { code, message, .. } => bail!("refused: {code:?}: {message}"),
            other => bail!("expected welcome, got {other:?}"),
        }
        if last_seq.is_none() {
            match client.recv().await? {
                ServerMsg::Snapshot { seq, state } => {
                    client.last_seq = seq;
                    client.state = *state;
                }
                other => bail!("expected a snapshot, got {other:?}"),
            }
        }
        Ok(client)
    }

    /// Connects the facilitator of `workshop` on the server at `addr`.
    pub async fn facilitator_at(addr: SocketAddr, workshop: &CreatedWorkshop) -> Client {
        let credential = workshop.facilitator();
        Client::connect(addr, &workshop.code, credential, None)
            .await
            .expect("facilitator connects")
    }

    /// Connects with participant `token` and joins as `name`; returns once the server has
    /// confirmed who this connection now is.
    pub async fn join(addr: SocketAddr, code: &str, token: &str, name: &str) -> Client {
        Client::join_as(addr, code, token, name, "Provenç'Ânes").await
    }

    /// Like [`Client::join`], from a given organisation.
    pub async fn join_as(
        addr: SocketAddr,
        code: &str,
        token: &str,
        name: &str,
        organisation: &str,
    ) -> Client {
        let credential = Credential::Participant {
            token: token.into(),
        };
        let mut client = Client::connect(addr, code, credential, None)
            .await
            .expect("participant connects");
        assert_eq!(client.me, Actor::Guest);
        client
            .command(Command::Join {
                name: name.into(),
                organisation: organisation.into(),
            })
            .await
            .expect("join accepted");
        client
            .wait_for(|m| matches!(m, ServerMsg::You { .. }))
            .await;
        assert!(matches!(client.me, Actor::Participant { .. }));
        client
    }

    /// Resumes where a dropped client left off: its board as it knew it and its last `seq`.
    pub async fn resume(
        addr: SocketAddr,
        code: &str,
        credential: Credential,
        state: Workshop,
        last_seq: u64,
    ) -> Result<Client> {
        let mut client = Client::connect(addr, code, credential, Some(last_seq)).await?;
        client.state = state;
        client.last_seq = last_seq;
        Ok(client)
    }

    pub async fn open(addr: SocketAddr) -> Result<Socket> {
        let (socket, _) =
            tokio_tungstenite::connect_async_with_config(format!("ws://{addr}/ws"), None, true)
                .await?;
        Ok(socket)
    }

    /// Sends any frame as it is (for bad-input tests).
    pub async fn send_raw(&mut self, message: Message) -> Result<()> {
        self.socket.send(message).await?;
        Ok(())
    }

    pub async fn send(&mut self, msg: &ClientMsg) -> Result<()> {
        self.send_raw(Message::text(msg.to_json())).await
    }

    /// The next message; events are applied (and their order checked) on the way.
    pub async fn recv(&mut self) -> Result<ServerMsg> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .context("timed out waiting for the server")?
                .ok_or_else(|| anyhow!("connection closed"))??;
            let text = match frame {
                Message::Text(text) => text,
                Message::Close(frame) => bail!("closed by the server: {frame:?}"),
                _ => continue,
            };
            let msg: ServerMsg = serde_json::from_str(&text)?;
            match &msg {
                ServerMsg::Event { seq, event } => {
                    assert!(*seq > self.last_seq, "event {seq} after {}", self.last_seq);
                    if self.me == Actor::Facilitator {
                        assert_eq!(*seq, self.last_seq + 1, "the facilitator misses nothing");
                    }
                    if let Event::CardAdded { card } | Event::CardsMerged { card } = event {
                        self.cards_seen.insert(card.id, card.authors.clone());
                    }
                    self.state.apply(event);
                    self.last_seq = *seq;
                    self.events.push((*seq, event.clone()));
                }
                ServerMsg::Snapshot { seq, state } => {
                    for card in state.cards.values() {
                        self.cards_seen.insert(card.id, card.authors.clone());
                    }
                    self.last_seq = *seq;
                    self.state = (**state).clone();
                }
                ServerMsg::You { you } => self.me = *you,
                ServerMsg::Drag { .. } => self.drags.push(msg.clone()),
                _ => {}
            }
            return Ok(msg);
        }
    }

    /// Reads until a message matches.
    pub async fn wait_for(&mut self, mut pred: impl FnMut(&ServerMsg) -> bool) -> ServerMsg {
        loop {
            let msg = self.recv().await.expect("a message");
            if pred(&msg) {
                return msg;
            }
        }
    }

    /// The `seq` of each event this client received after `seq`, in order of arrival.
    pub fn seqs_after(&self, seq: u64) -> Vec<u64> {
        self.events
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s > seq)
            .collect()
    }

    /// Reads until the board reaches `seq`.
    pub async fn sync_to(&mut self, seq: u64) {
        while self.last_seq < seq {
            self.recv().await.expect("events up to the target seq");
        }
    }

    pub fn next_op_id(&mut self) -> String {
        self.next_op += 1;
        format!("op-{}", self.next_op)
    }

    /// Sends a command and waits for its answer: `Ok(seq)` on ack, the code otherwise.
    pub async fn command(&mut self, command: Command) -> Result<u64, (RejectionCode, String)> {
        let op_id = self.next_op_id();
        self.command_with_id(&op_id, command).await
    }

    /// The facilitator acting for `participant`.
    pub async fn command_for(
        &mut self,
        participant: ParticipantId,
        command: Command,
    ) -> Result<u64, (RejectionCode, String)> {
        let op_id = self.next_op_id();
        self.try_command_as(&op_id, command, Some(participant))
            .await
            .expect("an answer")
    }

    /// Facilitator: moves the workshop to `phase`.
    pub async fn set_phase(&mut self, phase: Phase) -> u64 {
        self.command(Command::SetPhase { phase })
            .await
            .unwrap_or_else(|e| panic!("moving to {phase:?}: {e:?}"))
    }

    pub async fn command_with_id(
        &mut self,
        op_id: &str,
        command: Command,
    ) -> Result<u64, (RejectionCode, String)> {
        self.try_command(op_id, command).await.expect("an answer")
    }

    /// Like [`Client::command_with_id`], but a lost connection is an error, not a panic.
    pub async fn try_command(
        &mut self,
        op_id: &str,
        command: Command,
    ) -> Result<Result<u64, (RejectionCode, String)>> {
        self.try_command_as(op_id, command, None).await
    }

    async fn try_command_as(
        &mut self,
        op_id: &str,
        command: Command,
        on_behalf_of: Option<ParticipantId>,
    ) -> Result<Result<u64, (RejectionCode, String)>> {
        self.send(&ClientMsg::Command {
            op_id: op_id.into(),
            command,
            on_behalf_of,
        })
        .await?;
        loop {
            match self.recv().await? {
                ServerMsg::Ack { op_id: id, seq } if id == op_id => {
                    // The sender's own events come before its ack.
                    assert!(self.last_seq >= seq, "ack {seq} before its event");
                    return Ok(Ok(seq));
                }
                ServerMsg::Rejected {
                    op_id: Some(id),
                    code,
                    message,
                    ..
                } if id == op_id => return Ok(Err((code, message))),
                _ => {}
            }
        }
    }

    /// Closes the TCP connection without a WebSocket close, as a dropped Wi-Fi would.
    pub fn drop_connection(self) {
        drop(self.socket);
    }
}
