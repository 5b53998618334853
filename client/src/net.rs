//! The live connection to a board: hello, resume after a drop, applying sequenced events,
//! commands kept until the server acknowledges them, and the server's clock for countdowns.
//!
//! The WebSocket is a JavaScript object and not `Send`, so it lives in a thread-local
//! (the browser runs us on one thread); the reactive state in [`Live`] holds only
//! plain data that every component can read.

use leptos::prelude::*;
use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{Actor, CardId, Command, Event, ParticipantId, Phase, Workshop};
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
    /// On how many devices each of `participants` is connected.
    pub devices: Vec<u32>,
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
    /// Cards being dragged by others right now, at their live position, with when it was
    /// last heard of (on the clock of `now_ms`).
    pub remote_drags: RwSignal<HashMap<CardId, (f32, f32, u64)>>,
    /// The card this browser is dragging or has just dropped, until the server confirms.
    pub local_drag: RwSignal<Option<(CardId, f32, f32)>>,
    /// The last refusal, shown to the user until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// Commands sent and not yet acknowledged.
    pub unacked: RwSignal<usize>,
    /// The facilitator's choice of a participant to act for (someone without a device);
    /// participant commands sent with [`act`] then carry `on_behalf_of`.
    pub acting_for: RwSignal<Option<ParticipantId>>,
    /// The server's clock minus ours (ms), learnt from the welcome, so every screen counts
    /// a countdown down to the same second whatever its own clock says.
    pub clock_offset: RwSignal<f64>,
    /// The server's time now (ms since the Unix epoch), refreshed every second.
    pub now_ms: RwSignal<u64>,
    /// The facilitator's key to the board's report and exports at any phase.
    pub outputs_key: RwSignal<Option<String>>,
    /// The board's join code.
    pub code: StoredValue<String>,
}

impl Live {
    /// Reads the board, or gives the default while it has not arrived yet.
    pub fn with<T: Default>(&self, f: impl FnOnce(&Workshop) -> T) -> T {
        self.workshop
            .with(|w| w.as_ref().map(f).unwrap_or_default())
    }

    /// The current phase, once the board has arrived.
    pub fn phase(&self) -> Option<Phase> {
        self.with(|w| Some(w.phase))
    }

    /// The participant this connection is.
    pub fn participant(&self) -> Option<ParticipantId> {
        match self.me.get() {
            Some(Actor::Participant { id }) => Some(id),
            _ => None,
        }
    }

    pub fn is_facilitator(&self) -> bool {
        self.me.get() == Some(Actor::Facilitator)
    }

    /// Whose work the participant controls show: this participant, or the one the
    /// facilitator acts for.
    /// Where someone else is dragging `card` right now. A drag not heard of for
    /// [`DRAG_FORGOTTEN_MS`] is over without a drop (its author left, or let go where the
    /// card was): the card shows where the server has it again.
    pub fn remote_drag(&self, card: CardId) -> Option<(f32, f32)> {
        let now = self.now_ms.get();
        self.remote_drags.with(|drags| {
            drags
                .get(&card)
                .filter(|(_, _, at)| now.saturating_sub(*at) < DRAG_FORGOTTEN_MS)
                .map(|(x, y, _)| (*x, *y))
        })
    }

    pub fn person(&self) -> Option<ParticipantId> {
        self.participant().or_else(|| {
            self.is_facilitator()
                .then(|| self.acting_for.get())
                .flatten()
        })
    }
}

struct Conn {
    live: Live,
    code: String,
    credential: Credential,
    socket: Option<WebSocket>,
    last_seq: Option<u64>,
    /// Commands waiting for their ack, resent after a reconnect with the same op_id.
    unacked: Vec<Pending>,
    attempt: u32,
    next_op: u64,
    op_prefix: String,
}

/// A command waiting for its ack.
struct Pending {
    op_id: String,
    command: Command,
    on_behalf_of: Option<ParticipantId>,
}

impl Pending {
    fn message(&self) -> String {
        ClientMsg::Command {
            op_id: self.op_id.clone(),
            command: self.command.clone(),
            on_behalf_of: self.on_behalf_of,
        }
        .to_json()
    }
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
        acting_for: RwSignal::new(None),
        clock_offset: RwSignal::new(0.0),
        now_ms: RwSignal::new(js_sys::Date::now() as u64),
        outputs_key: RwSignal::new(None),
        code: StoredValue::new(code.clone()),
    };
    // One tick a second drives every countdown on the page.
    set_interval(
        move || {
            live.now_ms
                .set((js_sys::Date::now() + live.clock_offset.get_untracked()) as u64)
        },
        std::time::Duration::from_secs(1),
    );
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

/// Sends a command as this connection; it is kept and resent until the server answers it.
pub fn send(command: Command) {
    send_as(command, None);
}

/// Sends a command that a participant does: when the facilitator has chosen someone to
/// act for, on their behalf.
pub fn act(live: Live, command: Command) {
    let on_behalf_of = match live.me.get_untracked() {
        Some(Actor::Facilitator) => live.acting_for.get_untracked(),
        _ => None,
    };
    send_as(command, on_behalf_of);
}

fn send_as(command: Command, on_behalf_of: Option<ParticipantId>) {
    CONN.with_borrow_mut(|conn| {
        let Some(conn) = conn else { return };
        conn.next_op += 1;
        let pending = Pending {
            op_id: format!("{}-{}", conn.op_prefix, conn.next_op),
            command,
            on_behalf_of,
        };
        if let Some(socket) = conn
            .socket
            .as_ref()
            .filter(|s| s.ready_state() == WebSocket::OPEN)
        {
            let _ = socket.send_with_str(&pending.message());
        }
        conn.unacked.push(pending);
        conn.live.unacked.set(conn.unacked.len());
    });
}

/// How long a drag relayed by someone else counts without news (see [`Live::remote_drag`]).
const DRAG_FORGOTTEN_MS: u64 = 10_000;

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
            for pending in &conn.unacked {
                let _ = socket.send_with_str(&pending.message());
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

/// What a refusal without numbers says to this person: the server's own sentence on an
/// English screen (it may name a phase or a limit), the catalogue's for its code otherwise.
fn refusal_text(code: panneau_shared::RejectionCode, message: String) -> String {
    match crate::lang() {
        panneau_shared::Lang::En => message,
        lang => panneau_shared::i18n::refusal::refusal(lang, code).to_owned(),
    }
}

/// A reason as a sentence: a capital and a full stop. ASCII only, which the reasons start
/// with, and which spares the bundle Unicode's case tables.
fn as_sentence(mut text: String) -> String {
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

fn receive(msg: ServerMsg) {
    let Some(live) = CONN.with_borrow(|conn| conn.as_ref().map(|c| c.live)) else {
        return;
    };
    match msg {
        ServerMsg::Welcome {
            you,
            server_time_ms,
            outputs_key,
            ..
        } => {
            live.outputs_key.set(outputs_key);
            CONN.with_borrow_mut(|conn| {
                if let Some(conn) = conn {
                    conn.attempt = 0;
                }
            });
            // Half a round trip off at worst: good enough for a countdown in seconds.
            let offset = server_time_ms as f64 - js_sys::Date::now();
            live.clock_offset.set(offset);
            live.now_ms.set((js_sys::Date::now() + offset) as u64);
            live.me.set(Some(you));
            live.status.set(Status::Online);
        }
        // The first picture of the board, or a fresh one after a change of what this
        // client may see (a phase, the groups): it replaces everything.
        ServerMsg::Snapshot { seq, state } => {
            set_last_seq(seq);
            if live
                .local_drag
                .get_untracked()
                .is_some_and(|(card, _, _)| !state.cards.contains_key(&card))
            {
                live.local_drag.set(None);
            }
            live.workshop.set(Some(*state));
        }
        ServerMsg::Event { seq, event } => apply(live, seq, event),
        ServerMsg::Ack { op_id, .. } => settle(live, &op_id),
        ServerMsg::Rejected {
            op_id,
            code,
            message,
            detail,
        } => {
            if let Some(op_id) = op_id {
                settle(live, &op_id);
            }
            // A refused drop leaves the card where the server has it.
            live.local_drag.set(None);
            let text = match detail {
                Some(detail) => panneau_shared::i18n::refusal::detail(crate::lang(), &detail),
                None => refusal_text(code, message),
            };
            live.notice.set(Some(as_sentence(text)));
        }
        ServerMsg::You { you } => live.me.set(Some(you)),
        ServerMsg::Drag { card, x, y, .. } => {
            let at = (js_sys::Date::now() + live.clock_offset.get_untracked()) as u64;
            live.remote_drags.update(|drags| {
                drags.insert(card, (x, y, at));
            });
        }
        ServerMsg::Presence {
            participants,
            devices,
            facilitators,
            walls,
        } => live.presence.set(Presence {
            participants,
            devices,
            facilitators,
            walls,
        }),
        ServerMsg::Error {
            code,
            message,
            detail,
        } => live.status.set(Status::Refused(match detail {
            Some(detail) => as_sentence(panneau_shared::i18n::refusal::detail(
                crate::lang(),
                &detail,
            )),
            None => refusal_text(code, message),
        })),
    }
}

fn set_last_seq(seq: u64) {
    CONN.with_borrow_mut(|conn| {
        if let Some(conn) = conn {
            conn.last_seq = Some(seq);
        }
    });
}

/// Applies an event newer than the last one applied. A client receives only the events it
/// may see, so numbers skip and a skip is no gap; a replayed or duplicate one is ignored,
/// and so is one before the first snapshot (there is nothing to apply it to yet).
fn apply(live: Live, seq: u64, event: Event) {
    let last = CONN.with_borrow(|conn| conn.as_ref().and_then(|c| c.last_seq));
    if last.is_none_or(|last| seq <= last) {
        return;
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
            conn.unacked.retain(|p| p.op_id != op_id);
            live.unacked.set(conn.unacked.len());
        }
    });
}
