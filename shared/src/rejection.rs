//! Why a command was refused: a stable machine code plus a sentence a person understands.

use crate::model::{Phase, Round, StickerColor};
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
    /// The command does not belong to the current phase of the workshop.
    WrongPhase,
    /// The participant does not exist on this board.
    UnknownParticipant,
    /// The group does not exist on this board.
    UnknownGroup,
    /// The theme does not exist on this board.
    UnknownTheme,
    /// The participant has no group in this round, or the card belongs to another group.
    NotInGroup,
    /// More cards would be kept, or written, than the quota allows.
    QuotaExceeded,
    /// A group cannot finish before it keeps exactly its quota.
    QuotaNotMet,
    /// The group declared itself done; it must reopen before changing its cards.
    GroupDone,
    /// There is no countdown to pause, resume or extend, or it is already in that state.
    NoTimer,
    /// The server could not store the change; nothing was applied.
    Unavailable,
    /// Too many messages too fast (or too many attempts from one address): the detail says
    /// when to try again.
    RateLimited,
}

impl RejectionCode {
    /// Every code, for tests and documentation.
    pub const ALL: [RejectionCode; 20] = [
        RejectionCode::Invalid,
        RejectionCode::NotAllowed,
        RejectionCode::NotJoined,
        RejectionCode::AlreadyJoined,
        RejectionCode::UnknownCard,
        RejectionCode::UnknownSticker,
        RejectionCode::BudgetExhausted,
        RejectionCode::DuplicateSticker,
        RejectionCode::BoardFull,
        RejectionCode::WrongPhase,
        RejectionCode::UnknownParticipant,
        RejectionCode::UnknownGroup,
        RejectionCode::UnknownTheme,
        RejectionCode::NotInGroup,
        RejectionCode::QuotaExceeded,
        RejectionCode::QuotaNotMet,
        RejectionCode::GroupDone,
        RejectionCode::NoTimer,
        RejectionCode::Unavailable,
        RejectionCode::RateLimited,
    ];

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
            RejectionCode::WrongPhase => "wrong_phase",
            RejectionCode::UnknownParticipant => "unknown_participant",
            RejectionCode::UnknownGroup => "unknown_group",
            RejectionCode::UnknownTheme => "unknown_theme",
            RejectionCode::NotInGroup => "not_in_group",
            RejectionCode::QuotaExceeded => "quota_exceeded",
            RejectionCode::QuotaNotMet => "quota_not_met",
            RejectionCode::GroupDone => "group_done",
            RejectionCode::NoTimer => "no_timer",
            RejectionCode::Unavailable => "unavailable",
            RejectionCode::RateLimited => "rate_limited",
        }
    }
}

/// A refused command. Never a panic and never a silent drop: the sender always learns why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: RejectionCode,
    /// The reason in English, for people reading logs and for scripts.
    pub message: String,
    /// For the refusals people meet most in the room, the numbers behind them, so that
    /// every screen can say it in its own language (`i18n::refusal::detail`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
}

/// A group as people name it: its round and its number in that round ("Pair 1").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupName {
    pub round: Round,
    pub number: u32,
}

/// What lies behind a refusal, in numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// The group already keeps its quota; one card must be unmarked first.
    KeepQuota {
        group: GroupName,
        kept: u32,
        quota: u32,
    },
    /// The group cannot finish without keeping exactly its quota.
    FinishQuota {
        group: GroupName,
        kept: u32,
        quota: u32,
    },
    /// The group declared itself done.
    GroupDone { group: GroupName },
    /// All the ideas one may write are written.
    IdeasWritten { quota: u32 },
    /// All one's stickers of a colour are placed.
    StickersPlaced { color: StickerColor, budget: u32 },
    /// Too fast: what was sent is dropped; try again after this many seconds.
    SlowDown { retry_after_s: u32 },
    /// The facilitator closed the door to new participants.
    DoorClosed,
    /// Not now: this is done from phase `from` to phase `to` (the same phase when it is
    /// done in one only).
    OnlyDuring { from: Phase, to: Phase },
    /// The round of this phase is over; going back to it allows the change.
    PhaseOver { phase: Phase },
    /// A person may change only what is theirs.
    OwnOnly { what: Owned },
    /// The facilitator took this person off the workshop.
    TakenOff,
}

/// What a person may change only when it is theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owned {
    /// Their ideas, while they are written.
    Ideas,
    /// Their cards on the panel, in the plenary.
    PanelCards,
    /// Their stickers, in the vote.
    Stickers,
    /// Their group, to declare it done.
    Group,
}

impl Rejection {
    pub fn new(code: RejectionCode, message: impl Into<String>) -> Rejection {
        Rejection {
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A refusal with its numbers; its English message comes from the catalogue.
    pub fn detailed(code: RejectionCode, detail: Detail) -> Rejection {
        Rejection {
            code,
            message: crate::i18n::refusal::detail(crate::Lang::En, &detail),
            detail: Some(detail),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Rejection {}
