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

/// The socket's sending half, and the bell that wakes the connection's writer. Generic
/// over the sink only so that the unit tests below can drive it with one of their own.
pub struct Socket<S = Sink> {
    /// Held by the board for a few copies at most, or by the writer while it sends what
    /// waited; whoever holds it with the queue empty sends next, so frames keep their order.
    pub sink: Mutex<S>,
    kick: Notify,
}

impl<S> Socket<S> {
    pub fn new(sink: S) -> Arc<Socket<S>> {
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
pub struct Outlet<S = Sink> {
    socket: Arc<Socket<S>>,
    /// `None` only while dropping (see `Drop`).
    queue: Option<mpsc::Sender<Frame>>,
    /// Frames went into the socket's buffer since the last flush.
    unflushed: Cell<bool>,
}

impl<S: futures_util::Sink<Message> + Unpin> Outlet<S> {
    /// A fresh outlet on `socket`, and the queue its writer reads.
    pub fn new(socket: Arc<Socket<S>>, capacity: usize) -> (Outlet<S>, mpsc::Receiver<Frame>) {
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
                if buffer(&mut *sink, frame) {
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

impl<S> Drop for Outlet<S> {
    /// The board let the connection go: the writer sends what is left, then closes.
    fn drop(&mut self) {
        drop(self.queue.take());
        self.socket.kick.notify_one();
    }
}

/// Puts `frame` into the sink's buffer if the sink is ready for it now, without waiting.
/// Polled with a waker that does nothing: if the socket is not ready, the frame goes to
/// the writer's queue instead and the writer, polling with its own waker, takes over.
fn buffer<S: futures_util::Sink<Message> + Unpin>(sink: &mut S, frame: &Frame) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex as StdMutex;

    /// A sink that records what it takes and when it was flushed, and takes nothing
    /// while `ready` is off, as a socket whose buffer is full.
    #[derive(Clone, Default)]
    struct Recorder(Arc<StdMutex<Recorded>>);

    #[derive(Default)]
    struct Recorded {
        busy: bool,
        buffered: Vec<String>,
        written: Vec<String>,
    }

    impl futures_util::Sink<Message> for Recorder {
        type Error = std::io::Error;
        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            if self.0.lock().unwrap().busy {
                Poll::Pending
            } else {
                Poll::Ready(Ok(()))
            }
        }
        fn start_send(self: Pin<&mut Self>, item: Message) -> std::io::Result<()> {
            let text = item.into_text().expect("text frames").to_string();
            self.0.lock().unwrap().buffered.push(text);
            Ok(())
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            let mut recorded = self.0.lock().unwrap();
            if recorded.busy {
                return Poll::Pending;
            }
            let buffered = std::mem::take(&mut recorded.buffered);
            recorded.written.extend(buffered);
            Poll::Ready(Ok(()))
        }
        fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            self.poll_flush(cx)
        }
    }

    fn frame(text: &str) -> Frame {
        Arc::new(Utf8Bytes::from(text.to_owned()))
    }

    fn drain(queued: &mut mpsc::Receiver<Frame>) -> Vec<String> {
        std::iter::from_fn(|| queued.try_recv().ok())
            .map(|f| f.as_str().to_owned())
            .collect()
    }

    #[tokio::test]
    async fn frames_go_straight_into_a_ready_socket_and_leave_in_one_write() {
        let sink = Recorder::default();
        let (outlet, mut queued) = Outlet::new(Socket::new(sink.clone()), 8);
        outlet.offer(&frame("event")).unwrap();
        outlet.offer(&frame("ack")).unwrap();
        assert!(
            sink.0.lock().unwrap().written.is_empty(),
            "nothing written before the turn ends"
        );
        outlet.flush();
        let recorded = sink.0.lock().unwrap();
        assert_eq!(recorded.written, ["event", "ack"]);
        assert!(drain(&mut queued).is_empty());
    }

    #[tokio::test]
    async fn while_the_writer_holds_the_socket_frames_queue_and_keep_their_order() {
        let sink = Recorder::default();
        let socket = Socket::new(sink.clone());
        let (outlet, mut queued) = Outlet::new(Arc::clone(&socket), 8);
        let writer = socket.sink.try_lock().unwrap();
        outlet.offer(&frame("1")).unwrap();
        drop(writer);
        // The socket is free now, but "1" waits: "2" goes behind it, not ahead.
        outlet.offer(&frame("2")).unwrap();
        outlet.flush();
        assert!(sink.0.lock().unwrap().written.is_empty());
        assert_eq!(drain(&mut queued), ["1", "2"]);
        // The writer was called.
        tokio::time::timeout(std::time::Duration::from_secs(5), socket.kicked())
            .await
            .expect("the writer is woken");
    }

    #[tokio::test]
    async fn a_socket_that_takes_nothing_leaves_the_frames_to_the_writer() {
        let sink = Recorder::default();
        sink.0.lock().unwrap().busy = true;
        let (outlet, mut queued) = Outlet::new(Socket::new(sink.clone()), 2);
        outlet.offer(&frame("a")).unwrap();
        outlet.offer(&frame("b")).unwrap();
        assert!(
            outlet.offer(&frame("c")).is_err(),
            "a full queue cannot keep up"
        );
        assert_eq!(drain(&mut queued), ["a", "b"]);
    }

    #[tokio::test]
    async fn a_flush_the_socket_cannot_finish_wakes_the_writer() {
        let sink = Recorder::default();
        let socket = Socket::new(sink.clone());
        let (outlet, _queued) = Outlet::new(Arc::clone(&socket), 8);
        outlet.offer(&frame("x")).unwrap();
        sink.0.lock().unwrap().busy = true;
        outlet.flush();
        tokio::time::timeout(std::time::Duration::from_secs(5), socket.kicked())
            .await
            .expect("the writer is woken");
        assert_eq!(sink.0.lock().unwrap().buffered, ["x"]);
    }

    #[tokio::test]
    async fn letting_go_closes_the_queue_and_wakes_the_writer() {
        let socket = Socket::new(Recorder::default());
        let (outlet, mut queued) = Outlet::new(Arc::clone(&socket), 8);
        drop(outlet);
        tokio::time::timeout(std::time::Duration::from_secs(5), socket.kicked())
            .await
            .expect("the writer is woken");
        assert!(matches!(
            queued.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
    }
}
