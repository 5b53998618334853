//! The picture of the panel as it stood when the vote closed: the digital photo of the
//! paper panel, every action card where the facilitator left it, in its theme's colour,
//! with its green and red stickers.

use crate::diagram::{swatch, Swatch};
use crate::text::{self, escape, num, put};
use crate::words::Words;
use crate::Board;
use panneau_shared::{
    card_lines, Area, CardId, ParticipantId, StickerColor, TextSize, Workshop, BOARD_HEIGHT,
    BOARD_WIDTH, CARD_HEIGHT, CARD_WIDTH, LINE_HEIGHT,
};
use std::collections::HashMap;

// The words of the picture, in English until the language catalogue arrives.

/// Space around the board, and the bands above (title) and below (legend) it. The board
/// keeps its own coordinates: the view box starts left of and above its origin.
const MARGIN: f32 = 24.0;
const HEADER: f32 = 96.0;
const LEGEND_GAP: f32 = 22.0;
const LEGEND_ROW: f32 = 26.0;

/// Paper, cards and bands are rectangles whose edges fall on whole pixels at the
/// PNG's scale: drawn without antialiasing they look the same and fill several times
/// faster, which matters with 300 overlapping cards.
const CRISP: &str = r#"shape-rendering="crispEdges""#;

/// The wall, the paper, the ink.
const WALL: &str = "#E9E2D4";
const PAPER: &str = "#FBF8F1";
const PAPER_EDGE: &str = "#D6CCB8";
const CARD: &str = "#FFFEF9";
const CARD_EDGE: &str = "#D8D0BF";
const INK: &str = "#22201C";
const MUTED: &str = "#6A6154";

/// Stickers: the colours of the real dots, a darker rim so they read on white.
const GREEN_DOT: (&str, &str) = ("#2F9E44", "#1F7A32");
const RED_DOT: (&str, &str) = ("#D7332E", "#A8231F");

/// The padding inside a card (its text is set as on the screens: [`TextSize`]).
const CARD_PAD: f32 = 10.0;
/// The theme band along the top edge of a card.
const BAND: f32 = 8.0;

/// The sticker row along the bottom of a card of the least height (a taller card's row
/// is lowered): centre line, radii and steps. Red dots are larger: they carry initials.
const DOT_Y: f32 = CARD_HEIGHT - 12.0;
const GREEN_R: f32 = 6.5;
const RED_R: f32 = 8.0;
const GREEN_STEP: f32 = 16.0;
const RED_STEP: f32 = 19.0;
const MORE_FONT: f32 = 11.0;
/// Reds shown before "+N": a few owners, the rest counted.
const MAX_RED_DOTS: usize = 4;

/// The stickers on one card.
#[derive(Default)]
struct OnCard {
    green: usize,
    red: Vec<ParticipantId>,
}

/// The panel picture as SVG: 1648 wide, one unit a pixel; the board's 1600 × 900 in its
/// own coordinates, a title band above and the legend of stickers and themes below.
pub fn panel_svg(board: Board<'_>) -> String {
    let w = board.workshop;
    let words = crate::words::words(board.lang);
    // One pass over the stickers rather than one per card: 300 cards × 2,000 stickers
    // is the difference between microseconds and a millisecond per picture.
    let mut stickers: HashMap<CardId, OnCard> = HashMap::new();
    for sticker in w.stickers.values() {
        let on = stickers.entry(sticker.card).or_default();
        match sticker.color {
            StickerColor::Green => on.green += 1,
            StickerColor::Red => on.red.push(sticker.owner),
        }
    }
    let panel: Vec<_> = w.panel().collect();
    let (greens, reds) = panel
        .iter()
        .filter_map(|card| stickers.get(&card.id))
        .fold((0, 0), |(g, r), on| (g + on.green, r + on.red.len()));

    let legend = legend_items(w, words, panel.iter().any(|c| c.theme.is_none()));
    let rows = legend_rows(&legend);
    let width = BOARD_WIDTH + 2.0 * MARGIN;
    let legend_height = LEGEND_GAP + rows.len() as f32 * LEGEND_ROW + MARGIN - 8.0;
    let height = (HEADER + BOARD_HEIGHT + legend_height).ceil();

    let mut out = String::with_capacity(4096 + panel.len() * 1500);
    put!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w_}" height="{h_}" viewBox="{x0} {y0} {w_} {h_}" font-family="{font}" role="img" aria-label="{label}">"#,
        w_ = num(width),
        h_ = num(height),
        x0 = num(-MARGIN),
        y0 = num(-HEADER),
        font = text::FONT_FAMILY,
        label = escape(&w.title),
    );
    put!(out, "<title>{}</title>", escape(&w.title));
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{WALL}" {CRISP}/>"#,
        num(-MARGIN),
        num(-HEADER),
        num(width),
        num(height)
    );

    // The title band: what the workshop was, its code, the counts of the photo.
    let title = text::wrap(&w.title, 26.0, true, BOARD_WIDTH - 360.0, 1);
    text::write_lines(
        &mut out,
        &title,
        0.0,
        -52.0,
        0.0,
        &format!(r#"font-size="26" font-weight="700" fill="{INK}""#),
    );
    let counts = format!(
        "{} · {} · {} · {}",
        words.panel_heading,
        words.count(&words.actions, panel.len()),
        words.count(&words.priority_stickers, greens),
        words.count(&words.commitments, reds)
    );
    put!(
        out,
        r#"<text x="0" y="-24" font-size="15" fill="{MUTED}">{}</text>"#,
        escape(&counts)
    );
    put!(
        out,
        r#"<text x="{}" y="-52" font-size="18" text-anchor="end" fill="{MUTED}">{} <tspan font-weight="700" fill="{INK}">{}</tspan></text>"#,
        num(BOARD_WIDTH),
        words.code,
        escape(board.code)
    );
    // The day the meeting ran, written the reader's way, then where.
    let day = crate::time::Clock::of(w)
        .meeting_date(w, words)
        .unwrap_or_default();
    let place: Vec<&str> = [day.as_str(), w.details.place.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !place.is_empty() {
        let place = text::wrap(&place.join(" · "), 15.0, false, 340.0, 1);
        text::write_lines(
            &mut out,
            &place,
            BOARD_WIDTH,
            -24.0,
            0.0,
            &format!(r#"font-size="15" text-anchor="end" fill="{MUTED}""#),
        );
    }

    // The paper, lifted off the wall by its shadow.
    shadow(&mut out, BOARD_WIDTH, BOARD_HEIGHT, 2.0, 4.0, 0.08);
    put!(
        out,
        r#"<rect width="{}" height="{}" fill="{PAPER}" stroke="{PAPER_EDGE}" {CRISP}/>"#,
        num(BOARD_WIDTH),
        num(BOARD_HEIGHT)
    );

    write_areas(&mut out, board);

    // Cards in id order (the panel's order): the newer card lies on top, as on the wall.
    // They are written from the top of the pile down, so that what the newer cards hide
    // is known: a line of text is written only up to its last visible letter, and a
    // sticker only if it shows. A photo would show no more, and on a crowded board the
    // hidden text is most of the text to draw.
    let mut cover = Cover::new();
    let mut cards: Vec<String> = panel
        .iter()
        .rev()
        .map(|card| {
            let mut out = String::with_capacity(1024);
            write_card(&mut out, w, card, stickers.get(&card.id), &cover);
            let (x, y) = position(card);
            cover.cover(x, y, x + CARD_WIDTH, y + card.height());
            out
        })
        .collect();
    cards.reverse();
    out.extend(cards);

    write_legend(&mut out, &legend, &rows);
    out.push_str("</svg>");
    out
}

/// Where a card is drawn. Positions are kept on the board by the model; an import might
/// not be.
fn position(card: &panneau_shared::Card) -> (f32, f32) {
    (
        card.x.clamp(0.0, BOARD_WIDTH - CARD_WIDTH),
        card.y.clamp(0.0, (BOARD_HEIGHT - card.height()).max(0.0)),
    )
}

/// The parts of the board hidden under the cards drawn so far (from the top of the pile
/// down), on a grid of 4-unit cells: a cell counts only when a card covers all of it, so
/// "hidden" is never a guess.
struct Cover {
    cells: Vec<bool>,
}

const CELL: f32 = 4.0;
const COLUMNS: usize = (BOARD_WIDTH / CELL) as usize;
const ROWS: usize = (BOARD_HEIGHT / CELL) as usize;

impl Cover {
    fn new() -> Cover {
        Cover {
            cells: vec![false; COLUMNS * ROWS],
        }
    }

    /// Cell ranges: those touching the rectangle (`outer`), or wholly inside it.
    fn cells(x0: f32, y0: f32, x1: f32, y1: f32, outer: bool) -> (Range, Range) {
        let span = |a: f32, b: f32, count: usize| {
            let (a, b) = (a / CELL, b / CELL);
            let (a, b) = if outer {
                (a.floor(), b.ceil())
            } else {
                (a.ceil(), b.floor())
            };
            let clamp = |v: f32| v.clamp(0.0, count as f32) as usize;
            clamp(a)..clamp(b).max(clamp(a))
        };
        (span(x0, x1, COLUMNS), span(y0, y1, ROWS))
    }

    fn hides(&self, x0: f32, y0: f32, x1: f32, y1: f32) -> bool {
        let (columns, rows) = Cover::cells(x0, y0, x1, y1, true);
        rows.into_iter().all(|row| {
            self.cells[row * COLUMNS..][columns.clone()]
                .iter()
                .all(|hidden| *hidden)
        })
    }

    fn cover(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let (columns, rows) = Cover::cells(x0, y0, x1, y1, false);
        for row in rows {
            self.cells[row * COLUMNS..][columns.clone()].fill(true);
        }
    }
}

type Range = std::ops::Range<usize>;

/// The "no theme yet" strip and the themes' areas as the room arranged them, each named
/// in its colour along its top edge, under the cards.
fn write_areas(out: &mut String, board: Board<'_>) {
    let w = board.workshop;
    let name = |out: &mut String, title: &str, area: &Area, colour: &str| {
        let lines = text::wrap(title, 18.0, true, (area.w - 20.0).max(40.0), 2);
        text::write_lines(
            out,
            &lines,
            area.x + 10.0,
            area.y + 24.0,
            21.0,
            &format!(r#"font-size="18" font-weight="700" fill="{colour}""#),
        );
    };
    let unthemed = panneau_shared::UNTHEMED_AREA;
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{MUTED}" fill-opacity="0.06" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 5"/>"#,
        num(unthemed.x + 1.0),
        num(unthemed.y + 1.0),
        num(unthemed.w - 2.0),
        num(unthemed.h - 2.0)
    );
    let no_theme_yet = board.lang.board().no_theme_yet;
    name(out, no_theme_yet, &unthemed, MUTED);
    for (theme, area) in w.theme_areas() {
        let colour = swatch(w, Some(theme)).strong;
        put!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            num(area.x + 1.0),
            num(area.y + 1.0),
            num(area.w - 2.0),
            num(area.h - 2.0)
        );
        if let Some(theme) = w.theme(theme) {
            name(out, &theme.title, &area, colour);
        }
    }
}

/// A card: its sheet, its theme band, its text and its stickers, as far as the cards
/// above it (`cover`) let them show.
fn write_card(
    out: &mut String,
    w: &Workshop,
    card: &panneau_shared::Card,
    on: Option<&OnCard>,
    cover: &Cover,
) {
    let colour = swatch(w, card.theme).strong;
    let (x, y) = position(card);
    // Whether a box of the card (in its own coordinates) is at least partly visible.
    let shows = |x0: f32, y0: f32, x1: f32, y1: f32| !cover.hides(x + x0, y + y0, x + x1, y + y1);
    put!(
        out,
        r#"<g transform="translate({} {})"><title>{}</title>"#,
        num(x),
        num(y),
        escape(&card.text)
    );
    let height = card.height();
    shadow(out, CARD_WIDTH, height, 1.5, 2.5, 0.16);
    put!(
        out,
        r#"<rect width="{cw}" height="{ch}" fill="{CARD}" stroke="{CARD_EDGE}" {CRISP}/><rect width="{cw}" height="{BAND}" fill="{colour}" {CRISP}/>"#,
        cw = num(CARD_WIDTH),
        ch = num(height),
    );
    // The text as the screens set it: the same size, and as many lines as the card has
    // room for.
    let font = TextSize::of(&card.text).font();
    let (line_height, top) = (font * LINE_HEIGHT, BAND + 4.0 + font);
    let mut lines = text::wrap(
        &card.text,
        font,
        false,
        CARD_WIDTH - 2.0 * CARD_PAD,
        card_lines(&card.text),
    );
    for (i, line) in lines.iter_mut().enumerate() {
        let baseline = top + i as f32 * line_height;
        let visible = visible_prefix(line, font, |x0, x1| {
            shows(x0, baseline - font, x1, baseline + font * 0.3)
        });
        line.truncate(visible);
    }
    text::write_lines(
        out,
        &lines,
        CARD_PAD,
        top,
        line_height,
        &format!(r#"font-size="{}" fill="{INK}""#, num(font)),
    );
    if let Some(on) = on {
        // The sticker row along the bottom, however tall the card.
        let lower = height - CARD_HEIGHT;
        if lower > 0.0 {
            put!(out, r#"<g transform="translate(0 {})">"#, num(lower));
            let lowered =
                |x0: f32, y0: f32, x1: f32, y1: f32| shows(x0, y0 + lower, x1, y1 + lower);
            write_stickers(out, w, on, &lowered);
            out.push_str("</g>");
        } else {
            write_stickers(out, w, on, &shows);
        }
    }
    out.push_str("</g>");
}

/// The length in bytes of the part of `line` (written from [`CARD_PAD`] at `font`) that
/// ends with its last letter `shows` reports visible, given each letter's left and right
/// edges.
fn visible_prefix(line: &str, font: f32, shows: impl Fn(f32, f32) -> bool) -> usize {
    let mut x = CARD_PAD;
    let mut end = 0;
    for (at, c) in line.char_indices() {
        let advance = text::char_width(c, font, false);
        // A letter's ink may stray a little past its advance.
        if !c.is_whitespace() && shows(x - 1.0, x + advance + 1.0) {
            end = at + c.len_utf8();
        }
        x += advance;
    }
    end
}

/// The sticker row: greens then reds, as many dots as fit in the card's width, and "+N"
/// for the rest of each colour; what the cards above hide is left out.
fn write_stickers(
    out: &mut String,
    w: &Workshop,
    on: &OnCard,
    shows: &dyn Fn(f32, f32, f32, f32) -> bool,
) {
    let room = CARD_WIDTH - 2.0 * CARD_PAD;
    let gap = 6.0;
    let more_width = |n: usize| text::width(&format!("+{n}"), MORE_FONT, true) + 4.0;
    let dot_shows =
        |cx: f32, r: f32| shows(cx - r - 1.0, DOT_Y - r - 1.0, cx + r + 1.0, DOT_Y + r + 1.0);
    let more_shows = |x: f32, n: usize| shows(x, DOT_Y - 9.0, x + more_width(n), DOT_Y + 6.0);

    let reds_shown = on.red.len().min(MAX_RED_DOTS);
    let reds_more = on.red.len() - reds_shown;
    let mut red_width = reds_shown as f32 * RED_STEP;
    if reds_more > 0 {
        red_width += more_width(reds_more);
    }
    let green_room = room - red_width - if on.red.is_empty() { 0.0 } else { gap };
    let (greens_shown, greens_more) = if on.green as f32 * GREEN_STEP <= green_room {
        (on.green, 0)
    } else {
        // Leave room for the widest "+N" this card can need.
        let shown = ((green_room - more_width(on.green)) / GREEN_STEP).max(0.0) as usize;
        (shown, on.green - shown)
    };

    let mut x = CARD_PAD;
    for _ in 0..greens_shown {
        let cx = x + GREEN_STEP / 2.0;
        if dot_shows(cx, GREEN_R) {
            dot(out, cx, GREEN_R, GREEN_DOT);
        }
        x += GREEN_STEP;
    }
    if greens_more > 0 {
        if more_shows(x, greens_more) {
            more(out, x, greens_more, GREEN_DOT.1);
        }
        x += more_width(greens_more);
    }
    if on.green > 0 && !on.red.is_empty() {
        x += gap;
    }
    for owner in &on.red[..reds_shown] {
        let cx = x + RED_STEP / 2.0;
        if dot_shows(cx, RED_R) {
            dot(out, cx, RED_R, RED_DOT);
            let initials = initials(w.participant_name(*owner));
            put!(
                out,
                r##"<text x="{}" y="{}" font-size="7.5" font-weight="700" fill="#fff" text-anchor="middle">{}</text>"##,
                num(cx),
                num(DOT_Y + 2.7),
                escape(&initials)
            );
        }
        x += RED_STEP;
    }
    if reds_more > 0 && more_shows(x, reds_more) {
        more(out, x, reds_more, RED_DOT.1);
    }
}

/// The shadow of a `width` × `height` sheet at the origin, cast `dx` right and `dy` down:
/// only the L that shows past its edges, so that 300 overlapping cards do not each
/// blend a whole card's area.
fn shadow(out: &mut String, width: f32, height: f32, dx: f32, dy: f32, opacity: f32) {
    put!(
        out,
        r##"<path d="M{w} {dy}h{dx}v{h}H{dx}v-{dy}H{w}Z" fill="#000" fill-opacity="{}" {CRISP}/>"##,
        num(opacity),
        w = num(width),
        h = num(height),
        dx = num(dx),
        dy = num(dy),
    );
}

fn dot(out: &mut String, cx: f32, r: f32, (fill, rim): (&str, &str)) {
    put!(
        out,
        r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}" stroke="{rim}"/>"#,
        num(cx),
        num(DOT_Y),
        num(r)
    );
}

fn more(out: &mut String, x: f32, n: usize, colour: &str) {
    put!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{colour}">+{n}</text>"#,
        num(x + 2.0),
        num(DOT_Y + 4.0),
        num(MORE_FONT)
    );
}

/// "Claire Martin" → "CM", "Élodie" → "É": what fits on a sticker.
fn initials(name: &str) -> String {
    // Words without a letter or digit ("&", "-") would make a blank initial.
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let pick = match words.as_slice() {
        [] => vec![],
        [one] => vec![*one],
        [first, .., last] => vec![*first, *last],
    };
    pick.iter()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect()
}

/// One entry of the legend: a mark and its words.
enum Mark {
    Green,
    Red,
    Theme(Swatch),
}

struct Item {
    mark: Mark,
    label: String,
    width: f32,
}

const LEGEND_FONT: f32 = 14.0;
const LEGEND_MAX_LABEL: f32 = 360.0;
const LEGEND_SPACING: f32 = 28.0;
const MARK_WIDTH: f32 = 26.0;

fn legend_items(w: &Workshop, words: &Words, unthemed: bool) -> Vec<Item> {
    let item = |mark: Mark, label: &str| {
        let label = text::wrap(label, LEGEND_FONT, false, LEGEND_MAX_LABEL, 1)
            .pop()
            .unwrap_or_default();
        let width = MARK_WIDTH + text::width(&label, LEGEND_FONT, false);
        Item { mark, label, width }
    };
    let mut items = vec![
        item(Mark::Green, words.legend_priority),
        item(Mark::Red, words.legend_commitment),
    ];
    for theme in &w.themes {
        items.push(item(Mark::Theme(swatch(w, Some(theme.id))), &theme.title));
    }
    if unthemed {
        items.push(item(Mark::Theme(swatch(w, None)), words.no_theme));
    }
    items
}

/// The legend flowed into rows of the board's width: (first item, item count) a row.
fn legend_rows(items: &[Item]) -> Vec<std::ops::Range<usize>> {
    let mut rows = Vec::new();
    let (mut start, mut x) = (0, 0.0);
    for (i, item) in items.iter().enumerate() {
        if i > start && x + item.width > BOARD_WIDTH {
            rows.push(start..i);
            start = i;
            x = 0.0;
        }
        x += item.width + LEGEND_SPACING;
    }
    if start < items.len() {
        rows.push(start..items.len());
    }
    rows
}

fn write_legend(out: &mut String, items: &[Item], rows: &[std::ops::Range<usize>]) {
    for (r, row) in rows.iter().enumerate() {
        let y = BOARD_HEIGHT + LEGEND_GAP + r as f32 * LEGEND_ROW + LEGEND_ROW / 2.0;
        let mut x = 0.0;
        for item in &items[row.clone()] {
            match &item.mark {
                Mark::Green | Mark::Red => {
                    let ((fill, rim), r) = match item.mark {
                        Mark::Green => (GREEN_DOT, GREEN_R),
                        _ => (RED_DOT, RED_R),
                    };
                    put!(
                        out,
                        r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}" stroke="{rim}"/>"#,
                        num(x + 9.0),
                        num(y),
                        num(r)
                    );
                }
                Mark::Theme(swatch) => put!(
                    out,
                    r#"<rect x="{}" y="{}" width="18" height="12" rx="2" fill="{}"/>"#,
                    num(x),
                    num(y - 6.0),
                    swatch.strong
                ),
            }
            put!(
                out,
                r#"<text x="{}" y="{}" font-size="{}" fill="{INK}">{}</text>"#,
                num(x + MARK_WIDTH),
                num(y + 5.0),
                num(LEGEND_FONT),
                escape(&item.label)
            );
            x += item.width + LEGEND_SPACING;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{large_board, seed_meeting};
    use crate::text::test_support::*;

    use crate::test_board as board;

    #[test]
    fn the_themes_areas_are_drawn_where_the_room_put_them() {
        let w = seed_meeting();
        let svg = panel_svg(board(&w));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let outlines: Vec<(f32, f32)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("none"))
            .map(|n| {
                let at = |a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
                (at("x"), at("y"))
            })
            .collect();
        let areas = w.theme_areas();
        assert_eq!(outlines.len(), areas.len());
        for ((_, area), (x, y)) in areas.iter().zip(&outlines) {
            assert!((area.x + 1.0 - x).abs() < 0.01 && (area.y + 1.0 - y).abs() < 0.01);
        }
        // Each theme is named twice: on its area, and in the legend.
        let drawn = drawn_text(&svg);
        for theme in &w.themes {
            let first = theme.title.split(' ').next().unwrap();
            assert!(drawn.matches(first).count() >= 2, "{}", theme.title);
        }
        assert!(drawn.contains("No theme yet"));
    }

    #[test]
    fn the_seed_panel_shows_every_card_and_theme() {
        let w = seed_meeting();
        let svg = panel_svg(board(&w));
        let drawn = drawn_text(&svg);
        for card in w.panel() {
            assert_words_drawn(&drawn, &card.text);
        }
        for theme in &w.themes {
            assert_words_drawn(&drawn, &theme.title);
        }
        assert_words_drawn(&drawn, &w.title);
        assert!(drawn.contains("ABC234"));
        assert!(drawn.contains("13 actions"), "{drawn}");
        // Claire Martin committed to the merged stands: her initials are on it.
        assert!(drawn.contains("CM"));
    }

    #[test]
    fn stickers_are_dots_with_the_overflow_counted() {
        let w = seed_meeting();
        let svg = panel_svg(board(&w));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let circles = |fill: &str| {
            doc.descendants()
                .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some(fill))
                .count()
        };
        // Every sticker of the seed fits; one more of each colour in the legend.
        assert_eq!(circles(GREEN_DOT.0), 27 + 1);
        assert_eq!(circles(RED_DOT.0), 9 + 1);

        // A crowded card: 20 greens and 7 reds on the first action.
        let mut w = seed_meeting();
        let card = w.panel().next().unwrap().id;
        let owners: Vec<ParticipantId> = w.participants.keys().copied().collect();
        let first_free = w.stickers.keys().last().unwrap().0 + 1;
        for i in 0..27u32 {
            let id = panneau_shared::StickerId(first_free + i);
            let sticker = panneau_shared::Sticker {
                id,
                card,
                owner: owners[i as usize % owners.len()],
                color: if i < 20 {
                    StickerColor::Green
                } else {
                    StickerColor::Red
                },
                proxied: false,
            };
            w.stickers.insert(id, sticker);
        }
        let on = w.stickers_on(card);
        let (greens, reds) = on.fold((0, 0), |(g, r), s| match s.color {
            StickerColor::Green => (g + 1, r),
            StickerColor::Red => (g, r + 1),
        });
        let svg = panel_svg(board(&w));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let group = doc
            .descendants()
            .find(|n| n.has_tag_name("g"))
            .expect("the first card");
        let dots = |fill: &str| {
            group
                .descendants()
                .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some(fill))
                .count()
        };
        let counted = |colour: &str| -> usize {
            group
                .descendants()
                .filter(|n| n.has_tag_name("text") && n.attribute("fill") == Some(colour))
                .filter_map(|n| n.text()?.strip_prefix('+')?.parse::<usize>().ok())
                .sum()
        };
        let (green_dots, red_dots) = (dots(GREEN_DOT.0), dots(RED_DOT.0));
        assert!(green_dots > 0 && red_dots == MAX_RED_DOTS);
        assert_eq!(green_dots + counted(GREEN_DOT.1), greens);
        assert_eq!(red_dots + counted(RED_DOT.1), reds);
        // Nothing is drawn past the card's right edge.
        for c in group.descendants().filter(|n| n.has_tag_name("circle")) {
            let cx: f32 = c.attribute("cx").unwrap().parse().unwrap();
            let r: f32 = c.attribute("r").unwrap().parse().unwrap();
            assert!(cx + r <= CARD_WIDTH - CARD_PAD + 1.0, "{cx}");
        }
        let last_text = group
            .descendants()
            .rev()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        let x: f32 = last_text.attribute("x").unwrap().parse().unwrap();
        let more = text::width(last_text.text().unwrap(), MORE_FONT, true);
        assert!(x + more <= CARD_WIDTH - CARD_PAD + 1.0, "{x} + {more}");
    }

    #[test]
    fn hostile_text_stays_text() {
        let w = hostile_workshop();
        let svg = panel_svg(board(&w));
        assert_hostile_text_is_inert(&svg);
    }

    #[test]
    fn the_large_board_is_drawn() {
        let w = large_board();
        let svg = panel_svg(board(&w));
        let drawn = drawn_text(&svg);
        // Every card has its whole text as its title; the text drawn is that of the
        // cards not buried under the pile: the top layer at least (cards 256 to 299).
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("g"))
            .filter_map(|g| g.children().find(|n| n.has_tag_name("title")))
            .filter_map(|t| t.text())
            .collect();
        let panel: Vec<_> = w.panel().collect();
        assert_eq!(
            titles,
            panel.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()
        );
        let opening = |text: &str| text.split(' ').take(2).collect::<Vec<_>>().join(" ") + " ";
        let drawn_cards = panel
            .iter()
            .filter(|c| (drawn.clone() + " ").contains(&opening(&c.text)))
            .count();
        for card in &panel[256..] {
            assert!((drawn.clone() + " ").contains(&opening(&card.text)));
        }
        assert!(
            drawn_cards < 200,
            "buried cards are not written: {drawn_cards}"
        );
        for theme in &w.themes {
            assert_words_drawn(&drawn, &theme.title);
        }
    }

    #[test]
    fn a_card_is_buried_only_when_covered_whole() {
        let mut cover = Cover::new();
        cover.cover(100.0, 100.0, 300.0, 220.0);
        assert!(cover.hides(100.0, 100.0, 300.0, 220.0));
        assert!(cover.hides(110.5, 108.0, 290.0, 219.0));
        // A sliver past the edge shows.
        assert!(!cover.hides(99.0, 108.0, 290.0, 219.0));
        assert!(!cover.hides(110.0, 108.0, 300.5, 219.0));
        // Cells only partly covered do not count.
        let mut cover = Cover::new();
        cover.cover(101.0, 101.0, 299.0, 219.0);
        assert!(!cover.hides(101.0, 101.0, 299.0, 219.0));
        assert!(cover.hides(104.0, 104.0, 296.0, 216.0));
        // Two cards side by side hide what straddles them.
        let mut cover = Cover::new();
        cover.cover(0.0, 0.0, 200.0, 120.0);
        cover.cover(200.0, 0.0, 400.0, 120.0);
        assert!(cover.hides(150.0, 10.0, 250.0, 110.0));
        assert!(!Cover::new().hides(0.0, 0.0, 1.0, 1.0));
    }

    #[test]
    fn initials_fit_a_sticker() {
        assert_eq!(initials("Claire Martin"), "CM");
        assert_eq!(initials("élodie roux"), "ÉR");
        assert_eq!(initials("Jean de la Fontaine"), "JF");
        assert_eq!(initials("Cher"), "C");
        assert_eq!(initials("  "), "");
        assert_eq!(initials(r#""Eve" <eve@x.org> & 'Co'"#), "EC");
    }
}
