//! A connection's way out, shared by its board and its writer task: the board puts a
//! frame straight into the socket when nothing waits before it, and flushes each socket
//! once at the end of its turn; what cannot go at once waits in a bounded queue that the
//! connection's writer empties.
//!
//! Why: handing every delivery to the connection's own task woke one task per screen per
//! event (with 10,000 screens over 500 boards, most of the server's time was spent waking
//! and switching), and a sender's event and its acknowledgement left in two writes. Now a
//! delivery is a copy into the socket's buffer, and a board's turn ends with one write per
//! socket it touched.

use crate::board::Frame;
use futures_util::Sink as _;
use hyper_util::rt::TokioIo;
use std::cell::Cell;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use tokio::sync::{mpsc, Mutex, Notify};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

pub type WebSocket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;
pub type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

/// Frames longer than this wait for the writer, which sends them in fragments of this
/// size (see `connection.rs`).
pub const FRAGMENT_BYTES: usize = 4096;

/// The socket's sending half, and the bell that wakes the connection's writer.
pub struct Socket {
    /// Held by the board for a few copies at most, or by the writer while it sends what
    /// waited; whoever holds it with the queue empty sends next, so frames keep their order.
    pub sink: Mutex<Sink>,
    kick: Notify,
}

impl Socket {
    pub fn new(sink: Sink) -> Arc<Socket> {
        Arc::new(Socket {
            sink: Mutex::new(sink),
            kick: Notify::new(),
        })
    }

    /// Resolves when there is something for the writer: queued frames, a flush the board
    /// could not finish, or a closed queue. A bell rung while the writer was busy is kept.
    pub async fn kicked(&self) {
        self.kick.notified().await
    }
}

/// The connection's queue is full: it cannot keep up.
#[derive(Debug)]
pub struct Full;

/// The board's end of a connection.
pub struct Outlet {
    socket: Arc<Socket>,
    /// `None` only while dropping (see `Drop`).
    queue: Option<mpsc::Sender<Frame>>,
    /// Frames went into the socket's buffer since the last flush.
    unflushed: Cell<bool>,
}

impl Outlet {
    /// A fresh outlet on `socket`, and the queue its writer reads.
    pub fn new(socket: Arc<Socket>, capacity: usize) -> (Outlet, mpsc::Receiver<Frame>) {
        let (queue, queued) = mpsc::channel(capacity);
        let outlet = Outlet {
            socket,
            queue: Some(queue),
            unflushed: Cell::new(false),
        };
        (outlet, queued)
    }

    /// Hands `frame` on: into the socket's buffer at once when nothing waits before it and
    /// the socket takes it, to the writer's queue otherwise. `Full` when the queue is full.
    pub fn offer(&self, frame: &Frame) -> Result<(), Full> {
        let queue = self.queue.as_ref().expect("present until dropped");
        // Only this outlet adds to the queue, and the writer takes from it only while it
        // holds the sink: with the sink held here and the queue empty, nothing is ahead.
        if frame.len() <= FRAGMENT_BYTES && queue.capacity() == queue.max_capacity() {
            if let Ok(mut sink) = self.socket.sink.try_lock() {
                if buffer(&mut sink, frame) {
                    self.unflushed.set(true);
                    return Ok(());
                }
            }
        }
        queue.try_send(frame.clone()).map_err(|_| Full)?;
        self.socket.kick.notify_one();
        Ok(())
    }

    /// Writes what `offer` buffered. A socket that cannot take it all now, or that the
    /// writer holds, is left to the writer, which waits for the socket with a deadline.
    pub fn flush(&self) {
        if !self.unflushed.replace(false) {
            return;
        }
        if let Ok(mut sink) = self.socket.sink.try_lock() {
            let mut cx = Context::from_waker(Waker::noop());
            if let Poll::Ready(Ok(())) = Pin::new(&mut *sink).poll_flush(&mut cx) {
                return;
            }
        }
        self.socket.kick.notify_one();
    }
}

impl Drop for Outlet {
    /// The board let the connection go: the writer sends what is left, then closes.
    fn drop(&mut self) {
        drop(self.queue.take());
        self.socket.kick.notify_one();
    }
}

/// Puts `frame` into the sink's buffer if the sink is ready for it now, without waiting.
/// Polled with a waker that does nothing: if the socket is not ready, the frame goes to
/// the writer's queue instead and the writer, polling with its own waker, takes over.
fn buffer(sink: &mut Sink, frame: &Frame) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    let mut sink = Pin::new(sink);
    match sink.as_mut().poll_ready(&mut cx) {
        Poll::Ready(Ok(())) => sink
            .start_send(Message::Text(Utf8Bytes::clone(frame)))
            .is_ok(),
        // Broken, or busy: the writer finds out which.
        _ => false,
    }
}
