//! The WebSocket floor: the `fanout` and `boards` loads through a relay that speaks
//! WebSocket and copies each text frame, unread, to the other members of its group. The
//! frames are Panneau's own `event` messages, and the clients parse them as they parse
//! Panneau's; there is no board, no decision and no storage. Between the raw TCP floor
//! and Panneau, it says how much of the gap is the protocol itself (framing, masking,
//! JSON on the clients) and how much is Panneau's work behind it.

use crate::tcp::Relay;
use crate::{card_moved, encode, ws_config, Args, Mover, Report};
use anyhow::{bail, Context, Result};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client of the relay: moves card `card`, which is its own number.
pub struct WsMover {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    card: u32,
}

impl WsMover {
    pub async fn connect(addr: SocketAddr, group: u32, card: u32) -> Result<WsMover> {
        let (mut socket, _) = tokio_tungstenite::connect_async_with_config(
            format!("ws://{addr}/"),
            Some(ws_config()),
            true,
        )
        .await?;
        socket.send(Message::text(group.to_string())).await?;
        match socket.next().await {
            Some(Ok(Message::Text(ok))) if ok.as_str() == "ok" => {}
            other => bail!("the relay did not welcome the client: {other:?}"),
        }
        Ok(WsMover { socket, card })
    }
}

impl Mover for WsMover {
    async fn send_move(&mut self, k: u64) -> Result<()> {
        let (x, y) = encode(k);
        // The shape and size of the event Panneau sends for a move.
        let event = format!(
            r#"{{"type":"event","seq":{k},"event":{{"type":"card_moved","card":{},"x":{x:.1},"y":{y:.1}}}}}"#,
            self.card
        );
        self.socket.send(Message::text(event)).await?;
        Ok(())
    }

    async fn next_move(&mut self) -> Result<Option<u64>> {
        while let Some(frame) = self.socket.next().await {
            let Message::Text(text) = frame? else {
                continue;
            };
            // The relay does not echo a client's own moves.
            if let Some((_, k)) = card_moved(&text)? {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }
}

type Sink = Arc<tokio::sync::Mutex<SplitSink<WebSocketStream<TcpStream>, Message>>>;
type Group = Arc<Mutex<Vec<(u64, Sink)>>>;

/// Serves WebSocket clients until killed; prints the address it listens on.
pub async fn relay() -> Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("relay listening on {}", listener.local_addr()?);
    let groups: Arc<Mutex<HashMap<u32, Group>>> = Arc::default();
    let mut next_id = 0u64;
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        next_id += 1;
        let (groups, id) = (groups.clone(), next_id);
        tokio::spawn(async move {
            if let Err(err) = member(stream, id, groups).await {
                eprintln!("relay: {err:#}");
                std::process::exit(1);
            }
        });
    }
}

async fn member(stream: TcpStream, id: u64, groups: Arc<Mutex<HashMap<u32, Group>>>) -> Result<()> {
    let socket = tokio_tungstenite::accept_async_with_config(stream, Some(ws_config())).await?;
    let (sink, mut frames) = socket.split();
    let sink: Sink = Arc::new(tokio::sync::Mutex::new(sink));
    let group: u32 = match frames.next().await {
        Some(Ok(Message::Text(text))) => text.parse().context("a group number")?,
        _ => return Ok(()),
    };
    sink.lock().await.send(Message::text("ok")).await?;
    let members = groups.lock().unwrap().entry(group).or_default().clone();
    members.lock().unwrap().push((id, sink));
    // A client of a finished run goes without a closing handshake: that ends its
    // membership, as any read error does, and is no failure of the relay.
    while let Some(Ok(frame)) = frames.next().await {
        let Message::Text(text) = frame else {
            continue;
        };
        let others: Vec<Sink> = members
            .lock()
            .unwrap()
            .iter()
            .filter(|(other, _)| *other != id)
            .map(|(_, sink)| sink.clone())
            .collect();
        // The frame's payload is shared, not copied, between the recipients. A member
        // that cannot take it is leaving; the generator counts what it missed.
        for other in others {
            let _ = other.lock().await.send(Message::Text(text.clone())).await;
        }
    }
    members.lock().unwrap().retain(|(other, _)| *other != id);
    Ok(())
}

/// The WebSocket relay: the protocol's own cost.
const RELAY: Relay = Relay {
    process: "ws-relay",
    names: ["ws-fanout", "ws-boards"],
    sync: "none",
};

/// Runs the load through the WebSocket relay.
pub async fn run(args: &Args, many_boards: bool, rate: Option<f64>) -> Result<Report> {
    crate::tcp::relayed(args, many_boards, rate, &RELAY, WsMover::connect).await
}
