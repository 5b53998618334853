//! The workshop as a file: a versioned JSON export of everything on a board, and its
//! import, which checks every rule a board's own commands would have checked before it
//! becomes a new board — an exact copy, or a follow-up workshop with the same people and
//! the action plan on its panel.

use crate::lang::Lang;
use crate::model::text::{clean, invalid};
use crate::model::{
    check_settings, Archive, Card, Details, Group, Participant, Phase, PhaseEntry, Round, Settings,
    Sticker, StickerColor, Theme, Workshop, BOARD_HEIGHT, BOARD_WIDTH, MAX_CARDS, MAX_CARD_TEXT,
    MAX_CORE_VALUE, MAX_NAME, MAX_ORGANISATION, MAX_PARTICIPANTS, MAX_QUESTION, MAX_SYNTHESIS,
    MAX_THEME, MAX_THEMES, MAX_TITLE,
};
use crate::rejection::Rejection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What the `format` field of every export says.
pub const EXPORT_FORMAT: &str = "panneau-workshop";
/// The version of the export format this build writes and reads.
pub const EXPORT_VERSION: u32 = 1;
/// Largest export file accepted for import, in bytes: a full board (500 people, 5,000
/// cards of 280 three-byte characters) fits with room to spare.
pub const MAX_EXPORT_BYTES: usize = 8 * 1024 * 1024;
/// Most groups an imported board may hold (every participant alone in both rounds).
const MAX_GROUPS: usize = 2 * MAX_PARTICIPANTS;

/// A whole workshop, as exported. Field order is the file's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] when written by this build.
    pub version: u32,
    /// The join code of the board it was exported from.
    pub code: String,
    pub title: String,
    pub question: String,
    /// The workshop's language.
    #[serde(default)]
    pub lang: Lang,
    pub details: Details,
    pub settings: Settings,
    pub phase: Phase,
    /// When the board was created (ms since the Unix epoch; 0 if unknown).
    pub created_ms: u64,
    /// Every phase change with its time.
    pub phases: Vec<PhaseEntry>,
    /// The group rounds that were played (a skipped round keeps every card).
    pub rounds_played: Vec<Round>,
    pub themes: Vec<Theme>,
    pub people: Vec<Participant>,
    /// Every card, archived ones included: `origin` and `archived` give its provenance.
    pub cards: Vec<Card>,
    pub groups: Vec<Group>,
    pub stickers: Vec<Sticker>,
    pub follow_ups: Vec<String>,
    pub synthesis: String,
}

/// Only the two fields every version will have, read first so that a file of another
/// version gets a clear answer rather than a complaint about its fields.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

/// What an import makes of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// The same board, in the same phase, under a new code.
    Copy,
    /// A new workshop in the lobby with the same people (as present without a device
    /// until they join with the same name), the same themes and settings, and the action
    /// plan on its panel.
    FollowUp,
}

impl Workshop {
    /// The whole board as an export. `self` should be the full state (the facilitator's
    /// view); a filtered view exports only what it holds.
    pub fn export(&self, code: &str) -> Export {
        Export {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            code: code.to_owned(),
            title: self.title.clone(),
            question: self.question.clone(),
            lang: self.lang,
            details: self.details.clone(),
            settings: self.settings.clone(),
            phase: self.phase,
            created_ms: self.created_ms,
            phases: self.phase_log.clone(),
            rounds_played: self.rounds_played.clone(),
            themes: self.themes.clone(),
            people: self.participants.values().cloned().collect(),
            // A view (what anyone with the code may see) leaves out the ideas a card was
            // merged from; its export names only the cards it holds, so it imports too.
            cards: self
                .cards
                .values()
                .map(|card| {
                    let mut card = card.clone();
                    card.origin.retain(|id| self.cards.contains_key(id));
                    card
                })
                .collect(),
            groups: self.groups.clone(),
            stickers: self.stickers.values().cloned().collect(),
            follow_ups: self.follow_ups.clone(),
            synthesis: self.synthesis.clone(),
        }
    }
}

impl Export {
    /// Reads an export file, checking its format and version before anything else.
    pub fn parse(json: &str) -> Result<Export, Rejection> {
        if json.len() > MAX_EXPORT_BYTES {
            return Err(invalid(format!(
                "the file is too large ({} bytes, at most {MAX_EXPORT_BYTES})",
                json.len()
            )));
        }
        let header: Header = serde_json::from_str(json)
            .map_err(|err| invalid(format!("this is not a Panneau export: {err}")))?;
        if header.format.as_deref() != Some(EXPORT_FORMAT) {
            return Err(invalid(format!(
                "this is not a Panneau export (its \"format\" should be \"{EXPORT_FORMAT}\")"
            )));
        }
        match header.version {
            Some(EXPORT_VERSION) => {}
            Some(v) if v > EXPORT_VERSION => {
                return Err(invalid(format!(
                    "this file comes from a newer Panneau (format version {v}); this server \
                     reads version {EXPORT_VERSION}: update it to import the file"
                )))
            }
            other => {
                return Err(invalid(format!(
                    "unknown export format version {}",
                    other.map_or("(none)".to_owned(), |v| v.to_string())
                )))
            }
        }
        serde_json::from_str(json).map_err(|err| invalid(format!("the export is damaged: {err}")))
    }

    /// The board this export describes, after checking every rule; `mode` says whether
    /// it is an exact copy or a follow-up workshop created at `now_ms`.
    pub fn into_workshop(self, mode: ImportMode, now_ms: u64) -> Result<Workshop, Rejection> {
        let workshop = self.check()?;
        Ok(match mode {
            ImportMode::Copy => workshop,
            ImportMode::FollowUp => workshop.follow_up(now_ms),
        })
    }

    /// Checks every field as the commands that made it would have.
    fn check(self) -> Result<Workshop, Rejection> {
        let mut w = Workshop {
            title: clean("title", &self.title, 1, MAX_TITLE)?,
            question: clean("question", &self.question, 0, MAX_QUESTION)?,
            settings: self.settings,
            phase: self.phase,
            lang: self.lang,
            details: crate::model::check_details(&self.details)?,
            follow_ups: crate::model::check_follow_ups(&self.follow_ups)?,
            synthesis: clean("synthesis", &self.synthesis, 0, MAX_SYNTHESIS)?,
            created_ms: self.created_ms,
            phase_log: self.phases,
            rounds_played: self.rounds_played,
            ..Workshop::default()
        };
        check_settings(&w.settings)?;

        if self.themes.len() > MAX_THEMES {
            return Err(invalid(format!("at most {MAX_THEMES} themes")));
        }
        for theme in self.themes {
            if w.theme(theme.id).is_some() {
                return Err(invalid(format!("theme {} appears twice", theme.id)));
            }
            if theme.area.is_some_and(|a| !a.is_valid()) {
                return Err(invalid(format!(
                    "theme {} has an area outside the board",
                    theme.id
                )));
            }
            w.themes.push(Theme {
                id: theme.id,
                title: clean("theme", &theme.title, 1, MAX_THEME)?,
                area: theme.area,
            });
        }

        if self.people.len() > MAX_PARTICIPANTS {
            return Err(invalid(format!("at most {MAX_PARTICIPANTS} participants")));
        }
        for p in self.people {
            let person = Participant {
                id: p.id,
                name: clean("name", &p.name, 1, MAX_NAME)?,
                organisation: clean("organisation", &p.organisation, 0, MAX_ORGANISATION)?,
                core_value: clean("core value", &p.core_value, 0, MAX_CORE_VALUE)?,
                proxy: p.proxy,
                removed: p.removed,
            };
            if w.participants.insert(p.id, person).is_some() {
                return Err(invalid(format!("participant {} appears twice", p.id)));
            }
        }

        if self.groups.len() > MAX_GROUPS {
            return Err(invalid(format!("at most {MAX_GROUPS} groups")));
        }
        let mut group_ids = BTreeSet::new();
        for group in &self.groups {
            if !group_ids.insert(group.id) {
                return Err(invalid(format!("group {} appears twice", group.id)));
            }
            let mut members = BTreeSet::new();
            for member in &group.members {
                if !w.participants.contains_key(member) || !members.insert(*member) {
                    return Err(invalid(format!(
                        "group {} names participant {member}, who is unknown or listed twice",
                        group.id
                    )));
                }
            }
        }
        // Pairs first, then fours: the order the model keeps.
        w.groups = self.groups;
        w.groups.sort_by_key(|g| g.round);

        if self.cards.len() > MAX_CARDS {
            return Err(invalid(format!("at most {MAX_CARDS} cards")));
        }
        let ids: BTreeSet<_> = self.cards.iter().map(|c| c.id).collect();
        for card in self.cards {
            let text = clean("card text", &card.text, 1, MAX_CARD_TEXT)?;
            let first_text = match &card.first_text {
                Some(t) => Some(clean("card text", t, 1, MAX_CARD_TEXT)?),
                None => None,
            };
            let inside = |v: f32, max: f32| v.is_finite() && (0.0..=max).contains(&v);
            if !inside(card.x, BOARD_WIDTH) || !inside(card.y, BOARD_HEIGHT) {
                return Err(invalid(format!("card {} lies outside the board", card.id)));
            }
            if let Some(a) = card
                .authors
                .iter()
                .find(|a| !w.participants.contains_key(a))
            {
                return Err(invalid(format!(
                    "card {} names author {a}, who is not a participant",
                    card.id
                )));
            }
            // A merged card is younger than the cards it came from: provenance is a tree.
            if card
                .origin
                .iter()
                .any(|o| *o >= card.id || !ids.contains(o))
            {
                return Err(invalid(format!(
                    "card {} is merged from cards that do not exist before it",
                    card.id
                )));
            }
            if let Some(Archive::Merged { into }) = card.archived {
                if into <= card.id || !ids.contains(&into) {
                    return Err(invalid(format!(
                        "card {} is merged into a card that does not exist after it",
                        card.id
                    )));
                }
            }
            if card.theme.is_some_and(|t| w.theme(t).is_none()) {
                return Err(invalid(format!("card {} has an unknown theme", card.id)));
            }
            let id = card.id;
            if w.cards
                .insert(
                    id,
                    Card {
                        text,
                        first_text,
                        ..card
                    },
                )
                .is_some()
            {
                return Err(invalid(format!("card {id} appears twice")));
            }
        }

        let mut placed: HashMap<(_, StickerColor), u8> = HashMap::new();
        for sticker in self.stickers {
            if !w.participants.contains_key(&sticker.owner) {
                return Err(invalid(format!(
                    "sticker {} belongs to nobody on the board",
                    sticker.id
                )));
            }
            if !w.cards.get(&sticker.card).is_some_and(|c| w.on_panel(c)) {
                return Err(invalid(format!(
                    "sticker {} is not on a card of the panel",
                    sticker.id
                )));
            }
            let count = placed.entry((sticker.owner, sticker.color)).or_default();
            *count += 1;
            if *count > w.budget(sticker.color) {
                return Err(invalid(format!(
                    "participant {} has more {} stickers than the workshop gives",
                    sticker.owner,
                    sticker.color.name()
                )));
            }
            let id = sticker.id;
            if w.stickers.insert(id, sticker).is_some() {
                return Err(invalid(format!("sticker {id} appears twice")));
            }
        }
        w.recount_ids();
        Ok(w)
    }
}

impl Workshop {
    /// A new workshop that carries this one on: the same title, question, settings,
    /// details (but the date) and follow-up questions, the same people as present without
    /// a device (each becomes themself again by joining with the same name and
    /// organisation), the same themes, and the actions of the panel, at their places, as
    /// the panel it starts from. No groups, no stickers, no synthesis.
    fn follow_up(self, now_ms: u64) -> Workshop {
        let mut next = Workshop {
            title: self.title.clone(),
            question: self.question.clone(),
            settings: self.settings.clone(),
            lang: self.lang,
            details: Details {
                date: String::new(),
                ..self.details.clone()
            },
            follow_ups: self.follow_ups.clone(),
            themes: self.themes.clone(),
            created_ms: now_ms,
            ..Workshop::default()
        };
        // Those taken off the board are not carried on.
        for person in self.participants.values().filter(|p| !p.removed) {
            next.participants.insert(
                person.id,
                Participant {
                    proxy: true,
                    ..person.clone()
                },
            );
        }
        for (i, action) in self.results().cards.iter().enumerate() {
            let Some(card) = self.cards.get(&action.card) else {
                continue;
            };
            let id = crate::CardId(i as u32);
            next.cards.insert(
                id,
                Card {
                    id,
                    text: card.text.clone(),
                    authors: card.authors.clone(),
                    created_in: Phase::Plenary,
                    origin: Vec::new(),
                    kept_in_pair: false,
                    kept_in_four: false,
                    archived: None,
                    theme: action.theme,
                    x: card.x,
                    y: card.y,
                    placed: true,
                    proxied: false,
                    first_text: None,
                },
            );
        }
        next.recount_ids();
        next
    }
}
