//! The live connection to a board: hello, resume after a drop, applying sequenced events,
//! and commands kept until the server acknowledges them.
//!
//! The WebSocket is a JavaScript object and not `Send`, so it lives in a thread-local
//! (the browser runs us on one thread); the reactive state in [`Live`] holds only
//! plain data that every component can read.

use leptos::prelude::*;
use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{Actor, CardId, Command, Event, ParticipantId, Workshop};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// State of the link to the server, shown to the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Connecting,
    Online,
    /// Disconnected; trying again.
    Offline,
    /// The server refused us for good (unknown board, bad link, old page).
    Refused(String),
}

/// Who is connected right now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presence {
    pub participants: Vec<ParticipantId>,
    pub facilitators: u32,
    pub walls: u32,
}

/// The reactive picture of one board, fed by the server's messages.
#[derive(Clone, Copy)]
pub struct Live {
    pub workshop: RwSignal<Option<Workshop>>,
    pub me: RwSignal<Option<Actor>>,
    pub status: RwSignal<Status>,
    pub presence: RwSignal<Presence>,
    /// Cards being dragged by others right now, at their live position.
    pub remote_drags: RwSignal<HashMap<CardId, (f32, f32)>>,
    /// The card this browser is dragging or has just dropped, until the server confirms.
    pub local_drag: RwSignal<Option<(CardId, f32, f32)>>,
    /// The last refusal, shown to the user until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// Commands sent and not yet acknowledged.
    pub unacked: RwSignal<usize>,
}

struct Conn {
    live: Live,
    code: String,
    credential: Credential,
    socket: Option<WebSocket>,
    last_seq: Option<u64>,
    /// Commands waiting for their ack, resent after a reconnect with the same op_id.
    unacked: Vec<(String, Command)>,
    attempt: u32,
    next_op: u64,
    op_prefix: String,
}

thread_local! {
    static CONN: RefCell<Option<Conn>> = const { RefCell::new(None) };
}

/// Opens the connection to board `code` and returns its reactive state.
pub fn connect(code: String, credential: Credential) -> Live {
    let live = Live {
        workshop: RwSignal::new(None),
        me: RwSignal::new(None),
        status: RwSignal::new(Status::Connecting),
        presence: RwSignal::new(Presence::default()),
        remote_drags: RwSignal::new(HashMap::new()),
        local_drag: RwSignal::new(None),
        notice: RwSignal::new(None),
        unacked: RwSignal::new(0),
    };
    CONN.with_borrow_mut(|conn| {
        *conn = Some(Conn {
            live,
            code,
            credential,
            socket: None,
            last_seq: None,
            unacked: Vec::new(),
            attempt: 0,
            next_op: 0,
            op_prefix: crate::random_token(6),
        })
    });
    open_socket();
    live
}

/// Sends a command; it is kept and resent until the server answers it.
pub fn send(command: Command) {
    CONN.with_borrow_mut(|conn| {
        let Some(conn) = conn else { return };
        conn.next_op += 1;
        let op_id = format!("{}-{}", conn.op_prefix, conn.next_op);
        let msg = ClientMsg::Command {
            op_id: op_id.clone(),
            command: command.clone(),
        };
        conn.unacked.push((op_id, command));
        conn.live.unacked.set(conn.unacked.len());
        if let Some(socket) = conn
            .socket
            .as_ref()
            .filter(|s| s.ready_state() == WebSocket::OPEN)
        {
            let _ = socket.send_with_str(&msg.to_json());
        }
    });
}

/// Sends a live drag position (dropped silently when offline: only the drop matters).
pub fn drag(card: CardId, x: f32, y: f32) {
    CONN.with_borrow(|conn| {
        if let Some(socket) = conn
            .as_ref()
            .and_then(|c| c.socket.as_ref())
            .filter(|s| s.ready_state() == WebSocket::OPEN)
        {
            let _ = socket.send_with_str(&ClientMsg::Drag { card, x, y }.to_json());
        }
    });
}

fn ws_url() -> String {
    let location = web_sys::window().expect("a window").location();
    let scheme = if location.protocol().as_deref() == Ok("https:") {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}/ws", location.host().unwrap_or_default())
}

fn open_socket() {
    let Ok(socket) = WebSocket::new(&ws_url()) else {
        schedule_reconnect();
        return;
    };
    let onopen = Closure::<dyn FnMut()>::new(|| {
        CONN.with_borrow_mut(|conn| {
            let Some(conn) = conn else { return };
            let Some(socket) = conn.socket.clone() else {
                return;
            };
            let hello = ClientMsg::Hello {
                protocol: PROTOCOL_VERSION,
                board: conn.code.clone(),
                credential: conn.credential.clone(),
                last_seq: conn.last_seq,
            };
            let _ = socket.send_with_str(&hello.to_json());
            // Anything not acknowledged before the drop goes again with its op_id:
            // the server applies it at most once.
            for (op_id, command) in &conn.unacked {
                let msg = ClientMsg::Command {
                    op_id: op_id.clone(),
                    command: command.clone(),
                };
                let _ = socket.send_with_str(&msg.to_json());
            }
        });
    });
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            match serde_json::from_str::<ServerMsg>(&text) {
                Ok(msg) => receive(msg),
                Err(err) => leptos::logging::warn!("unreadable server message: {err}"),
            }
        }
    });
    let onclose = Closure::<dyn FnMut(CloseEvent)>::new(|_event: CloseEvent| {
        let refused = CONN.with_borrow_mut(|conn| {
            let Some(conn) = conn else { return true };
            conn.socket = None;
            conn.live.remote_drags.set(HashMap::new());
            matches!(conn.live.status.get_untracked(), Status::Refused(_))
        });
        if !refused {
            schedule_reconnect();
        }
    });
    socket.set_onopen(Some(onopen.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    socket.set_onclose(Some(onclose.as_ref().unchecked_ref()));
    // The socket owns its handlers for as long as it lives.
    onopen.forget();
    onmessage.forget();
    onclose.forget();
    CONN.with_borrow_mut(|conn| {
        if let Some(conn) = conn {
            conn.socket = Some(socket);
        }
    });
}

/// Retries with exponential backoff and jitter, so a room full of phones coming back
/// after a Wi-Fi drop does not hit the server in the same millisecond.
fn schedule_reconnect() {
    let delay = CONN.with_borrow_mut(|conn| {
        let conn = conn.as_mut()?;
        conn.live.status.set(Status::Offline);
        conn.attempt = (conn.attempt + 1).min(6);
        let base = 250.0 * f64::from(1u32 << conn.attempt);
        Some((base * (0.5 + js_sys::Math::random())) as i32)
    });
    let Some(delay) = delay else { return };
    let retry = Closure::once_into_js(open_socket);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay);
    }
}

fn receive(msg: ServerMsg) {
    let Some(live) = CONN.with_borrow(|conn| conn.as_ref().map(|c| c.live)) else {
        return;
    };
    match msg {
        ServerMsg::Welcome { you, .. } => {
            CONN.with_borrow_mut(|conn| {
                if let Some(conn) = conn {
                    conn.attempt = 0;
                }
            });
            live.me.set(Some(you));
            live.status.set(Status::Online);
        }
        ServerMsg::Snapshot { seq, state } => {
            set_last_seq(seq);
            live.workshop.set(Some(state));
        }
        ServerMsg::Event { seq, event } => apply(live, seq, event),
        ServerMsg::Ack { op_id, .. } => settle(live, &op_id),
        ServerMsg::Rejected { op_id, message, .. } => {
            if let Some(op_id) = op_id {
                settle(live, &op_id);
            }
            // A refused drop leaves the card where the server has it.
            live.local_drag.set(None);
            live.notice.set(Some(message));
        }
        ServerMsg::You { you } => live.me.set(Some(you)),
        ServerMsg::Drag { card, x, y, .. } => {
            live.remote_drags.update(|drags| {
                drags.insert(card, (x, y));
            });
        }
        ServerMsg::Presence {
            participants,
            facilitators,
            walls,
        } => live.presence.set(Presence {
            participants,
            facilitators,
            walls,
        }),
        ServerMsg::Error { message, .. } => live.status.set(Status::Refused(message)),
    }
}

fn set_last_seq(seq: u64) {
    CONN.with_borrow_mut(|conn| {
        if let Some(conn) = conn {
            conn.last_seq = Some(seq);
        }
    });
}

/// Applies events strictly in sequence. A duplicate is ignored; a gap means we missed
/// something, so we reconnect and let the server replay from our last `seq`.
fn apply(live: Live, seq: u64, event: Event) {
    let last = CONN.with_borrow(|conn| conn.as_ref().and_then(|c| c.last_seq));
    match last {
        Some(last) if seq <= last => return,
        Some(last) if seq == last + 1 => {}
        _ => {
            CONN.with_borrow(|conn| {
                if let Some(socket) = conn.as_ref().and_then(|c| c.socket.as_ref()) {
                    let _ = socket.close();
                }
            });
            return;
        }
    }
    if let Event::CardMoved { card, .. } = &event {
        live.remote_drags.update(|drags| {
            drags.remove(card);
        });
        if live
            .local_drag
            .get_untracked()
            .is_some_and(|(id, _, _)| id == *card)
        {
            live.local_drag.set(None);
        }
    }
    live.workshop.update(|w| {
        if let Some(w) = w {
            w.apply(&event);
        }
    });
    set_last_seq(seq);
}

fn settle(live: Live, op_id: &str) {
    CONN.with_borrow_mut(|conn| {
        if let Some(conn) = conn {
            conn.unacked.retain(|(id, _)| id != op_id);
            live.unacked.set(conn.unacked.len());
        }
    });
}
