//! Every word of the screens, in each language Panneau speaks: one typed catalogue that
//! the browser reads, so that a message missing in one language is a compile error and
//! nothing is parsed at run time.
//!
//! # Layout
//! One module per part of the product, each a struct of messages with one constant per
//! language (`EN`, `FR`, `IT`): [`common`] (the frame of every page: header, phases,
//! people, countdown, language menu), [`home`], [`person`] (what a participant does, also
//! used by the facilitator acting for someone), [`console`] (the facilitator's console),
//! [`wall`] and [`outcome`] (results, report links and forms), each reached through its
//! accessor on [`Lang`] (`lang.console()`).
//! [`refusal`] says why a command was refused, by its stable code.
//!
//! A message with values is a pattern with `{name}` holes, filled by [`fill`]; a counted
//! one is a [`Plural`], whose form the language's own rule picks ([`Lang::is_one`]).
//!
//! # Adding a language
//! Add a variant to [`Lang`] (with its tag, name and defaults in `lang.rs`), then a
//! constant for it in every module here and in the outputs' `words.rs`: the compiler lists
//! every place that still lacks it.

pub mod board;
pub mod common;
pub mod console;
pub mod home;
pub mod outcome;
pub mod person;
pub mod refusal;
pub mod wall;

pub use crate::lang::Lang;

/// A counted phrase in its two forms, each with an `{n}` hole.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

/// Each part's words in a language: `lang.console()`. One accessor per part, rather
/// than one struct of them all: a bundle whose screens never show a part carries none of
/// its words, since the linker keeps only the constants something reaches (a phone's
/// bundle has no word of the console). A new language is one more arm here.
macro_rules! parts {
    ($($part:ident: $words:ty),* $(,)?) => {
        impl Lang {
            $(
                pub fn $part(self) -> &'static $words {
                    match self {
                        Lang::En => &$part::EN,
                        Lang::Fr => &$part::FR,
                        Lang::It => &$part::IT,
                    }
                }
            )*
        }
    };
}

parts!(
    common: common::Common,
    home: home::Home,
    person: person::Person,
    console: console::Console,
    wall: wall::Wall,
    outcome: outcome::Outcome,
    board: board::Board,
);

impl Lang {
    /// Whether `n` takes the singular: English and Italian say "0 cards", French
    /// « 0 carte ».
    pub fn is_one(self, n: u64) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En | Lang::It => n == 1,
        }
    }

    /// `n` with its counted phrase in this language: "1 card", "0 carte".
    pub fn count(self, plural: &Plural, n: usize) -> String {
        let pattern = if self.is_one(n as u64) {
            plural.one
        } else {
            plural.other
        };
        fill(pattern, &[("n", &n.to_string())])
    }
}

/// A group as people read it in `lang`: "Pair 2", "Binôme 2", "Gruppo 1".
pub fn group_name(lang: Lang, group: crate::rejection::GroupName) -> String {
    let common = lang.common();
    let pattern = match group.round {
        crate::model::Round::Pairs => common.pair,
        crate::model::Round::Fours => common.four,
    };
    fill(pattern, &[("n", &group.number.to_string())])
}

/// `pattern` with each `{name}` replaced by its value; unknown holes are left as they are,
/// so a mistake in a translation shows instead of vanishing. A value is never read as a
/// pattern.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after
            .find('}')
            .map(|close| &after[..close])
            .and_then(|name| values.iter().find(|(key, _)| *key == name));
        match hole {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
