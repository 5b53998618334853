//! Repository hygiene that a compiler does not check: every Rust source file opens with a
//! `//!` line saying what it is for, and no view of the browser client writes prose of
//! its own (every word people read comes from the language catalogue).

use anyhow::{bail, Result};
use std::fs;
use std::path::{Path, PathBuf};

pub fn check(root: &Path) -> Result<()> {
    let mut missing = Vec::new();
    for dir in ["shared", "outputs", "server", "client", "tests", "xtask"] {
        let mut files = Vec::new();
        collect_rs(&root.join(dir), &mut files);
        for file in files {
            let text = fs::read_to_string(&file)?;
            if !text.trim_start().starts_with("//!") {
                missing.push(
                    file.strip_prefix(root)
                        .unwrap_or(&file)
                        .display()
                        .to_string(),
                );
            }
        }
    }
    if !missing.is_empty() {
        bail!(
            "these files do not start with a `//!` line saying what they are for:\n  {}",
            missing.join("\n  ")
        );
    }
    let mut prose = Vec::new();
    let mut files = Vec::new();
    collect_rs(&root.join("client/src"), &mut files);
    files.sort();
    let classes = css_classes(&fs::read_to_string(root.join("client/style.css"))?);
    for file in files {
        let text = fs::read_to_string(&file)?;
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, literal) in prose_in_views(&text) {
            // A list of the style sheet's classes is for the machine, wherever it sits.
            let words = literal.replace("{}", " ");
            if words.split_whitespace().all(|c| classes.contains(c)) {
                continue;
            }
            prose.push(format!("{name}:{line}: \"{literal}\""));
        }
    }
    if !prose.is_empty() {
        bail!(
            "these views write prose of their own; take it from the language catalogue \
             (shared/src/i18n/):\n  {}",
            prose.join("\n  ")
        );
    }
    Ok(())
}

/// Attributes whose values are for the machine, not for people.
const MACHINE_ATTRIBUTES: [&str; 17] = [
    "data-testid",
    "class",
    "type",
    "name",
    "accept",
    "rows",
    "min",
    "max",
    "step",
    "role",
    "for",
    "id",
    "autocomplete",
    "inputmode",
    "rel",
    "target",
    "value",
];

/// Words that read the same in every language.
const UNTRANSLATED: [&str; 1] = ["Panneau"];

/// The string literals inside `view!` blocks that look like prose (a letter, and a space
/// or a capital), with their line numbers, except values of [`MACHINE_ATTRIBUTES`].
fn prose_in_views(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(at) = rest.find("view!") {
        let start = offset + at;
        let Some(open) = source[start..].find('{').map(|i| start + i) else {
            break;
        };
        // The block ends at its matching brace; literals are skipped as wholes so that a
        // brace inside one does not count.
        let bytes = source.as_bytes();
        let (mut depth, mut i) = (0usize, open);
        while i < bytes.len() {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'"' => {
                    let end = literal_end(bytes, i + 1);
                    let literal = &source[i + 1..end];
                    let before = source[..i].trim_end();
                    let attribute = before.strip_suffix('=').map(|b| {
                        b.rsplit(|c: char| c.is_whitespace() || c == '<')
                            .next()
                            .unwrap_or("")
                    });
                    let machine = attribute.is_some_and(|a| MACHINE_ATTRIBUTES.contains(&a));
                    if !machine && looks_like_prose(literal) {
                        let line = source[..i].matches('\n').count() + 1;
                        found.push((line, literal.to_owned()));
                    }
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
        offset = i.max(open + 1);
        rest = &source[offset..];
    }
    found
}

/// The class names a style sheet defines (`.name` in its selectors).
fn css_classes(css: &str) -> std::collections::HashSet<String> {
    css.split('.')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|name| name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .collect()
}

/// The index of the closing quote of a literal whose text starts at `from`.
fn literal_end(bytes: &[u8], mut from: usize) -> usize {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b'"' => return from,
            _ => from += 1,
        }
    }
    bytes.len()
}

fn looks_like_prose(literal: &str) -> bool {
    // `format!` holes are values, not words.
    let mut bare = String::new();
    let mut depth = 0;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let literal = bare.trim();
    let has_letter = literal.chars().any(char::is_alphabetic);
    let capital = literal.chars().next().is_some_and(char::is_uppercase);
    has_letter && (literal.contains(' ') || capital) && !UNTRANSLATED.contains(&literal)
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                collect_rs(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prose_in_views;

    #[test]
    fn prose_in_a_view_is_found_and_machine_values_are_not() {
        let source = r#"
fn page() {
    let x = "Not in a view";
    view! {
        <p class="two words" data-testid="a-b">"Hello there"</p>
        <input placeholder="Your name" type="text" />
        <b>{words.ok}</b><i>"×"</i><span>{"Fine"}</span><h1>"Panneau"</h1>
    }
}
"#;
        let found: Vec<String> = prose_in_views(source).into_iter().map(|(_, s)| s).collect();
        assert_eq!(found, ["Hello there", "Your name", "Fine"]);
    }
}
