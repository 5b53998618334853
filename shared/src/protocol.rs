//! The JSON messages exchanged over `/ws`; `docs/protocol.md` shows an example of each.
//!
//! A client opens the socket and sends [`ClientMsg::Hello`]. The server answers
//! [`ServerMsg::Welcome`], then either a [`ServerMsg::Snapshot`] or the events the client
//! missed since the `last_seq` it gave, then live traffic. Every command carries an `op_id`
//! chosen by the client and is answered by exactly one `Ack` or `Rejected`; a retried
//! `op_id` is answered again, never applied twice.

use crate::ids::{CardId, ParticipantId};
use crate::model::{Actor, Command, Event, Workshop};
use crate::rejection::{Detail, Rejection, RejectionCode};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes shape; an old tab gets a clear error, not confusion.
pub const PROTOCOL_VERSION: u32 = 3;

/// Largest text frame the server reads from a client.
pub const MAX_CLIENT_MESSAGE_BYTES: usize = 16 * 1024;

/// Longest `op_id` a client may choose.
pub const MAX_OP_ID: usize = 64;

/// How a connection proves who it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credential {
    /// The secret of the facilitator link.
    Facilitator { key: String },
    /// A random token the participant's browser keeps; the same token on another device
    /// is the same participant. An unknown token connects as a guest who may join.
    Participant { token: String },
    /// A read-only display.
    Wall,
}

/// Messages from a client to the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    /// First message of every connection.
    Hello {
        protocol: u32,
        /// The board's join code.
        board: String,
        credential: Credential,
        /// The last sequence number this client applied, to resume without a snapshot.
        #[serde(default)]
        last_seq: Option<u64>,
    },
    /// A change to the board, answered by `ack` or `rejected` with the same `op_id`.
    /// The facilitator may name a participant to act on their behalf.
    Command {
        op_id: String,
        command: Command,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_behalf_of: Option<ParticipantId>,
    },
    /// A card being dragged: relayed live to others, neither sequenced nor stored.
    Drag { card: CardId, x: f32, y: f32 },
}

/// Messages from the server to a client.
// A message is built, serialised once and dropped; its size in memory never adds up.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The hello was accepted.
    Welcome {
        protocol: u32,
        /// Who this connection acts as.
        you: Actor,
        /// The server's clock (ms since the Unix epoch), so clients can count down timers.
        server_time_ms: u64,
        /// The facilitator only: the key that opens the board's report and exports at
        /// any phase (`/api/boards/CODE/report.html?key=…`), and nothing else.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outputs_key: Option<String>,
    },
    /// The whole board as this client may see it, as of `seq`. Also sent in place of an
    /// event that changes what everyone may see (a phase, the groups).
    Snapshot { seq: u64, state: Box<Workshop> },
    /// One sequenced change. `seq` grows with every event of the board; a client only
    /// receives the events it may see, so it may skip numbers.
    Event { seq: u64, event: Event },
    /// The command `op_id` was applied and is durable; its last event has `seq`.
    Ack { op_id: String, seq: u64 },
    /// The command `op_id` (if the message had one) was refused; nothing changed.
    Rejected {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        op_id: Option<String>,
        code: RejectionCode,
        message: String,
        /// The numbers behind the refusal, for screens in other languages.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<Detail>,
    },
    /// This connection's identity changed (a guest joined and is now a participant).
    You { you: Actor },
    /// Someone is dragging a card (transient).
    Drag {
        card: CardId,
        x: f32,
        y: f32,
        by: Actor,
    },
    /// Who is connected right now.
    Presence {
        participants: Vec<ParticipantId>,
        /// On how many devices each of `participants` is connected, in the same order.
        #[serde(default)]
        devices: Vec<u32>,
        facilitators: u32,
        walls: u32,
    },
    /// The connection cannot go on (wrong protocol, unknown board, bad credential); the
    /// server closes it after this message.
    Error {
        code: RejectionCode,
        message: String,
        /// The numbers behind it, for a screen to say it in its own language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<crate::rejection::Detail>,
    },
}

impl ServerMsg {
    /// The answer to a refused command.
    pub fn rejected(op_id: Option<String>, rejection: Rejection) -> ServerMsg {
        ServerMsg::Rejected {
            op_id,
            code: rejection.code,
            message: rejection.message,
            detail: rejection.detail,
        }
    }

    /// Serialises the message. Our types always serialise (no maps with non-string keys
    /// in messages, no failing `Serialize` impls), hence no `Result`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("server messages always serialise")
    }
}

impl ClientMsg {
    /// Parses a client frame, turning every failure into a rejection the sender can read.
    pub fn parse(text: &str) -> Result<ClientMsg, Rejection> {
        if text.len() > MAX_CLIENT_MESSAGE_BYTES {
            return Err(Rejection::new(
                RejectionCode::Invalid,
                format!(
                    "message too large ({} bytes, at most {MAX_CLIENT_MESSAGE_BYTES})",
                    text.len()
                ),
            ));
        }
        let msg: ClientMsg = serde_json::from_str(text).map_err(|err| {
            Rejection::new(RejectionCode::Invalid, format!("malformed message: {err}"))
        })?;
        if let ClientMsg::Command { op_id, .. } = &msg {
            if op_id.is_empty() || op_id.len() > MAX_OP_ID {
                return Err(Rejection::new(
                    RejectionCode::Invalid,
                    format!("op_id must be 1 to {MAX_OP_ID} bytes"),
                ));
            }
        }
        Ok(msg)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("client messages always serialise")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The client messages the protocol document shows, the seeds of the decoder's fuzzing.
    fn documented_client_messages() -> Vec<String> {
        let doc = include_str!("../../docs/protocol.md");
        doc.split("```json")
            .skip(1)
            .filter_map(|block| block.split("```").next())
            .flat_map(|block| block.lines())
            .filter(|line| ClientMsg::parse(line).is_ok())
            .map(str::to_owned)
            .collect()
    }

    /// A decoder's answer to anything: a message, or a refusal that says it is invalid.
    fn parses_or_is_refused(text: &str) {
        if let Err(rejection) = ClientMsg::parse(text) {
            assert_eq!(rejection.code, RejectionCode::Invalid, "{text:?}");
            assert!(!rejection.message.is_empty());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: crate::fuzz_cases(256),
            ..ProptestConfig::default()
        })]

        /// Any text at all is parsed or refused as invalid, never a panic.
        #[test]
        fn fuzz_decoder_any_text(text in "\\PC{0,400}") {
            parses_or_is_refused(&text);
        }

        /// Real messages with bytes replaced, inserted or removed, near-valid as an attacker
        /// would make them.
        #[test]
        fn fuzz_decoder_mutated_messages(
            pick in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        ) {
            let examples = documented_client_messages();
            let mut bytes = examples[pick.index(examples.len())].clone().into_bytes();
            for (at, byte, kind) in edits {
                let at = at.index(bytes.len() + 1);
                match kind {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => { bytes.remove(at); }
                    _ => {}
                }
            }
            parses_or_is_refused(&String::from_utf8_lossy(&bytes));
        }
    }

    use super::*;
    use crate::model::{NewWorkshop, StickerColor};

    #[test]
    fn command_round_trips_in_the_documented_shape() {
        let msg = ClientMsg::Command {
            op_id: "a1".into(),
            command: Command::PlaceSticker {
                card: CardId(3),
                color: StickerColor::Green,
            },
            on_behalf_of: None,
        };
        let json = msg.to_json();
        assert_eq!(
            json,
            r#"{"type":"command","op_id":"a1","command":{"type":"place_sticker","card":3,"color":"green"}}"#
        );
        assert_eq!(ClientMsg::parse(&json).unwrap(), msg);
        let proxied = r#"{"type":"command","op_id":"a2","command":{"type":"set_core_value","value":"Trust"},"on_behalf_of":4}"#;
        assert!(matches!(
            ClientMsg::parse(proxied).unwrap(),
            ClientMsg::Command {
                on_behalf_of: Some(ParticipantId(4)),
                ..
            }
        ));
    }

    #[test]
    fn malformed_oversized_and_bad_op_ids_are_rejected_with_a_reason() {
        let cases = [
            ("{", "malformed message"),
            (r#"{"type":"launch_rockets"}"#, "malformed message"),
            (
                r#"{"type":"command","op_id":"","command":{"type":"remove_sticker","sticker":1}}"#,
                "op_id must be",
            ),
        ];
        for (text, expected) in cases {
            let err = ClientMsg::parse(text).unwrap_err();
            assert_eq!(err.code, RejectionCode::Invalid);
            assert!(err.message.contains(expected), "{text}: {}", err.message);
        }
        let huge = format!(
            r#"{{"type":"drag","card":1,"x":1,"y":1,"pad":"{}"}}"#,
            "x".repeat(MAX_CLIENT_MESSAGE_BYTES)
        );
        assert!(ClientMsg::parse(&huge)
            .unwrap_err()
            .message
            .contains("too large"));
    }

    #[test]
    fn a_snapshot_survives_the_round_trip() {
        use crate::model::Workshop;
        let mut state = Workshop::default();
        state.apply(
            &Workshop::create(
                &NewWorkshop {
                    title: "T".into(),
                    question: "Q".into(),
                    ..NewWorkshop::default()
                },
                0,
            )
            .unwrap(),
        );
        state.apply(&Event::Joined {
            participant: crate::model::Participant {
                id: crate::ParticipantId(7),
                name: "Ana".into(),
                organisation: String::new(),
                core_value: "Trust".into(),
                proxy: false,
                removed: false,
            },
        });
        let msg = ServerMsg::Snapshot {
            seq: 2,
            state: Box::new(state),
        };
        let back: ServerMsg = serde_json::from_str(&msg.to_json()).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn hello_without_last_seq_is_accepted() {
        let msg = ClientMsg::parse(
            r#"{"type":"hello","protocol":2,"board":"ABC123","credential":{"kind":"wall"}}"#,
        )
        .unwrap();
        assert!(matches!(msg, ClientMsg::Hello { last_seq: None, .. }));
    }

    /// Every JSON example in `docs/protocol.md` is a message the code accepts, and every
    /// command and event type has one: the page alone is enough to write a client.
    #[test]
    fn every_documented_example_parses_and_every_message_is_documented() {
        let doc = include_str!("../../docs/protocol.md");
        let mut commands = std::collections::BTreeSet::new();
        let mut events = std::collections::BTreeSet::new();
        let mut checked = 0;
        for block in doc.split("```json").skip(1) {
            let block = block.split("```").next().unwrap();
            for value in serde_json::Deserializer::from_str(block).into_iter::<serde_json::Value>()
            {
                let value = value.unwrap_or_else(|e| panic!("bad JSON in the doc: {e}\n{block}"));
                if value.get("type").is_none() {
                    continue; // an HTTP answer
                }
                let text = value.to_string();
                let client = serde_json::from_str::<ClientMsg>(&text);
                let server = serde_json::from_str::<ServerMsg>(&text);
                assert!(client.is_ok() || server.is_ok(), "{text}: {server:?}");
                if let Ok(ClientMsg::Command { command, .. }) = client {
                    commands.insert(command_name(&command));
                }
                if let Ok(ServerMsg::Event { event, .. }) = server {
                    events.insert(
                        serde_json::to_value(&event).unwrap()["type"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 60);
        assert_eq!(commands.len(), 38, "documented commands: {commands:?}");
        assert_eq!(events.len(), 35, "documented events: {events:?}");
        for code in RejectionCode::ALL {
            assert!(
                doc.contains(&format!("`{}`", code.as_str())),
                "{code:?} is undocumented"
            );
        }
    }

    /// Exhaustive on purpose: a new command fails to compile here until it is counted
    /// above and documented.
    fn command_name(command: &Command) -> &'static str {
        match command {
            Command::Join { .. } => "join",
            Command::AddProxy { .. } => "add_proxy",
            Command::SetDoor { .. } => "set_door",
            Command::RemoveParticipant { .. } => "remove_participant",
            Command::SetCoreValue { .. } => "set_core_value",
            Command::UpdateSettings { .. } => "update_settings",
            Command::UpdateDetails { .. } => "update_details",
            Command::SetFollowUps { .. } => "set_follow_ups",
            Command::SetLanguage { .. } => "set_language",
            Command::SetSynthesis { .. } => "set_synthesis",
            Command::SetPhase { .. } => "set_phase",
            Command::StartTimer { .. } => "start_timer",
            Command::PauseTimer => "pause_timer",
            Command::ResumeTimer => "resume_timer",
            Command::AddTime { .. } => "add_time",
            Command::ClearTimer => "clear_timer",
            Command::AddCard { .. } => "add_card",
            Command::MoveCard { .. } => "move_card",
            Command::EditCard { .. } => "edit_card",
            Command::WithdrawCard { .. } => "withdraw_card",
            Command::RestoreCard { .. } => "restore_card",
            Command::FormGroups { .. } => "form_groups",
            Command::MoveMember { .. } => "move_member",
            Command::SetGroupQuota { .. } => "set_group_quota",
            Command::Keep { .. } => "keep",
            Command::MergeCards { .. } => "merge_cards",
            Command::SetDone { .. } => "set_done",
            Command::OrderGroups { .. } => "order_groups",
            Command::AddTheme { .. } => "add_theme",
            Command::RenameTheme { .. } => "rename_theme",
            Command::MoveTheme { .. } => "move_theme",
            Command::RemoveTheme { .. } => "remove_theme",
            Command::SetCardTheme { .. } => "set_card_theme",
            Command::SetThemeArea { .. } => "set_theme_area",
            Command::Present { .. } => "present",
            Command::PlaceSticker { .. } => "place_sticker",
            Command::MoveSticker { .. } => "move_sticker",
            Command::RemoveSticker { .. } => "remove_sticker",
        }
    }
}
