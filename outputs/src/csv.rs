//! The action plan as CSV, for a spreadsheet: one row per action on the panel, theme by
//! theme in panel order and best first within a theme, with its rank, green and red
//! stickers, owners and authors.
//!
//! It starts with a UTF-8 byte-order mark, without which Excel reads accented names as
//! Latin-1, and ends its lines with CRLF as RFC 4180 says. A cell that a spreadsheet would
//! take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
//! prefixed with a single quote, as OWASP advises against CSV injection.

use crate::report::view::{Person, Plan};
use crate::words::words;
use crate::Board;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Joins several owners or authors in one cell.
const SEPARATOR: &str = "; ";

/// The action plan of `board` as CSV bytes (UTF-8 with a byte-order mark).
pub fn actions_csv(board: Board<'_>) -> Vec<u8> {
    let w = words(board.lang);
    let plan = Plan::of(board.workshop, w);
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let header = [
        w.theme, w.rank, w.action, w.green, w.red, w.owners, w.authors,
    ];
    out.write_record(header)
        .expect("writing to memory cannot fail");
    for theme in &plan.themes {
        for action in &theme.actions {
            let authors: Vec<&str> = action.authors.iter().map(|p: &Person| p.name).collect();
            out.write_record([
                defuse(theme.title).as_ref(),
                &action.rank.to_string(),
                &defuse(action.text),
                &action.green.to_string(),
                &action.red.to_string(),
                &defuse(&action.owners.join(SEPARATOR)),
                &defuse(&authors.join(SEPARATOR)),
            ])
            .expect("writing to memory cannot fail");
        }
    }
    out.into_inner().expect("flushing to memory cannot fail")
}

/// `cell` as a spreadsheet shows it but never evaluates it. Leading spaces are looked
/// through, since some spreadsheets trim them before deciding what a cell is.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{seed_meeting, Play};
    use crate::Lang;
    use panneau_shared::{
        Actor, CardId, Command, NewWorkshop, ParticipantId, Phase, StickerColor, ThemeId,
    };

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("the CSV starts with a BOM");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| {
                r.expect("a well-formed record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_seed_plan_reads_back_row_for_row() {
        let w = seed_meeting();
        let bytes = actions_csv(Board {
            workshop: &w,
            code: "ABC234",
            lang: Lang::En,
        });
        assert!(bytes.starts_with(BOM));
        assert!(bytes.ends_with(b"\r\n"));
        let rows = read(&bytes);
        assert_eq!(
            rows[0],
            ["Theme", "Rank", "Action", "Green", "Red", "Owners", "Authors"]
        );
        assert_eq!(rows.len(), 1 + 13);

        // Row for row what the model says, theme by theme, best first.
        let results = w.results();
        let expected: Vec<Vec<String>> = results
            .themes
            .iter()
            .flat_map(|theme| {
                let w = &w;
                theme.cards.iter().map(move |c| {
                    let rank = c.rank;
                    let names = |ids: &[ParticipantId]| {
                        ids.iter()
                            .map(|id| w.participant_name(*id))
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    vec![
                        theme.title.clone(),
                        rank.to_string(),
                        c.text.clone(),
                        c.green.to_string(),
                        c.committed.len().to_string(),
                        names(&c.committed),
                        names(&w.cards[&c.card].authors),
                    ]
                })
            })
            .collect();
        assert_eq!(rows[1..], expected[..]);
        assert_eq!(
            rows[1],
            [
                "Promotion, communication & marketing",
                "1",
                "Shared stands at fairs and trade shows, at home and abroad",
                "6",
                "3",
                "Claire Martin; Marc Bernard; Pierre Fabre",
                "Claire Martin; Thomas Girard",
            ]
        );
        // Accents survive as UTF-8.
        assert!(rows.iter().any(|r| r[6] == "Élodie Roux"));
    }

    #[test]
    fn formulas_are_defused() {
        for (cell, out) in [
            ("=cmd|'/c calc'!A1", "'=cmd|'/c calc'!A1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =1", "'  =1"),
            ("A network label", "A network label"),
            ("x = 1", "x = 1"),
            ("", ""),
        ] {
            assert_eq!(defuse(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn hostile_cells_are_defused_and_quoted() {
        let formula = "=cmd|'/c calc'!A1";
        let mut play = Play::new(
            &NewWorkshop {
                title: "Hostile".into(),
                themes: vec![formula.into()],
                ..NewWorkshop::default()
            },
            1_000,
        );
        let person = Actor::Participant {
            id: ParticipantId(0),
        };
        play.run(
            Actor::Guest,
            Command::Join {
                name: "@Mallory".into(),
                organisation: "-Org".into(),
            },
        );
        play.run(
            Actor::Facilitator,
            Command::SetPhase {
                phase: Phase::Ideas,
            },
        );
        play.run(
            person,
            Command::AddCard {
                text: format!("{formula}, \"quoted\"\nand a second line"),
                x: 10.0,
                y: 10.0,
            },
        );
        play.run(
            Actor::Facilitator,
            Command::SetPhase {
                phase: Phase::Plenary,
            },
        );
        play.run(
            Actor::Facilitator,
            Command::SetCardTheme {
                card: CardId(0),
                theme: Some(ThemeId(0)),
            },
        );
        play.run(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
        play.run(
            person,
            Command::PlaceSticker {
                card: CardId(0),
                color: StickerColor::Red,
            },
        );
        let rows = read(&actions_csv(crate::test_board(&play.workshop)));
        assert_eq!(
            rows[1],
            [
                "'=cmd|'/c calc'!A1",
                "1",
                "'=cmd|'/c calc'!A1, \"quoted\"\nand a second line",
                "0",
                "1",
                "'@Mallory",
                "'@Mallory",
            ]
        );
    }
}
