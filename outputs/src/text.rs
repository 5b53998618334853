//! Text for the pictures: the fonts built into the binary, the width of a line measured
//! from their metrics, greedy word wrapping, and the XML escaping of user-typed text.
//!
//! The SVGs name Liberation Sans first, then Arial and Helvetica: Liberation Sans is
//! metric-compatible with both, so a browser that lacks it still draws every line at the
//! width our wrapping assumed, and the PNG renderer, which only knows these fonts, draws
//! exactly what we measured.

use resvg::usvg::fontdb;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// The family the embedded fonts declare.
pub(crate) const FAMILY: &str = "Liberation Sans";

/// The `font-family` of both SVGs (inside a double-quoted attribute).
pub(crate) const FONT_FAMILY: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// Ends a line cut short.
pub(crate) const ELLIPSIS: char = '…';

/// The font database of the PNG renderer: the two embedded faces and nothing from the
/// machine. Every generic family points at Liberation Sans so that no name in an SVG
/// resolves to nothing (resvg silently drops text it has no font for).
pub(crate) fn font_database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            // Borrowed from the binary, not copied.
            db.load_font_source(fontdb::Source::Binary(Arc::new(REGULAR)));
            db.load_font_source(fontdb::Source::Binary(Arc::new(BOLD)));
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Advance widths of one face, in font units, for every character of the Basic
/// Multilingual Plane (65,536 × 2 bytes): one index per character, no hashing. Characters
/// the face lacks get the advance of its missing-glyph box, which is what resvg draws.
struct Metrics {
    units_per_em: f32,
    advances: Vec<u16>,
    missing: u16,
}

impl Metrics {
    fn get(bold: bool) -> &'static Metrics {
        static REGULAR_METRICS: OnceLock<Metrics> = OnceLock::new();
        static BOLD_METRICS: OnceLock<Metrics> = OnceLock::new();
        if bold {
            BOLD_METRICS.get_or_init(|| Metrics::parse(BOLD).expect("the embedded bold font"))
        } else {
            REGULAR_METRICS
                .get_or_init(|| Metrics::parse(REGULAR).expect("the embedded regular font"))
        }
    }

    /// The advances of every character of the Basic Multilingual Plane, read with
    /// ttf-parser. Kerning is ignored, which can only make our lines a little wider than
    /// drawn, never narrower by more than a kern.
    fn parse(font: &[u8]) -> Option<Metrics> {
        let face = ttf_parser::Face::parse(font, 0).ok()?;
        let advance = |glyph| face.glyph_hor_advance(glyph).unwrap_or(0);
        let missing = advance(ttf_parser::GlyphId(0));
        let advances = (0..=0xFFFF_u32)
            .map(|c| {
                char::from_u32(c)
                    .and_then(|c| face.glyph_index(c))
                    .map_or(missing, advance)
            })
            .collect();
        Some(Metrics {
            units_per_em: f32::from(face.units_per_em()),
            advances,
            missing,
        })
    }

    fn advance(&self, c: char) -> u16 {
        self.advances
            .get(c as usize)
            .copied()
            .unwrap_or(self.missing)
    }
}

/// The width of `text` on one line, in the units of `font_size`.
pub(crate) fn width(text: &str, font_size: f32, bold: bool) -> f32 {
    let metrics = Metrics::get(bold);
    let units: u32 = text.chars().map(|c| u32::from(metrics.advance(c))).sum();
    units as f32 * font_size / metrics.units_per_em
}

/// The advance of one character, in the units of `font_size`.
pub(crate) fn char_width(c: char, font_size: f32, bold: bool) -> f32 {
    let metrics = Metrics::get(bold);
    f32::from(metrics.advance(c)) * font_size / metrics.units_per_em
}

/// Splits `text` into at most `max_lines` lines no wider than `max_width`: greedy, breaking
/// at spaces, and inside a word only when the word alone is wider than a line. Newlines
/// in the text start a new line. Runs of spaces become one, as SVG draws them. When the
/// text does not fit, the last line ends with "…". A line is never empty of characters,
/// so a width narrower than one letter still makes progress (and overflows).
pub(crate) fn wrap(
    text: &str,
    font_size: f32,
    bold: bool,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let metrics = Metrics::get(bold);
    let scale = font_size / metrics.units_per_em;
    let char_width = |c: char| f32::from(metrics.advance(c)) * scale;
    let space = char_width(' ');

    let mut lines: Vec<String> = Vec::new();
    let mut truncated = false;
    'paragraphs: for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split_whitespace() {
            let word_width: f32 = word.chars().map(char_width).sum();
            if !line.is_empty() {
                if line_width + space + word_width <= max_width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            // The word starts a line: is there one left?
            if lines.len() >= max_lines {
                truncated = true;
                break 'paragraphs;
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word wider than a line: cut it where it reaches the edge.
            for c in word.chars() {
                let w = char_width(c);
                if !line.is_empty() && line_width + w > max_width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                    if lines.len() == max_lines {
                        truncated = true;
                        break 'paragraphs;
                    }
                }
                line.push(c);
                line_width += w;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            let room = max_width - char_width(ELLIPSIS);
            let mut last_width: f32 = last.chars().map(char_width).sum();
            while last_width > room {
                match last.pop() {
                    Some(c) => last_width -= char_width(c),
                    None => break,
                }
            }
            // "word …" reads as a cut; "word…" as a trailing-off, which it is.
            let kept = last.trim_end().len();
            last.truncate(kept);
            last.push(ELLIPSIS);
        }
    }
    lines
}

/// `text` made safe inside an XML text node or a double- or single-quoted attribute.
/// Characters XML 1.0 cannot hold at all (control characters other than tab, newline
/// and carriage return; U+FFFE and U+FFFF) are dropped: the model refuses them, but an
/// import is not the model.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    let needs_work = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || !is_xml_char(c);
    if !text.chars().any(needs_work) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends formatted text to a `String`, which cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}
pub(crate) use put;

/// Writes `lines` as one `<text>` with a `<tspan>` a line, the first baseline at `y`;
/// empty lines keep their place but write nothing. `attributes` are ours (sizes,
/// colours), never user text; the lines are escaped here.
pub(crate) fn write_lines(
    out: &mut String,
    lines: &[String],
    x: f32,
    y: f32,
    line_height: f32,
    attributes: &str,
) {
    if lines.iter().all(|line| line.is_empty()) {
        return;
    }
    put!(out, "<text {attributes}>");
    let x = num(x);
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
        put!(
            out,
            r#"<tspan x="{x}" y="{}">{}</tspan>"#,
            num(y + i as f32 * line_height),
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// Formats a coordinate for SVG: at most two decimals, no trailing zeros, so the files
/// stay small and the same layout always writes the same bytes.
pub(crate) fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        let mut s = format!("{rounded:.2}");
        while s.ends_with('0') {
            s.pop();
        }
        s
    }
}

/// What the tests of both pictures share: a workshop typed by someone hostile, and the
/// text a picture draws.
#[cfg(test)]
pub(crate) mod test_support {
    use panneau_shared::{
        Actor, CardId, Command, NewWorkshop, ParticipantId, Phase, StickerColor, ThemeId, Workshop,
    };

    pub(crate) const HOSTILE_CARD: &str =
        r#"<script>alert(1)</script> & "x" <img src=x onerror=alert(1)>"#;
    pub(crate) const HOSTILE_THEME: &str = r#"</text><script>alert('t')</script>"#;
    pub(crate) const HOSTILE_NAME: &str = r#""Eve" <eve@x.org> & 'Co'"#;
    pub(crate) const HOSTILE_TITLE: &str = r#"Title ]]> <!-- & --> <svg onload="x">"#;

    /// A workshop whose title, theme, card and participant name are all markup, played
    /// through the model: an action in the plenary, under the theme, with a green and a
    /// red sticker.
    pub(crate) fn hostile_workshop() -> Workshop {
        let mut play = crate::sample::Play::new(
            &NewWorkshop {
                title: HOSTILE_TITLE.into(),
                themes: vec![HOSTILE_THEME.into()],
                ..NewWorkshop::default()
            },
            1_000,
        );
        let eve = Actor::Participant {
            id: ParticipantId(0),
        };
        let steps = [
            (
                Actor::Guest,
                Command::Join {
                    name: HOSTILE_NAME.into(),
                    organisation: "<i>".into(),
                },
            ),
            (
                Actor::Facilitator,
                Command::SetPhase {
                    phase: Phase::Plenary,
                },
            ),
            (
                Actor::Facilitator,
                Command::AddCard {
                    text: HOSTILE_CARD.into(),
                    x: 100.0,
                    y: 100.0,
                },
            ),
            (
                Actor::Facilitator,
                Command::SetCardTheme {
                    card: CardId(0),
                    theme: Some(ThemeId(0)),
                },
            ),
            (Actor::Facilitator, Command::SetPhase { phase: Phase::Vote }),
            (
                eve,
                Command::PlaceSticker {
                    card: CardId(0),
                    color: StickerColor::Green,
                },
            ),
            (
                eve,
                Command::PlaceSticker {
                    card: CardId(0),
                    color: StickerColor::Red,
                },
            ),
        ];
        for (actor, command) in steps {
            play.run(actor, command);
        }
        play.workshop
    }

    /// Every line the picture draws (`<text>` content, not `<title>`), joined by spaces
    /// with runs of spaces made one: a wrapped phrase reads as it was typed.
    pub(crate) fn drawn_text(svg: &str) -> String {
        let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
        let mut drawn = String::new();
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            for node in text.descendants().filter(|n| n.is_text()) {
                drawn.push_str(node.text().unwrap_or_default());
                drawn.push(' ');
            }
        }
        drawn.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// `text` is drawn whole, wrapped over any number of lines.
    pub(crate) fn assert_words_drawn(drawn: &str, text: &str) {
        let phrase = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            drawn.contains(&phrase),
            "{phrase:?} is not drawn in {drawn:?}"
        );
    }

    /// The SVG parses, holds no element or event attribute but its own, and draws each
    /// hostile string as characters (a word cut across lines still reads in order).
    pub(crate) fn assert_hostile_text_is_inert(svg: &str) {
        let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !matches!(tag, "script" | "img" | "foreignObject" | "i" | "b"),
                "<{tag}> got through"
            );
            assert!(node.tag_name().namespace() == Some("http://www.w3.org/2000/svg"));
            for attribute in node.attributes() {
                assert!(!attribute.name().starts_with("on"), "{}", attribute.name());
            }
        }
        assert_eq!(
            doc.descendants().filter(|n| n.has_tag_name("svg")).count(),
            1
        );
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let drawn = squeeze(&drawn_text(svg));
        for hostile in [HOSTILE_CARD, HOSTILE_THEME] {
            assert!(
                drawn.contains(&squeeze(hostile)),
                "{hostile} not in {drawn}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // Arial's (and so Liberation Sans's) advances: "i" 0.222 em, "W" 0.944 em, and
        // bold is wider.
        assert!((width("i", 1000.0, false) - 222.0).abs() < 1.0);
        assert!((width("W", 1000.0, false) - 944.0).abs() < 1.0);
        assert!(width("Panneau", 16.0, true) > width("Panneau", 16.0, false));
        assert_eq!(width("", 16.0, false), 0.0);
        // Accented letters and the ellipsis are in the font, not missing boxes.
        let missing = Metrics::get(false).missing;
        for c in ['é', 'Ç', 'ß', '…', '€', '’', 'ñ'] {
            assert_ne!(Metrics::get(false).advance(c), missing, "{c}");
        }
    }

    #[test]
    fn lines_never_exceed_the_width() {
        let text = "Shared stands at fairs and trade shows, at home and abroad: \
                    Provenç'Ânes, La Vallée des Oliviers and Le Domaine de la Blaque";
        for max_width in [60.0, 120.0, 180.0, 333.0] {
            for bold in [false, true] {
                let lines = wrap(text, 15.0, bold, max_width, 50);
                assert!(lines.len() > 1);
                for line in &lines {
                    assert!(
                        width(line, 15.0, bold) <= max_width,
                        "{line:?} in {max_width}"
                    );
                    assert!(!line.starts_with(' ') && !line.ends_with(' '));
                }
                // Nothing lost: the letters come back in order.
                let letters = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(letters(&lines.concat()), letters(text));
            }
        }
    }

    #[test]
    fn a_truncated_text_ends_with_an_ellipsis_within_the_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = wrap(text, 16.0, false, 90.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with(ELLIPSIS), "{lines:?}");
        assert!(!lines[0].ends_with(ELLIPSIS));
        for line in &lines {
            assert!(width(line, 16.0, false) <= 90.0, "{line:?}");
        }
        // A text that fits has no ellipsis.
        let lines = wrap("one two", 16.0, false, 90.0, 2);
        assert_eq!(lines, ["one two"]);
        // Exactly filling the lines is not a truncation.
        let lines = wrap("one two\nthree", 16.0, false, 90.0, 2);
        assert_eq!(lines, ["one two", "three"]);
        let lines = wrap("one\ntwo\nthree", 16.0, false, 90.0, 2);
        assert_eq!(lines, ["one", "two…"]);
    }

    #[test]
    fn long_words_are_broken_by_characters() {
        let word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe";
        let lines = wrap(&format!("a {word} b"), 15.0, false, 100.0, 10);
        assert_eq!(lines[0], "a");
        assert!(lines.len() >= 4, "{lines:?}");
        for line in &lines {
            assert!(width(line, 15.0, false) <= 100.0, "{line:?}");
        }
        // The tail of the word shares its line with the next word.
        assert_eq!(lines[1..].concat(), format!("{word} b"));
        // Narrower than a letter: one letter a line, and it ends.
        let lines = wrap("WWW", 15.0, false, 1.0, 10);
        assert_eq!(lines, ["W", "W", "W"]);
        assert!(wrap("", 15.0, false, 100.0, 3).is_empty());
        assert!(wrap(" \n ", 15.0, false, 100.0, 3).is_empty());
    }

    #[test]
    fn escaping_covers_text_and_both_quotes() {
        assert_eq!(
            escape(r#"<script>alert('x')</script> & "y""#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert!(matches!(escape("plain Élodie"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1}b\u{FFFF}c\nd"), "abc\nd");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.004), "1");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(0.1 + 0.2), "0.3");
    }

    #[test]
    fn the_database_holds_both_faces() {
        let db = font_database();
        assert_eq!(db.len(), 2);
        let query = fontdb::Query {
            families: &[fontdb::Family::SansSerif],
            weight: fontdb::Weight::BOLD,
            ..fontdb::Query::default()
        };
        assert!(db.query(&query).is_some());
    }
}
