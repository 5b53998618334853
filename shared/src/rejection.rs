//! Why a command was refused: a stable machine code plus a sentence a person understands.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The stable, machine-readable reason of a [`Rejection`]. Clients switch on it; the
/// wording of the message may change, the code does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// The message could not be parsed, is too large, or a field is out of range.
    Invalid,
    /// This role may not do this (e.g. the wall, or someone else's sticker).
    NotAllowed,
    /// A participant must join before acting.
    NotJoined,
    /// This connection already joined as a participant.
    AlreadyJoined,
    /// The card does not exist on this board.
    UnknownCard,
    /// The sticker does not exist on this board.
    UnknownSticker,
    /// All stickers of this colour are already placed.
    BudgetExhausted,
    /// The workshop forbids several stickers of this colour on one card.
    DuplicateSticker,
    /// The board holds as many items as it may.
    BoardFull,
    /// The server could not store the change; nothing was applied.
    Unavailable,
}

impl RejectionCode {
    /// The wire name of the code, as it appears in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::Invalid => "invalid",
            RejectionCode::NotAllowed => "not_allowed",
            RejectionCode::NotJoined => "not_joined",
            RejectionCode::AlreadyJoined => "already_joined",
            RejectionCode::UnknownCard => "unknown_card",
            RejectionCode::UnknownSticker => "unknown_sticker",
            RejectionCode::BudgetExhausted => "budget_exhausted",
            RejectionCode::DuplicateSticker => "duplicate_sticker",
            RejectionCode::BoardFull => "board_full",
            RejectionCode::Unavailable => "unavailable",
        }
    }
}

/// A refused command. Never a panic and never a silent drop: the sender always learns why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: RejectionCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectionCode, message: impl Into<String>) -> Rejection {
        Rejection {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Rejection {}
