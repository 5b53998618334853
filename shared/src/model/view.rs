//! Who may see what: private ideas until the reveal, a group's pool for its members, and
//! stickers hidden during the vote when the workshop says so. The server sends each client
//! only what passes these rules; the rules live here, once.

use super::{Actor, Archive, Card, Event, Phase, Round, Workshop};
use crate::ids::{CardId, ParticipantId};

/// Who an event is for, worked out before it is applied and checked after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Public information: people, phases of groups, themes, the timer.
    Everyone,
    /// Whoever may see this card.
    Card(CardId),
    /// Whoever may see this sticker.
    Sticker { owner: ParticipantId, card: CardId },
    /// What each client may see changed as a whole (a phase, the groups, the settings):
    /// every client gets a fresh view instead of the event.
    Resync,
}

impl Workshop {
    /// Whether `viewer` may see `card` now.
    pub fn sees_card(&self, viewer: &Actor, card: &Card) -> bool {
        match viewer {
            Actor::Facilitator | Actor::Proxy { .. } => true,
            Actor::Participant { id } => {
                card.authors.contains(id)
                    || self.is_public(card)
                    || (card.archived != Some(Archive::Withdrawn) && self.shares_group(*id, card))
            }
            Actor::Wall | Actor::Guest => self.on_show(card),
        }
    }

    fn shown(&self, card: CardId) -> bool {
        self.cards.get(&card).is_some_and(|c| self.on_show(c))
    }

    /// What a wall or a guest may see: the panel, from the plenary on, and nothing else —
    /// not the ideas dropped in the pairs and fours, nor who wrote them. A guest is anyone
    /// holding the board's code, so it is treated like the projected wall.
    fn on_show(&self, card: &Card) -> bool {
        (self.phase >= Phase::Plenary || card.created_in >= Phase::Plenary) && self.on_panel(card)
    }

    /// Whether `viewer` may see a sticker of `owner` on `card`.
    pub fn sees_sticker(&self, viewer: &Actor, owner: ParticipantId, card: CardId) -> bool {
        let Some(card) = self.cards.get(&card) else {
            return false;
        };
        if !self.sees_card(viewer, card) {
            return false;
        }
        let hidden = self.phase == Phase::Vote && !self.settings.stickers_visible_during_vote;
        !hidden
            || match viewer {
                Actor::Facilitator | Actor::Proxy { .. } => true,
                Actor::Participant { id } => *id == owner,
                Actor::Wall | Actor::Guest => false,
            }
    }

    /// The board as `viewer` may see it: the cards and stickers it may not see are left
    /// out, so they never leave the server.
    pub fn view_for(&self, viewer: &Actor) -> Workshop {
        if matches!(viewer, Actor::Facilitator) {
            return self.clone();
        }
        let mut view = self.clone();
        view.cards.retain(|_, card| self.sees_card(viewer, card));
        view.stickers
            .retain(|_, s| self.sees_sticker(viewer, s.owner, s.card));
        view
    }

    /// Who `event` is for. Call it on the state *before* applying the event.
    pub fn audience(&self, event: &Event) -> Audience {
        match event {
            Event::Created { .. }
            | Event::Joined { .. }
            | Event::DoorSet { .. }
            | Event::CoreValueSet { .. }
            | Event::TimerChanged { .. }
            | Event::GroupQuotaSet { .. }
            | Event::GroupDone { .. }
            | Event::GroupsOrdered { .. }
            | Event::ThemeAdded { .. }
            | Event::ThemeRenamed { .. }
            | Event::ThemeMoved { .. }
            | Event::ThemeRemoved { .. }
            | Event::ThemeAreaSet { .. }
            | Event::Presenting { .. }
            | Event::DetailsChanged { .. }
            | Event::LanguageSet { .. }
            | Event::FollowUpsSet { .. }
            | Event::SynthesisSet { .. } => Audience::Everyone,
            // Their private ideas and their stickers leave every view that held them.
            Event::ParticipantRemoved { .. }
            | Event::SettingsChanged { .. }
            | Event::Imported { .. }
            | Event::PhaseChanged { .. }
            | Event::GroupsSet { .. }
            | Event::PanelLaidOut { .. }
            | Event::CardRestored { .. } => Audience::Resync,
            // A card leaving the panel leaves the wall's and the guests' copies entirely,
            // which no event applied to them can do: they get a fresh view. It happens a
            // few times a meeting at most (the facilitator takes a card off, or merges two).
            Event::CardArchived { card, .. } | Event::CardKept { card, .. }
                if self.shown(*card) =>
            {
                Audience::Resync
            }
            // A merge archives its two cards for whoever sees them, and those may not all
            // see the new card (someone who saw one in a pair, now in another four): a
            // fresh view for everyone, a few times a meeting at most. Found by
            // `cargo xtask fuzz`.
            Event::CardsMerged { .. } => Audience::Resync,
            Event::CardAdded { card } => Audience::Card(card.id),
            Event::CardMoved { card, .. }
            | Event::CardEdited { card, .. }
            | Event::CardArchived { card, .. }
            | Event::CardKept { card, .. }
            | Event::CardThemed { card, .. } => Audience::Card(*card),
            Event::StickerPlaced { sticker } => Audience::Sticker {
                owner: sticker.owner,
                card: sticker.card,
            },
            Event::StickerMoved { sticker, card } => match self.stickers.get(sticker) {
                Some(s) => Audience::Sticker {
                    owner: s.owner,
                    card: *card,
                },
                None => Audience::Resync,
            },
            Event::StickerRemoved { sticker } => match self.stickers.get(sticker) {
                Some(s) => Audience::Sticker {
                    owner: s.owner,
                    card: s.card,
                },
                None => Audience::Resync,
            },
        }
    }

    /// Whether an event for `audience` reaches `viewer`. Call it on the state *after*
    /// applying the event. `Resync` reaches everyone, as a fresh view.
    pub fn reaches(&self, viewer: &Actor, audience: Audience) -> bool {
        match audience {
            Audience::Everyone | Audience::Resync => true,
            Audience::Card(id) => self
                .cards
                .get(&id)
                .is_some_and(|card| self.sees_card(viewer, card)),
            Audience::Sticker { owner, card } => self.sees_sticker(viewer, owner, card),
        }
    }

    /// From the plenary on, every card is public except ideas withdrawn by their author;
    /// cards written for the panel are public at once.
    fn is_public(&self, card: &Card) -> bool {
        card.archived != Some(Archive::Withdrawn)
            && (self.phase >= Phase::Plenary || card.created_in >= Phase::Plenary)
    }

    /// During the group rounds a participant sees the cards of their pair and, in the
    /// fours, of their four.
    fn shares_group(&self, viewer: ParticipantId, card: &Card) -> bool {
        let Some(author) = card.first_author() else {
            return false;
        };
        let rounds: &[Round] = match self.phase {
            Phase::Pairs => &[Round::Pairs],
            Phase::Fours => &[Round::Pairs, Round::Fours],
            _ => return false,
        };
        rounds.iter().any(|round| {
            self.group_of(*round, viewer)
                .is_some_and(|g| g.members.contains(&author))
        })
    }
}
