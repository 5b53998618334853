//! How a card's text is set on the panel and how tall the card stands: one estimate that
//! every screen, the layout of the panel and its picture share, so that cards laid out
//! one under the other never overlap, whatever the screen.
//!
//! Screens draw the panel in units of its own width (CSS container units), so a card's
//! proportions are the same on a phone, a laptop and a projector; only the font's own
//! metrics differ. The estimate is deliberately generous (a wide font's average letter),
//! and a card whose text needs more room grows rather than cutting it.

use super::{BOARD_WIDTH, CARD_HEIGHT, CARD_WIDTH};

/// The text size of a card, by its length: the longer the idea, the smaller its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextSize {
    Normal,
    Long,
    Longer,
}

/// Texts up to this many characters are set at [`TextSize::Normal`], up to the next at
/// [`TextSize::Long`].
const NORMAL_UP_TO: usize = 36;
const LONG_UP_TO: usize = 72;
/// Lines a [`TextSize::Longer`] text shows before it is cut (the full text is in the card's
/// list and the outputs).
pub const LONGER_LINES: usize = 6;

/// The box around the text, in logical units: the padding on each side (with the theme's
/// coloured edge on the left), the space above the stickers, and the sticker row.
const PAD_X: f32 = 11.2 + 8.0;
const PAD_Y: f32 = 8.8;
const GAP: f32 = 6.4;
const STICKER_ROW: f32 = 24.0;
/// The card's edges, top and bottom (a pixel each, up to two units on a small screen).
const EDGES: f32 = 4.0;
/// Line height, as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.2;
/// The average advance of a letter, as a multiple of the font size: a wide sans-serif's,
/// so that the estimate errs on the roomy side.
const LETTER: f32 = 0.6;

impl TextSize {
    pub fn of(text: &str) -> TextSize {
        match text.chars().count() {
            n if n <= NORMAL_UP_TO => TextSize::Normal,
            n if n <= LONG_UP_TO => TextSize::Long,
            _ => TextSize::Longer,
        }
    }

    /// The font size, in logical units of the board.
    pub fn font(self) -> f32 {
        match self {
            TextSize::Normal => 29.6,
            TextSize::Long => 24.0,
            TextSize::Longer => 22.4,
        }
    }

    /// The font size as a share of the board's width, in percent (CSS `cqw`).
    pub fn font_cqw(self) -> f32 {
        self.font() / BOARD_WIDTH * 100.0
    }
}

/// How many lines `text` takes on a card, wrapped at word boundaries (a word too long for
/// a line is broken, as the screens do).
pub fn card_lines(text: &str) -> usize {
    let size = TextSize::of(text);
    let per_line = ((CARD_WIDTH - PAD_X) / (size.font() * LETTER))
        .floor()
        .max(1.0) as usize;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut used = 0usize;
        lines += 1;
        for word in paragraph.split(' ') {
            let mut len = word.chars().count();
            let needed = if used == 0 { len } else { used + 1 + len };
            if needed <= per_line {
                used = needed;
                continue;
            }
            if used > 0 {
                lines += 1;
            }
            while len > per_line {
                lines += 1;
                len -= per_line;
            }
            used = len;
        }
    }
    match size {
        TextSize::Longer => lines.min(LONGER_LINES),
        _ => lines,
    }
}

/// The height of a card holding `text`, in logical units: never less than
/// [`CARD_HEIGHT`], taller when its text needs more lines.
pub fn card_height(text: &str) -> f32 {
    let lines = card_lines(text) as f32;
    let needed =
        2.0 * PAD_Y + lines * LINE_HEIGHT * TextSize::of(text).font() + GAP + STICKER_ROW + EDGES;
    needed.max(CARD_HEIGHT).ceil()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ideas_fit_the_smallest_card() {
        assert_eq!(card_lines("Stand"), 1);
        assert_eq!(card_lines("Shared stand"), 2);
        assert_eq!(card_height("Stand"), CARD_HEIGHT);
        assert!(card_height("Shared stand") < CARD_HEIGHT + 5.0);
    }

    #[test]
    fn words_wrap_whole_and_long_words_break() {
        // Ten letters a line at the normal size.
        assert_eq!(card_lines("Shared stand at trade fairs"), 4);
        assert_eq!(card_lines("abcdefghijklmnopqrstuvwxyz"), 3);
        assert_eq!(card_lines("one\ntwo"), 2);
    }

    #[test]
    fn longer_texts_are_smaller_and_cut_but_their_cards_grow() {
        let long = "A directory of the members' services, with prices";
        assert_eq!(TextSize::of(long), TextSize::Long);
        let longest = "word ".repeat(50);
        assert_eq!(TextSize::of(&longest), TextSize::Longer);
        assert_eq!(card_lines(&longest), LONGER_LINES);
        let mut last = 0.0;
        for text in ["Shared stand at trade fairs", long, &longest] {
            let height = card_height(text);
            assert!(height >= last, "{text:?}");
            last = height;
        }
        assert!(card_height(&longest) < 250.0);
    }

    #[test]
    fn the_sizes_match_the_screens_units() {
        assert!((TextSize::Normal.font_cqw() - 1.85).abs() < 1e-4);
        assert!((TextSize::Long.font_cqw() - 1.5).abs() < 1e-4);
        assert!((TextSize::Longer.font_cqw() - 1.4).abs() < 1e-4);
    }
}
