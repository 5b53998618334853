//! What a workshop produces the moment its vote closes: the report (printable HTML and
//! Markdown), the picture of the panel and the action-plan diagram (SVG and PNG), the
//! action plan as CSV, and the whole workshop as JSON.
//!
//! Every output is a pure function of a [`Board`]: the workshop as its reader may see
//! it, its code and the language to write in. Nothing here does I/O, reads a clock or
//! looks at the machine's fonts: the fonts are part of the binary, so a picture is the
//! same wherever it is made.

pub mod csv;
pub mod diagram;
pub mod panel;
pub mod png;
pub mod report;
pub mod sample;
mod text;
mod time;
mod words;

use panneau_shared::Workshop;

/// The language of an output: the workshop's, as a rule.
pub use panneau_shared::Lang;

/// What every output is made from.
#[derive(Clone, Copy)]
pub struct Board<'a> {
    /// The workshop as the reader may see it (`Workshop::view_for`).
    pub workshop: &'a Workshop,
    /// Its join code.
    pub code: &'a str,
    pub lang: Lang,
}

/// The whole workshop as pretty-printed JSON (see `panneau_shared::export`).
pub fn export_json(board: Board<'_>) -> String {
    serde_json::to_string_pretty(&board.workshop.export(board.code))
        .expect("an export is plain data and always serialises")
}

/// The board the tests render: `workshop` under a fixed code, in English.
#[cfg(test)]
pub(crate) fn test_board(workshop: &Workshop) -> Board<'_> {
    Board {
        workshop,
        code: "ABC234",
        lang: Lang::En,
    }
}
