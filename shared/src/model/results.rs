//! The outcome of the vote: panel cards ranked by green stickers, who committed to each
//! (red stickers), and the same per theme. Computed from the state, never stored.

use super::{StickerColor, Workshop};
use crate::ids::{CardId, ParticipantId, ThemeId};
use serde::{Deserialize, Serialize};

/// One action of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedCard {
    /// Its place in the plan, from 1: the order of [`Results::cards`], so that ties on
    /// greens are broken the same way everywhere (more commitments, then the older card).
    pub rank: u32,
    pub card: CardId,
    pub text: String,
    pub theme: Option<ThemeId>,
    pub green: u32,
    /// The people who placed a red sticker on it, in the order they did.
    pub committed: Vec<ParticipantId>,
    /// Nobody committed to carry it out: the plan must find an owner.
    pub no_commitment: bool,
}

/// The actions of one theme (`theme: None` gathers the cards under no theme).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeResult {
    pub theme: Option<ThemeId>,
    pub title: String,
    pub green: u32,
    pub cards: Vec<RankedCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    /// Every panel card, most green first; ties go to more commitments, then the older card.
    pub cards: Vec<RankedCard>,
    /// The themes in their order, each with its cards ranked.
    pub themes: Vec<ThemeResult>,
}

impl Workshop {
    /// The ranked action plan, as the stickers stand now.
    pub fn results(&self) -> Results {
        let mut cards: Vec<RankedCard> = self
            .panel()
            .map(|card| {
                let mut green = 0;
                let mut committed = Vec::new();
                for sticker in self.stickers_on(card.id) {
                    match sticker.color {
                        StickerColor::Green => green += 1,
                        StickerColor::Red => {
                            if !committed.contains(&sticker.owner) {
                                committed.push(sticker.owner);
                            }
                        }
                    }
                }
                RankedCard {
                    rank: 0,
                    card: card.id,
                    text: card.text.clone(),
                    theme: card.theme.filter(|t| self.theme(*t).is_some()),
                    green,
                    no_commitment: committed.is_empty(),
                    committed,
                }
            })
            .collect();
        cards.sort_by(|a, b| {
            b.green
                .cmp(&a.green)
                .then(b.committed.len().cmp(&a.committed.len()))
                .then(a.card.cmp(&b.card))
        });
        for (i, card) in cards.iter_mut().enumerate() {
            card.rank = i as u32 + 1;
        }
        let mut themes: Vec<ThemeResult> = self
            .themes
            .iter()
            .map(|t| (Some(t.id), t.title.clone()))
            // Cards left without a theme come last, named in the workshop's language (the
            // report and the diagram print this title).
            .chain(std::iter::once((
                None,
                self.lang.outcome().no_theme.to_owned(),
            )))
            .map(|(theme, title)| {
                let cards: Vec<RankedCard> =
                    cards.iter().filter(|c| c.theme == theme).cloned().collect();
                ThemeResult {
                    theme,
                    title,
                    green: cards.iter().map(|c| c.green).sum(),
                    cards,
                }
            })
            .collect();
        themes.retain(|t| t.theme.is_some() || !t.cards.is_empty());
        Results { cards, themes }
    }
}
