//! Panneau's workshop model and wire protocol, shared by the server and the browser.
//!
//! # Layout
//! - [`model`]: the [`Workshop`] state and its rules, `decide` (command → events or a
//!   [`Rejection`]) and `apply` (event → new state). Every rule lives here once.
//! - [`protocol`]: the JSON messages that travel over the WebSocket.
//! - [`rejection`]: why a command was refused, with a stable code and a sentence.
//! - [`export`]: the workshop as a versioned JSON file, and its checked import.
//! - [`i18n`]: every word of the screens, in every language.
//!
//! This crate does no I/O and knows nothing of sockets, clocks or storage: the server
//! feeds it commands and persists the events; the browser applies the same events to
//! render the board.

pub mod export;
pub mod i18n;
pub mod ids;
pub mod lang;
pub mod model;
pub mod protocol;
pub mod rejection;

pub use export::{Export, ImportMode, EXPORT_FORMAT, EXPORT_VERSION};
pub use ids::{CardId, GroupId, ParticipantId, StickerId, ThemeId};
pub use lang::Lang;
pub use model::{card_height, card_lines, TextSize, LINE_HEIGHT, LONGER_LINES};
pub use model::{
    Actor, Archive, Area, Audience, Card, Command, Details, Dropped, Durations, Event, Group,
    GroupMethod, NewWorkshop, Participant, Phase, PhaseEntry, PhaseSpan, Placement, Pool,
    RankedCard, Results, Round, Settings, Sticker, StickerColor, Tally, Theme, ThemeResult,
    Timeline, Timer, Workshop, AREA_MIN_HEIGHT, AREA_MIN_WIDTH, AREA_TITLE, BOARD_HEIGHT,
    BOARD_WIDTH, CARD_HEIGHT, CARD_WIDTH, UNTHEMED_AREA, UNTHEMED_WIDTH,
};
pub use rejection::{Detail, GroupName, Owned, Rejection, RejectionCode};

/// How many cases each property test runs: its own default, or `PANNEAU_FUZZ_CASES` (set by
/// `cargo xtask fuzz`, which runs them for as long as it is given, seed after seed).
#[cfg(test)]
pub(crate) fn fuzz_cases(default: u32) -> u32 {
    std::env::var("PANNEAU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
