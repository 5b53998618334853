//! Escaping for the Markdown report: whatever people typed must read as the words they
//! typed and never as markup — no link, image, table cell, heading, list, emphasis, code
//! or raw HTML — in CommonMark, GitHub's dialect and the renderers that pass HTML through.
//!
//! Every value of the template goes through [`escape`] (the `md` filter), and a value is
//! always inline: line breaks become spaces, so a value can sit in a table cell, a list
//! item or a heading alike. Paragraphs and line breaks that people typed are split
//! beforehand and laid out by the template.

use std::fmt::Write;

/// `text` made inert for any inline place of a Markdown document, table cells included.
pub(crate) fn escape(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.char_indices().peekable();
    // Only digits so far: "1." or "1)" would start an ordered list.
    let mut only_digits = true;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        match c {
            // Line breaks and other control characters: a value stays on its line.
            c if c.is_control() => out.push(' '),
            // Inline markup (code, emphasis, links and images, strikethrough, math,
            // footnotes), table cells, headings anywhere (ATX closing hashes), MDX braces.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' | '{' | '}' | '^' => {
                out.push('\\');
                out.push(c);
            }
            // Raw HTML and autolinks; as entities, since not every renderer honours `\<`.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // An entity the person typed shows as typed, not as the character it names.
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("&amp;");
            }
            // At the start of a line: a list item, a thematic break, a setext underline.
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if only_digits && i > 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        only_digits &= c.is_ascii_digit();
    }
    out
}

/// A URL for a Markdown link destination: characters that would end it or open markup
/// are percent-encoded. Our own relative URLs only, but never trusted blindly.
pub(crate) fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            c if c.is_ascii_alphanumeric() || "-._~/:?=&%+,;@!$'*".contains(c) => out.push(c),
            c => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_reads_as_typed() {
        assert_eq!(
            escape("Shared stands at fairs, at home & abroad (2026)!"),
            "Shared stands at fairs, at home & abroad (2026)!"
        );
        assert_eq!(
            escape("Élodie Roux — Provenç'Ânes"),
            "Élodie Roux — Provenç'Ânes"
        );
        assert_eq!(escape("a - b + c = d"), "a - b + c = d");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(escape("](javascript:alert(1))"), "\\](javascript:alert(1))");
        assert_eq!(escape("| pipes |"), "\\| pipes \\|");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            escape("*bold* _it_ `code`"),
            "\\*bold\\* \\_it\\_ \\`code\\`"
        );
        assert_eq!(escape("# Title"), "\\# Title");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ item"), "\\+ item");
        assert_eq!(escape("=cmd|'/c calc'!A1"), "\\=cmd\\|'/c calc'!A1");
        assert_eq!(escape("12. twelve"), "12\\. twelve");
        assert_eq!(escape("3) three"), "3\\) three");
        assert_eq!(escape("1.5 million"), "1\\.5 million");
        assert_eq!(escape("&lt;b&gt;"), "&amp;lt;b&amp;gt;");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(
            escape("line one\n# two\n\n- three"),
            "line one \\# two  - three"
        );
        assert_eq!(escape("![x](y)"), "!\\[x\\](y)");
    }

    #[test]
    fn urls_cannot_leave_their_parentheses() {
        assert_eq!(href("panel.png"), "panel.png");
        assert_eq!(href("a b).png"), "a%20b%29.png");
        assert_eq!(href("x<y>"), "x%3Cy%3E");
    }
}
