//! One WebSocket connection: the hello handshake, then a reader and a writer that run
//! until either side ends, the board drops the connection, or the server shuts down.
//!
//! A message longer than [`FRAGMENT_BYTES`] leaves as several WebSocket frames. The
//! socket's write buffer keeps the capacity of the largest frame it ever held, for the
//! life of the connection; in fragments, a board's snapshot no longer leaves every
//! connection holding a buffer its size.

use crate::board::{BoardHandle, BoardMsg, ConnId, Frame};
use crate::hub::Hub;
use bytes::Bytes;
use futures_util::{FutureExt, SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use panneau_shared::protocol::{ClientMsg, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{Rejection, RejectionCode};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

/// Frames a connection may have queued before it counts as too slow and is dropped.
/// A whole catch-up (welcome and a snapshot, or a replay window of events) fits easily.
pub const OUTBOX_CAPACITY: usize = 4096;

/// A client whose socket accepts nothing for this long is not reading: it is closed, so
/// that it resumes instead of holding the board's messages in server memory.
const WRITE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Answers a connection may have queued for frames it could not parse before the client
/// counts as flooding us and is disconnected.
const LOCAL_CAPACITY: usize = 32;

/// Messages longer than this leave in frames of this size.
const FRAGMENT_BYTES: usize = 4096;

/// A client that opens a socket and says nothing is closed after this long.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// Close codes (RFC 6455 and the IANA registry).
const CLOSE_POLICY: u16 = 1008;
const CLOSE_RESTART: u16 = 1012;
const CLOSE_TRY_AGAIN: u16 = 1013;

type WebSocket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;
type WsError = tokio_tungstenite::tungstenite::Error;
type Sink = futures_util::stream::SplitSink<WebSocket, Message>;
type Stream = futures_util::stream::SplitStream<WebSocket>;

pub async fn serve(socket: WebSocket, hub: Arc<Hub>, mut stop: watch::Receiver<bool>) {
    let _open = hub.track_connection();
    let (mut sink, mut stream) = socket.split();
    let (board, conn, outbox_rx) = match handshake(&mut stream, &hub).await {
        Ok(joined) => joined,
        Err(rejection) => {
            let msg = ServerMsg::Error {
                code: rejection.code,
                message: rejection.message,
            };
            let _ = sink.send(Message::Text(msg.to_json().into())).await;
            let _ = close(&mut sink, CLOSE_POLICY, "hello refused").await;
            return;
        }
    };
    let local = Local::default();
    tokio::select! {
        () = read(stream, &board, conn, &local) => {}
        () = write(sink, outbox_rx, &local, &mut stop) => {}
    }
    board.send(BoardMsg::Disconnect { conn }).await;
}

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

async fn handshake(
    stream: &mut Stream,
    hub: &Hub,
) -> Result<(BoardHandle, ConnId, mpsc::Receiver<Frame>), Rejection> {
    let first = match tokio::time::timeout(HELLO_TIMEOUT, stream.next()).await {
        Ok(Some(Ok(Message::Text(text)))) => text,
        Ok(_) => return Err(invalid("the first message must be a JSON hello")),
        Err(_) => return Err(invalid("no hello received in time")),
    };
    let ClientMsg::Hello {
        protocol,
        board: code,
        credential,
        last_seq,
    } = ClientMsg::parse(&first)?
    else {
        return Err(invalid("the first message must be a hello"));
    };
    if protocol != PROTOCOL_VERSION {
        return Err(invalid(format!(
            "this server speaks protocol {PROTOCOL_VERSION}, the client speaks {protocol}; reload the page"
        )));
    }
    let unavailable =
        || Rejection::new(RejectionCode::Unavailable, "the board is restarting; retry");
    // A board may be unloading at the very moment we reach it; the next attempt loads it
    // afresh from storage.
    for _ in 0..3 {
        let board = hub.board(&code).await?;
        let conn = hub.next_conn_id();
        let (outbox, outbox_rx) = mpsc::channel(OUTBOX_CAPACITY);
        let (reply, answer) = oneshot::channel();
        let message = BoardMsg::Connect {
            conn,
            credential: credential.clone(),
            last_seq,
            outbox,
            reply,
        };
        if !board.send(message).await {
            continue;
        }
        match answer.await {
            Ok(Ok(_actor)) => return Ok((board, conn, outbox_rx)),
            Ok(Err(rejection)) if rejection.code != RejectionCode::Unavailable => {
                return Err(rejection)
            }
            _ => continue,
        }
    }
    Err(unavailable())
}

async fn read(mut stream: Stream, board: &BoardHandle, conn: ConnId, local: &Local) {
    while let Some(Ok(message)) = stream.next().await {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => return,
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            Message::Binary(_) => {
                if !answer(local, None, invalid("messages are JSON text frames")) {
                    return;
                }
                continue;
            }
        };
        let to_board = match ClientMsg::parse(&text) {
            Ok(ClientMsg::Command {
                op_id,
                command,
                on_behalf_of,
            }) => BoardMsg::Command {
                conn,
                op_id,
                command,
                on_behalf_of,
            },
            Ok(ClientMsg::Drag { card, x, y }) => BoardMsg::Drag { conn, card, x, y },
            Ok(ClientMsg::Hello { .. }) => {
                if !answer(
                    local,
                    None,
                    invalid("hello was already said on this connection"),
                ) {
                    return;
                }
                continue;
            }
            Err(rejection) => {
                let op_id = op_id_of(&text);
                if !answer(local, op_id, rejection) {
                    return;
                }
                continue;
            }
        };
        if !board.send(to_board).await {
            return;
        }
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

async fn write(
    mut sink: Sink,
    mut outbox: mpsc::Receiver<Frame>,
    local: &Local,
    stop: &mut watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            first = outbox.recv() => {
                let Some(first) = first else {
                    // The board dropped us: we could not keep up. The client resumes.
                    let _ = close(&mut sink, CLOSE_TRY_AGAIN, "too slow; reconnect").await;
                    return;
                };
                // Batch whatever else is queued into one flush.
                let batch = async {
                    feed(&mut sink, &first).await?;
                    while let Ok(more) = outbox.try_recv() {
                        feed(&mut sink, &more).await?;
                    }
                    sink.flush().await
                };
                // Almost always the socket takes the batch at once; only a write that has
                // to wait is given a deadline, which spares a timer per delivery.
                let mut batch = std::pin::pin!(batch);
                let written = match batch.as_mut().now_or_never() {
                    Some(done) => Ok(done),
                    None => tokio::time::timeout(WRITE_TIMEOUT, batch).await,
                };
                match written {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => return,
                    Err(_) => {
                        tracing::info!("closing a connection that reads nothing");
                        return;
                    }
                }
            }
            () = local.ready.notified() => {
                for reply in local.take() {
                    if sink.send(Message::Text(reply)).await.is_err() {
                        return;
                    }
                }
            }
            _ = stop.changed() => {
                let _ = close(&mut sink, CLOSE_RESTART, "server restarting").await;
                return;
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
