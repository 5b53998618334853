//! Every word of the screens, in each language Panneau speaks: one typed catalogue that
//! the browser reads, so that a message missing in one language is a compile error and
//! nothing is parsed at run time.
//!
//! # Layout
//! One module per part of the product, each a struct of messages with one constant per
//! language (`EN`, `FR`, `IT`): [`common`] (the frame of every page: header, phases,
//! people, countdown, language menu), [`home`], [`person`] (what a participant does, also
//! used by the facilitator acting for someone), [`console`] (the facilitator's console),
//! [`wall`] and [`outcome`] (results, report links and forms). [`Ui`] gathers them.
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

/// Every word of the screens in one language.
pub struct Ui {
    pub common: common::Common,
    pub home: home::Home,
    pub person: person::Person,
    pub console: console::Console,
    pub wall: wall::Wall,
    pub outcome: outcome::Outcome,
    pub board: board::Board,
}

static EN: Ui = Ui {
    common: common::EN,
    home: home::EN,
    person: person::EN,
    console: console::EN,
    wall: wall::EN,
    outcome: outcome::EN,
    board: board::EN,
};

static FR: Ui = Ui {
    common: common::FR,
    home: home::FR,
    person: person::FR,
    console: console::FR,
    wall: wall::FR,
    outcome: outcome::FR,
    board: board::FR,
};

static IT: Ui = Ui {
    common: common::IT,
    home: home::IT,
    person: person::IT,
    console: console::IT,
    wall: wall::IT,
    outcome: outcome::IT,
    board: board::IT,
};

/// The screens' words in `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::It => &IT,
    }
}

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
    let common = &ui(lang).common;
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
