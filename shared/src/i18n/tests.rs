//! Every message of every language is there, non-empty, with the same `{holes}` as in
//! English, and filled from sample values leaves no hole behind.

use super::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every message of `lang`, by its path in the catalogue (`common.phases.2`).
fn messages(lang: Lang) -> Vec<(String, String)> {
    fn walk(path: String, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::String(text) => out.push((path, text.clone())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(format!("{path}.{i}"), item, out);
                }
            }
            Value::Object(fields) => {
                for (name, field) in fields {
                    walk(format!("{path}.{name}"), field, out);
                }
            }
            other => panic!("{path}: unexpected {other}"),
        }
    }
    let mut out = Vec::new();
    for (name, part) in [
        ("common", serde_json::to_value(lang.common())),
        ("home", serde_json::to_value(lang.home())),
        ("person", serde_json::to_value(lang.person())),
        ("console", serde_json::to_value(lang.console())),
        ("wall", serde_json::to_value(lang.wall())),
        ("board", serde_json::to_value(lang.board())),
        ("outcome", serde_json::to_value(lang.outcome())),
    ] {
        walk(name.to_owned(), &part.unwrap(), &mut out);
    }
    out
}

fn holes(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_language_has_every_message_with_the_same_holes() {
    let english = messages(Lang::En);
    for lang in Lang::ALL {
        let translated = messages(lang);
        assert_eq!(translated.len(), english.len());
        for ((path, text), (en_path, en_text)) in translated.iter().zip(&english) {
            assert_eq!(path, en_path);
            assert!(!text.trim().is_empty(), "{lang:?} {path} is empty");
            assert_eq!(holes(text), holes(en_text), "{lang:?} {path}: {text}");
            let values: Vec<(String, String)> = holes(text)
                .into_iter()
                .map(|h| (h, "7".to_owned()))
                .collect();
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(h, v)| (h.as_str(), v.as_str()))
                .collect();
            let filled = fill(text, &values);
            assert!(
                !filled.contains('{'),
                "{lang:?} {path} keeps a hole: {filled}"
            );
        }
    }
}

#[test]
fn counts_follow_each_languages_rule() {
    let cards = Plural {
        one: "{n} card",
        other: "{n} cards",
    };
    assert_eq!(Lang::En.count(&cards, 0), "0 cards");
    assert_eq!(Lang::Fr.count(&cards, 0), "0 card");
    assert_eq!(Lang::It.count(&cards, 1), "1 card");
    assert_eq!(Lang::It.count(&cards, 2), "2 cards");
}

#[test]
fn patterns_fill_their_holes_and_keep_unknown_ones() {
    assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
    assert_eq!(fill("{x} and {", &[("y", "1")]), "{x} and {");
    assert_eq!(fill("{a}{b}", &[("a", "{b}"), ("b", "2")]), "{b}2");
}

/// French puts a no-break space before `:`, `;`, `?` and `!` and inside « », so that the
/// sign never starts a line of its own: a plain space there is a fault.
pub(crate) fn french_spacing_fault(text: &str) -> bool {
    [" :", " ;", " ?", " !", "« ", " »"]
        .iter()
        .any(|fault| text.contains(fault))
}

#[test]
fn french_keeps_its_signs_with_their_words() {
    for (path, text) in messages(Lang::Fr) {
        assert!(!french_spacing_fault(&text), "{path}: {text}");
    }
    for code in crate::RejectionCode::ALL {
        let text = refusal::refusal(Lang::Fr, code);
        assert!(!french_spacing_fault(text), "{code:?}: {text}");
    }
    assert!(french_spacing_fault("Suite : la suite"));
    assert!(!french_spacing_fault(
        "Suite\u{a0}: la suite, https://exemple.fr"
    ));
}
