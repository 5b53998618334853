//! The action-plan diagram: a mind map read left to right, from the workshop to its
//! themes to their actions, each action with its overall rank, its green stickers and the
//! people who committed to it, and the actions nobody took on marked for the next
//! meeting. Also the theme colours both pictures share.

use crate::text::{self, escape, num, put};
use crate::words::Words;
use crate::Board;
use panneau_shared::{RankedCard, ThemeId, ThemeResult, Workshop};

/// Actions per theme in the PNG of the plan. A picture for a slide or a chat must stay
/// legible: a plan of hundreds of actions drawn whole would be a tall strip of tiny type
/// (and slow to draw); the SVG and the report keep every action.
pub(crate) const PICTURE_ACTIONS_PER_THEME: usize = 8;

/// A theme's colour, strong (fills, lines, white text on it at 4.6:1 or more) and its
/// tint (quiet backgrounds, strong text on it at 3.9:1 or more).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Swatch {
    pub(crate) strong: &'static str,
    pub(crate) tint: &'static str,
}

/// Eight themes' colours, cycled: blue, orange, teal, purple, magenta, ochre, olive,
/// slate. Distinct in hue and in print, each dark enough to carry white text, and none
/// the green or red of the stickers, which mean something else.
const PALETTE: [Swatch; 8] = [
    Swatch {
        strong: "#2563A8",
        tint: "#E5ECF5",
    },
    Swatch {
        strong: "#C2531A",
        tint: "#F8EAE4",
    },
    Swatch {
        strong: "#0F766E",
        tint: "#E2EFEE",
    },
    Swatch {
        strong: "#6D45B0",
        tint: "#EDE9F6",
    },
    Swatch {
        strong: "#B02A78",
        tint: "#F6E5EF",
    },
    Swatch {
        strong: "#98690B",
        tint: "#F3EDE2",
    },
    Swatch {
        strong: "#5F7A1A",
        tint: "#ECEFE4",
    },
    Swatch {
        strong: "#4A5568",
        tint: "#E9EBED",
    },
];

/// Cards under no theme: a neutral grey.
const UNTHEMED: Swatch = Swatch {
    strong: "#6B7280",
    tint: "#EDEEF0",
};

/// The colour of a theme: by its place among the workshop's themes, so both pictures of
/// one moment agree. A theme that no longer exists counts as none.
pub(crate) fn swatch(w: &Workshop, theme: Option<ThemeId>) -> Swatch {
    theme
        .and_then(|id| w.themes.iter().position(|t| t.id == id))
        .map_or(UNTHEMED, |i| PALETTE[i % PALETTE.len()])
}

/// Ink and paper.
const INK: &str = "#1F2328";
const MUTED: &str = "#5F6670";
const CARD_EDGE: &str = "#D5DAE1";
const ROOT_FILL: &str = "#1F2937";
const GREEN_DOT: &str = "#2F9E44";
const GREEN_PILL: (&str, &str) = ("#E3F3E6", "#166534");
const ZERO_PILL: (&str, &str) = ("#F1F3F5", "#6B7280");
const RED_DOT: &str = "#D7332E";
const NO_OWNER_INK: &str = "#B42318";
const NO_OWNER_FILL: &str = "#FEF3F2";

/// The page: 1200 wide, so that printed at A4 width the actions' text is about 8.5 pt.
const WIDTH: f32 = 1200.0;
const MARGIN: f32 = 40.0;
const HEADER: f32 = 150.0;
const FOOTER: f32 = 64.0;

/// The three columns: the workshop, its themes, their actions; the gaps carry the curves.
const ROOT_X: f32 = MARGIN;
const ROOT_W: f32 = 190.0;
const THEME_X: f32 = 300.0;
const THEME_W: f32 = 224.0;
const ACTION_X: f32 = 584.0;
const ACTION_W: f32 = WIDTH - MARGIN - ACTION_X;
const ACTION_GAP: f32 = 14.0;
/// The rounded corners where a theme's spine turns into its first and last actions.
const CORNER: f32 = 12.0;
const THEME_GAP: f32 = 44.0;

/// Inside an action card.
const PAD: f32 = 14.0;
const RANK_R: f32 = 15.0;
const RANK_X: f32 = 28.0;
const RANK_FONT: f32 = 15.0;
const TEXT_X: f32 = 56.0;
const TEXT_FONT: f32 = 19.0;
const TEXT_LINE: f32 = 25.0;
const TEXT_LINES: usize = 8;
const OWNER_FONT: f32 = 16.0;
const OWNER_LINE: f32 = 21.0;
const OWNER_LINES: usize = 3;
const PILL_H: f32 = 28.0;
const PILL_FONT: f32 = 16.0;
const BADGE_H: f32 = 26.0;
const BADGE_FONT: f32 = 14.0;

/// Inside a theme node and the root.
const NODE_PAD: f32 = 16.0;
const THEME_FONT: f32 = 21.0;
const THEME_LINE: f32 = 26.0;
const THEME_LINES: usize = 5;
const STAT_FONT: f32 = 15.0;
const STAT_LINE: f32 = 20.0;
const ROOT_FONT: f32 = 24.0;
const ROOT_LINE: f32 = 29.0;
const ROOT_LINES: usize = 8;

/// One action, laid out.
struct ActionBox {
    y: f32,
    height: f32,
    rank: usize,
    green: u32,
    pill_width: f32,
    lines: Vec<String>,
    /// The committed people's names, wrapped; empty: nobody.
    owners: Vec<String>,
}

/// One theme, laid out.
struct ThemeBox {
    swatch: Swatch,
    themed: bool,
    node_y: f32,
    node_height: f32,
    title: Vec<String>,
    stats: Vec<String>,
    actions: Vec<ActionBox>,
}

/// The action plan as SVG, 1200 wide and as tall as its actions need.
pub fn plan_svg(board: Board<'_>) -> String {
    plan_svg_showing(board, usize::MAX)
}

/// The action plan with at most `per_theme` actions under each theme (the best ranked),
/// the others counted under the theme's name.
pub(crate) fn plan_svg_showing(board: Board<'_>, per_theme: usize) -> String {
    let w = board.workshop;
    let words = crate::words::words(board.lang);
    let results = w.results();

    // Lay out every theme block from the top, then centre the root on them.
    let mut y = HEADER;
    let mut themes = Vec::with_capacity(results.themes.len());
    for theme in &results.themes {
        let laid = layout_theme(w, words, theme, per_theme, y);
        let bottom = laid
            .actions
            .last()
            .map_or(0.0, |a| a.y + a.height)
            .max(laid.node_y + laid.node_height);
        y = bottom + THEME_GAP;
        themes.push(laid);
    }
    let content_bottom = if themes.is_empty() {
        HEADER
    } else {
        y - THEME_GAP
    };

    let root_title = text::wrap(
        &w.title,
        ROOT_FONT,
        true,
        ROOT_W - 2.0 * NODE_PAD,
        ROOT_LINES,
    );
    let root_stat = words.count(&words.actions, results.cards.len());
    let root_height = NODE_PAD
        + ROOT_FONT
        + (root_title.len().max(1) - 1) as f32 * ROOT_LINE
        + 12.0
        + STAT_LINE
        + NODE_PAD
        - 4.0;
    let centre = match (themes.first(), themes.last()) {
        (Some(first), Some(last)) => {
            (first.node_y + first.node_height / 2.0 + last.node_y + last.node_height / 2.0) / 2.0
        }
        _ => HEADER + root_height / 2.0,
    };
    let root_y = (centre - root_height / 2.0).max(HEADER);
    let height = (content_bottom.max(root_y + root_height) + FOOTER).ceil();

    let mut out = String::with_capacity(8192 + results.cards.len() * 1800);
    put!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{wd}" height="{ht}" viewBox="0 0 {wd} {ht}" font-family="{font}" role="img" aria-label="{label}">"#,
        wd = num(WIDTH),
        ht = num(height),
        font = text::FONT_FAMILY,
        label = escape(&format!("{}: {}", words.action_plan, w.title)),
    );
    put!(
        out,
        "<title>{}</title>",
        escape(&format!("{}: {}", words.action_plan, w.title))
    );
    put!(
        out,
        r##"<rect width="{}" height="{}" fill="#fff" shape-rendering="crispEdges"/>"##,
        num(WIDTH),
        num(height)
    );
    write_header(&mut out, words, results.cards.len(), results.themes.len());

    // Branches under the nodes, so each curve starts from under its node's edge.
    let root_cy = root_y + root_height / 2.0;
    for theme in &themes {
        let node_cy = theme.node_y + theme.node_height / 2.0;
        curve(
            &mut out,
            (ROOT_X + ROOT_W - 8.0, root_cy),
            (THEME_X + 8.0, node_cy),
            theme.swatch.strong,
            4.0,
            1.0,
        );
        comb(&mut out, theme, node_cy);
    }

    // The root: the workshop.
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="18" fill="{ROOT_FILL}"/>"#,
        num(ROOT_X),
        num(root_y),
        num(ROOT_W),
        num(root_height)
    );
    text::write_lines(
        &mut out,
        &root_title,
        ROOT_X + NODE_PAD,
        root_y + NODE_PAD + ROOT_FONT - 3.0,
        ROOT_LINE,
        &format!(
            r##"font-size="{}" font-weight="700" fill="#fff""##,
            num(ROOT_FONT)
        ),
    );
    put!(
        out,
        r##"<text x="{}" y="{}" font-size="{}" fill="#fff" fill-opacity="0.8">{}</text>"##,
        num(ROOT_X + NODE_PAD),
        num(root_y + root_height - NODE_PAD - 4.0),
        num(STAT_FONT),
        escape(&root_stat)
    );

    for theme in &themes {
        write_theme(&mut out, theme);
        for action in &theme.actions {
            write_action(&mut out, words, action, theme.swatch);
        }
    }

    // The footer: which board, when, where.
    let mut footer = vec![format!("{} {}", words.code, board.code)];
    let day = crate::time::Clock::of(w).meeting_date(w, words);
    for detail in [
        day.as_ref(),
        Some(&w.details.place),
        Some(&w.details.organiser),
    ]
    .into_iter()
    .flatten()
    {
        if !detail.is_empty() {
            footer.push(detail.clone());
        }
    }
    let footer = text::wrap(&footer.join(" · "), 14.0, false, WIDTH - 2.0 * MARGIN, 1);
    text::write_lines(
        &mut out,
        &footer,
        MARGIN,
        height - 28.0,
        0.0,
        &format!(r#"font-size="14" fill="{MUTED}""#),
    );
    out.push_str("</svg>");
    out
}

fn layout_theme(
    w: &Workshop,
    words: &Words,
    theme: &ThemeResult,
    per_theme: usize,
    top: f32,
) -> ThemeBox {
    let shown = &theme.cards[..theme.cards.len().min(per_theme)];
    let hidden = theme.cards.len() - shown.len();
    let themed = theme.theme.is_some();
    let title = text::wrap(
        &theme.title,
        THEME_FONT,
        true,
        THEME_W - 2.0 * NODE_PAD,
        THEME_LINES,
    );
    let stats = if theme.cards.is_empty() {
        vec![words.theme_empty.to_owned()]
    } else {
        [
            words.count(&words.actions, theme.cards.len()),
            words.count(&words.priority_stickers, theme.green as usize),
        ]
        .into_iter()
        .chain((hidden > 0).then(|| words.count(&words.more_in_report, hidden)))
        .collect::<Vec<_>>()
        .iter()
        .flat_map(|stat| text::wrap(stat, STAT_FONT, false, THEME_W - 2.0 * NODE_PAD, 1))
        .collect()
    };
    let node_height = NODE_PAD
        + THEME_FONT
        + (title.len().max(1) - 1) as f32 * THEME_LINE
        + 10.0
        + stats.len() as f32 * STAT_LINE
        + NODE_PAD
        - 4.0;

    let mut actions: Vec<ActionBox> = shown
        .iter()
        .map(|card| layout_action(w, card, card.rank as usize))
        .collect();
    let stack: f32 = actions.iter().map(|a| a.height).sum::<f32>()
        + ACTION_GAP * actions.len().saturating_sub(1) as f32;
    let block = stack.max(node_height);
    let mut y = top + (block - stack) / 2.0;
    for action in &mut actions {
        action.y = y;
        y += action.height + ACTION_GAP;
    }
    ThemeBox {
        swatch: if themed {
            swatch(w, theme.theme)
        } else {
            UNTHEMED
        },
        themed,
        node_y: top + (block - node_height) / 2.0,
        node_height,
        title,
        stats,
        actions,
    }
}

fn layout_action(w: &Workshop, card: &RankedCard, rank: usize) -> ActionBox {
    let pill_width = pill_width(card.green);
    let text_width = ACTION_W - TEXT_X - PAD - pill_width - 14.0;
    let lines = text::wrap(&card.text, TEXT_FONT, false, text_width, TEXT_LINES);
    let names: Vec<&str> = card
        .committed
        .iter()
        .map(|id| w.participant_name(*id))
        .collect();
    let owners = text::wrap(
        &names.join(", "),
        OWNER_FONT,
        false,
        ACTION_W - TEXT_X - PAD - 20.0,
        OWNER_LINES,
    );
    let text_height = TEXT_FONT + (lines.len().max(1) - 1) as f32 * TEXT_LINE + 5.0;
    let owners_height = if owners.is_empty() {
        BADGE_H
    } else {
        OWNER_LINE * owners.len() as f32
    };
    let height = (PAD + text_height + 10.0 + owners_height + PAD).max(PAD + PILL_H + PAD);
    ActionBox {
        y: 0.0,
        height,
        rank,
        green: card.green,
        pill_width,
        lines,
        owners,
    }
}

fn pill_width(green: u32) -> f32 {
    12.0 + 12.0 + 7.0 + text::width(&green.to_string(), PILL_FONT, true) + 12.0
}

/// A branch: a cubic Bézier leaving and arriving horizontally.
fn curve(
    out: &mut String,
    (x1, y1): (f32, f32),
    (x2, y2): (f32, f32),
    colour: &str,
    width: f32,
    opacity: f32,
) {
    let mid = (x1 + x2) / 2.0;
    put!(
        out,
        r#"<path d="M{} {}C{} {} {} {} {} {}" fill="none" stroke="{colour}" stroke-width="{}" stroke-opacity="{}" stroke-linecap="round"/>"#,
        num(x1),
        num(y1),
        num(mid),
        num(y1),
        num(mid),
        num(y2),
        num(x2),
        num(y2),
        num(width),
        num(opacity)
    );
}

/// A theme's actions hang from a spine halfway between the theme and the actions: one
/// tick a card, the first and last turning in with a rounded corner. One path a theme,
/// so the translucent stroke never darkens where its parts meet, and short: a fan of
/// curves would be a tangle for a theme of forty actions, and slow to draw.
fn comb(out: &mut String, theme: &ThemeBox, node_cy: f32) {
    let (Some(first), Some(last)) = (theme.actions.first(), theme.actions.last()) else {
        return;
    };
    let centre = |a: &ActionBox| a.y + a.height / 2.0;
    let (top, bottom) = (centre(first), centre(last));
    let spine = (THEME_X + THEME_W + ACTION_X) / 2.0;
    let radius = CORNER.min((bottom - top) / 2.0);
    let mut d = format!(
        "M{} {}H{}",
        num(THEME_X + THEME_W - 8.0),
        num(node_cy),
        num(spine)
    );
    if radius > 0.0 {
        put!(
            d,
            "M{ax} {t}H{sr}Q{s} {t} {s} {tr}V{br}Q{s} {b} {sr} {b}H{ax}",
            ax = num(ACTION_X),
            s = num(spine),
            sr = num(spine + radius),
            t = num(top),
            tr = num(top + radius),
            b = num(bottom),
            br = num(bottom - radius),
        );
    } else {
        put!(d, "H{}", num(ACTION_X));
    }
    let middle = theme.actions.len().saturating_sub(1).max(1);
    for action in &theme.actions[1..middle] {
        put!(
            d,
            "M{} {}H{}",
            num(spine),
            num(centre(action)),
            num(ACTION_X)
        );
    }
    put!(
        out,
        r#"<path d="{d}" fill="none" stroke="{}" stroke-width="2.5" stroke-opacity="0.6" stroke-linecap="round" stroke-linejoin="round"/>"#,
        theme.swatch.strong
    );
}

fn write_header(out: &mut String, words: &Words, actions: usize, themes: usize) {
    put!(
        out,
        r#"<text x="{}" y="66" font-size="32" font-weight="700" fill="{INK}">{}</text>"#,
        num(MARGIN),
        escape(words.action_plan)
    );
    let summary = crate::words::fill(
        words.plan_summary,
        &[
            ("actions", &words.count(&words.actions, actions)),
            ("themes", &words.count(&words.themes, themes)),
        ],
    );
    // The legend takes the right of the header; the summary wraps left of it.
    let legend_width = 300.0;
    let lines = text::wrap(
        &summary,
        16.0,
        false,
        WIDTH - 2.0 * MARGIN - legend_width - 40.0,
        2,
    );
    text::write_lines(
        out,
        &lines,
        MARGIN,
        98.0,
        21.0,
        &format!(r#"font-size="16" fill="{MUTED}""#),
    );

    let x = WIDTH - MARGIN - legend_width;
    let row = |i: f32| 50.0 + i * 28.0;
    put!(
        out,
        r#"<circle cx="{}" cy="{}" r="7" fill="{GREEN_DOT}"/>"#,
        num(x + 13.0),
        num(row(0.0))
    );
    put!(
        out,
        r#"<circle cx="{}" cy="{}" r="7" fill="{RED_DOT}"/>"#,
        num(x + 13.0),
        num(row(1.0))
    );
    put!(
        out,
        r#"<circle cx="{}" cy="{}" r="6" fill="none" stroke="{NO_OWNER_INK}" stroke-width="1.6" stroke-dasharray="3 2.4"/>"#,
        num(x + 13.0),
        num(row(2.0))
    );
    for (i, label) in [
        words.legend_priority_stickers,
        words.legend_committed,
        words.legend_needs_owner,
    ]
    .iter()
    .enumerate()
    {
        put!(
            out,
            r#"<text x="{}" y="{}" font-size="15" fill="{INK}">{}</text>"#,
            num(x + 30.0),
            num(row(i as f32) + 5.0),
            escape(label)
        );
    }
}

fn write_theme(out: &mut String, theme: &ThemeBox) {
    let empty = theme.actions.is_empty();
    // A theme with actions is a solid block of its colour; an empty one, or the cards
    // under no theme, is drawn open so it reads as "not really a branch".
    let (fill, stroke, ink) = if theme.themed && !empty {
        (theme.swatch.strong, "none", "#fff")
    } else {
        (theme.swatch.tint, theme.swatch.strong, theme.swatch.strong)
    };
    let dash = if theme.themed {
        ""
    } else {
        r#" stroke-dasharray="6 4""#
    };
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="14" fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>"#,
        num(THEME_X),
        num(theme.node_y),
        num(THEME_W),
        num(theme.node_height)
    );
    let first = theme.node_y + NODE_PAD + THEME_FONT - 3.0;
    text::write_lines(
        out,
        &theme.title,
        THEME_X + NODE_PAD,
        first,
        THEME_LINE,
        &format!(
            r#"font-size="{}" font-weight="700" fill="{ink}""#,
            num(THEME_FONT)
        ),
    );
    let stats_y = first + (theme.title.len().max(1) - 1) as f32 * THEME_LINE + 10.0 + STAT_LINE;
    text::write_lines(
        out,
        &theme.stats,
        THEME_X + NODE_PAD,
        stats_y - 3.0,
        STAT_LINE,
        &format!(
            r#"font-size="{}" fill="{ink}" fill-opacity="0.9""#,
            num(STAT_FONT)
        ),
    );
}

fn write_action(out: &mut String, words: &Words, action: &ActionBox, swatch: Swatch) {
    let (x, y) = (ACTION_X, action.y);
    put!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="12" fill="#fff" stroke="{CARD_EDGE}" stroke-width="1.2"/>"##,
        num(x),
        num(y),
        num(ACTION_W),
        num(action.height)
    );
    // The rank, level with the first line of the text: a disc, widening into a pill
    // for ranks of three digits and more.
    let cy = y + PAD + TEXT_FONT / 2.0 + 1.0;
    let rank = action.rank.to_string();
    let rank_width = (text::width(&rank, RANK_FONT, true) + 12.0).max(2.0 * RANK_R);
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{RANK_R}" fill="{}"/><text x="{}" y="{}" font-size="{RANK_FONT}" font-weight="700" text-anchor="middle" fill="{}">{rank}</text>"#,
        num(x + RANK_X - rank_width / 2.0),
        num(cy - RANK_R),
        num(rank_width),
        num(2.0 * RANK_R),
        swatch.tint,
        num(x + RANK_X),
        num(cy + 5.2),
        swatch.strong,
    );
    text::write_lines(
        out,
        &action.lines,
        x + TEXT_X,
        y + PAD + TEXT_FONT - 3.0,
        TEXT_LINE,
        &format!(r#"font-size="{}" fill="{INK}""#, num(TEXT_FONT)),
    );

    // The green count, top right.
    let (pill_fill, pill_ink) = if action.green > 0 {
        GREEN_PILL
    } else {
        ZERO_PILL
    };
    let dot = if action.green > 0 {
        GREEN_DOT
    } else {
        ZERO_PILL.1
    };
    let px = x + ACTION_W - PAD - action.pill_width;
    let py = y + PAD - 3.0;
    put!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{PILL_H}" rx="14" fill="{pill_fill}"/><circle cx="{}" cy="{}" r="6" fill="{dot}"/><text x="{}" y="{}" font-size="{}" font-weight="700" fill="{pill_ink}">{}</text>"#,
        num(px),
        num(py),
        num(action.pill_width),
        num(px + 18.0),
        num(py + PILL_H / 2.0),
        num(px + 31.0),
        num(py + PILL_H / 2.0 + 5.5),
        num(PILL_FONT),
        action.green
    );

    // Who carries it, or the mark that nobody does yet.
    let text_bottom =
        y + PAD + TEXT_FONT + (action.lines.len().max(1) - 1) as f32 * TEXT_LINE + 5.0;
    let row = text_bottom + 10.0;
    if action.owners.is_empty() {
        let width = 12.0 + 12.0 + 7.0 + text::width(words.no_owner, BADGE_FONT, true) + 12.0;
        let bx = x + TEXT_X - 2.0;
        put!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{BADGE_H}" rx="13" fill="{NO_OWNER_FILL}" stroke="{NO_OWNER_INK}" stroke-width="1.6" stroke-dasharray="5 3"/><circle cx="{}" cy="{}" r="5.5" fill="none" stroke="{NO_OWNER_INK}" stroke-width="1.6" stroke-dasharray="3 2.4"/><text x="{}" y="{}" font-size="{}" font-weight="700" fill="{NO_OWNER_INK}">{}</text>"#,
            num(bx),
            num(row),
            num(width),
            num(bx + 18.0),
            num(row + BADGE_H / 2.0),
            num(bx + 31.0),
            num(row + BADGE_H / 2.0 + 5.0),
            num(BADGE_FONT),
            escape(words.no_owner)
        );
    } else {
        put!(
            out,
            r#"<circle cx="{}" cy="{}" r="6" fill="{RED_DOT}"/>"#,
            num(x + TEXT_X + 6.0),
            num(row + OWNER_LINE / 2.0)
        );
        text::write_lines(
            out,
            &action.owners,
            x + TEXT_X + 20.0,
            row + OWNER_FONT - 1.0,
            OWNER_LINE,
            &format!(r#"font-size="{}" fill="{INK}""#, num(OWNER_FONT)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{large_board, seed_meeting};
    use crate::text::test_support::*;

    use crate::test_board as board;

    /// The rectangles of the SVG, with their fill.
    fn rects(svg: &str) -> Vec<(f32, f32, f32, f32)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let at = |n: &roxmltree::Node, name: &str| -> f32 {
            n.attribute(name).map_or(0.0, |v| v.parse().unwrap())
        };
        doc.descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| (at(&n, "x"), at(&n, "y"), at(&n, "width"), at(&n, "height")))
            .collect()
    }

    #[test]
    fn the_seed_plan_shows_every_action_theme_and_owner() {
        let w = seed_meeting();
        let svg = plan_svg(board(&w));
        let drawn = drawn_text(&svg);
        let results = w.results();
        for card in &results.cards {
            assert_words_drawn(&drawn, &card.text);
            for id in &card.committed {
                assert!(drawn.contains(w.participant_name(*id)));
            }
        }
        for theme in &results.themes {
            assert_words_drawn(&drawn, &theme.title);
        }
        assert_words_drawn(&drawn, &w.title);
        let unowned = results.cards.iter().filter(|c| c.no_commitment).count();
        assert!(unowned > 0);
        // One badge an unowned action, and the legend names the mark.
        assert_eq!(drawn.matches("No owner yet").count(), unowned);
        assert!(drawn.contains("ABC234"));
    }

    #[test]
    fn actions_are_in_rank_order_without_overlap() {
        let w = large_board();
        let svg = plan_svg(board(&w));
        let rects = rects(&svg);
        // The action cards: the column right of the themes.
        let mut cards: Vec<_> = rects
            .iter()
            .filter(|r| r.0 == ACTION_X && r.2 == ACTION_W)
            .collect();
        assert_eq!(cards.len(), 300);
        cards.sort_by(|a, b| a.1.total_cmp(&b.1));
        for pair in cards.windows(2) {
            assert!(pair[0].1 + pair[0].3 <= pair[1].1, "{pair:?}");
        }
        let themes: Vec<_> = rects
            .iter()
            .filter(|r| r.0 == THEME_X && r.2 == THEME_W)
            .collect();
        assert_eq!(themes.len(), 8);
        for pair in themes.windows(2) {
            assert!(pair[0].1 + pair[0].3 <= pair[1].1, "{pair:?}");
        }
        // Everything inside the page.
        let height: f32 = roxmltree::Document::parse(&svg)
            .unwrap()
            .root_element()
            .attribute("height")
            .unwrap()
            .parse()
            .unwrap();
        assert!(rects
            .iter()
            .all(|r| r.1 + r.3 <= height && r.0 + r.2 <= WIDTH));
        let drawn = drawn_text(&svg);
        for card in w.panel() {
            assert!(drawn.contains(
                card.text
                    .split(' ')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str()
            ));
        }
    }

    #[test]
    fn ranks_are_the_plans_own() {
        let w = seed_meeting();
        let svg = plan_svg(board(&w));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        // Rank numbers are the bold centred texts of the action column, in theme order.
        let ranks: Vec<u32> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("text")
                    && n.attribute("text-anchor") == Some("middle")
                    && n.attribute("x") == Some(&num(ACTION_X + RANK_X))
            })
            .map(|n| n.text().unwrap().parse().unwrap())
            .collect();
        // The same ranks as the report and the CSV: ties broken, one number each.
        let expected: Vec<u32> = w
            .results()
            .themes
            .iter()
            .flat_map(|t| t.cards.iter().map(|c| c.rank))
            .collect();
        assert_eq!(ranks, expected);
    }

    #[test]
    fn the_picture_shows_the_best_actions_of_each_theme_and_counts_the_rest() {
        let w = large_board();
        let svg = plan_svg_showing(board(&w), PICTURE_ACTIONS_PER_THEME);
        let text = drawn_text(&svg);
        let results = w.results();
        for theme in &results.themes {
            for (i, card) in theme.cards.iter().enumerate() {
                let shown = text.contains(&format!("Action {}:", card.card));
                assert_eq!(shown, i < PICTURE_ACTIONS_PER_THEME, "{}", card.text);
            }
            let hidden = theme.cards.len().saturating_sub(PICTURE_ACTIONS_PER_THEME);
            if hidden > 0 {
                assert!(text.contains(&format!("+ {hidden} more in the report")));
            }
        }
    }

    #[test]
    fn an_empty_theme_still_shows() {
        let mut w = seed_meeting();
        w.themes.push(panneau_shared::Theme {
            id: ThemeId(99),
            title: "Nobody chose this".into(),
            area: None,
        });
        let drawn = drawn_text(&plan_svg(board(&w)));
        assert_words_drawn(&drawn, "Nobody chose this");
        assert!(drawn.contains("No actions"));
    }

    #[test]
    fn an_empty_workshop_draws_its_root_alone() {
        let created = Workshop::create(
            &panneau_shared::NewWorkshop {
                title: "Empty".into(),
                ..Default::default()
            },
            0,
        )
        .unwrap();
        let w = Workshop::replay([&created]);
        let svg = plan_svg(board(&w));
        let drawn = drawn_text(&svg);
        assert!(drawn.contains("Empty") && drawn.contains("0 actions"));
    }

    #[test]
    fn hostile_text_stays_text() {
        let w = hostile_workshop();
        let svg = plan_svg(board(&w));
        assert_hostile_text_is_inert(&svg);
        assert_words_drawn(&drawn_text(&svg), HOSTILE_NAME);
        assert_words_drawn(&drawn_text(&svg), HOSTILE_TITLE);
    }

    #[test]
    fn every_theme_colour_is_distinct_and_cycles() {
        let w = large_board();
        let colours: Vec<Swatch> = w.themes.iter().map(|t| swatch(&w, Some(t.id))).collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(colours[i + 1..].iter().all(|b| b != a));
            assert_ne!(*a, UNTHEMED);
        }
        assert_eq!(swatch(&w, None), UNTHEMED);
        assert_eq!(swatch(&w, Some(ThemeId(1234))), UNTHEMED);
    }
}
