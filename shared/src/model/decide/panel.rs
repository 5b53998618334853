//! The commands of the panel: moving a card (which sets its theme from where it lands),
//! giving a card a theme by name, reshaping a theme's area, and a four presenting.

use super::super::{Area, Card, Event, Phase, Placement, Workshop, UNTHEMED_AREA};
use super::{invalid, text};
use crate::ids::{CardId, GroupId, ThemeId};
use crate::model::Actor;
use crate::rejection::Rejection;

impl Workshop {
    /// A card moved to `(x, y)`. On the panel, from the plenary on, the move also gives it
    /// the theme of the area it lands in (or none), in the same decision: a card's theme
    /// is where it lies.
    pub(super) fn move_card(&self, card: &Card, x: f32, y: f32) -> Vec<Event> {
        let mut events = vec![Event::CardMoved {
            card: card.id,
            x,
            y,
        }];
        if self.phase >= Phase::Plenary && self.on_panel(card) {
            let theme = self.theme_at(x, y, card.height());
            if theme != card.theme {
                events.push(Event::CardThemed {
                    card: card.id,
                    theme,
                });
            }
        }
        events
    }

    /// A card given a theme by name (from a list, or the keyboard): on the panel it moves
    /// into that theme's area — or the "no theme yet" area — where a free place is.
    pub(super) fn set_card_theme(
        &self,
        actor: &Actor,
        card: CardId,
        theme: Option<ThemeId>,
    ) -> Result<Vec<Event>, Rejection> {
        self.facilitator(actor, "put cards under themes")?;
        self.not_in_results()?;
        let card = self.card(card)?;
        let area = match theme {
            Some(theme) => {
                self.theme_by_id(theme)?;
                self.theme_area(theme)
            }
            None => Some(UNTHEMED_AREA),
        };
        let mut events = Vec::new();
        let lies_on_panel = self.phase >= Phase::Plenary && self.on_panel(card);
        if let (true, Some(area)) = (lies_on_panel, area) {
            if !card.placed || self.theme_at(card.x, card.y, card.height()) != theme {
                let (x, y) = self.free_slot(&area, Some(card.id), card.height());
                events.push(Event::CardMoved {
                    card: card.id,
                    x,
                    y,
                });
            }
        }
        events.push(Event::CardThemed {
            card: card.id,
            theme,
        });
        Ok(events)
    }

    /// A theme's area moved or resized; the area must lie on the board and hold a card.
    pub(super) fn set_theme_area(
        &self,
        actor: &Actor,
        theme: ThemeId,
        area: Area,
    ) -> Result<Event, Rejection> {
        self.facilitator(actor, "arrange the themes")?;
        self.not_in_results()?;
        let theme = self.theme_by_id(theme)?.id;
        if !area.is_valid() {
            return Err(invalid(format!(
                "a theme's area must lie on the board and be at least {} × {}",
                super::super::AREA_MIN_WIDTH,
                super::super::AREA_MIN_HEIGHT
            )));
        }
        Ok(Event::ThemeAreaSet { theme, area })
    }

    /// `group` presents: its cards still in the tray come to the "no theme yet" area.
    /// `None` ends the presentations and brings every card still waiting.
    pub(super) fn present(
        &self,
        actor: &Actor,
        group: Option<GroupId>,
    ) -> Result<Vec<Event>, Rejection> {
        self.facilitator(actor, "choose who presents")?;
        if self.phase != Phase::Plenary {
            return Err(text::only_during(Phase::Plenary, Phase::Plenary));
        }
        if let Some(id) = group {
            self.group_by_id(id)?;
            if !self.presenting_groups().any(|g| g == id) {
                return Err(invalid(
                    "the groups of the last round played present in the plenary",
                ));
            }
        }
        let mut events = vec![Event::Presenting { group }];
        let waiting: Vec<&Card> = self
            .panel()
            .filter(|c| !c.placed && (group.is_none() || self.presenter_of(c) == group))
            .collect();
        if !waiting.is_empty() {
            events.push(self.bring_to_panel(&waiting));
        }
        Ok(events)
    }

    /// Brings cards from the tray to the free places of the "no theme yet" area: the room
    /// then places them under their themes.
    pub(super) fn bring_to_panel(&self, cards: &[&Card]) -> Event {
        let placements = self
            .arrivals(
                &UNTHEMED_AREA,
                &cards.iter().map(|c| c.height()).collect::<Vec<_>>(),
            )
            .into_iter()
            .zip(cards)
            .map(|((x, y), card)| Placement {
                card: card.id,
                x,
                y,
            })
            .collect();
        Event::PanelLaidOut { placements }
    }
}
