//! Folding events into the state. Events come from `decide` (or from the log that stored
//! them), so they are trusted: an event that names something missing is ignored rather
//! than allowed to panic a browser or a replay. A browser holds only what it may see, so
//! it meets such events routinely.

use super::{Archive, Event, Phase, PhaseEntry, Round, Workshop};

impl Workshop {
    /// Folds one event into the state.
    pub fn apply(&mut self, event: &Event) {
        // Reshaping the themes may move their areas; their cards move with them.
        let reshapes = matches!(
            event,
            Event::ThemeAdded { .. }
                | Event::ThemeMoved { .. }
                | Event::ThemeRemoved { .. }
                | Event::ThemeAreaSet { .. }
        );
        let areas_before = reshapes.then(|| self.theme_areas());
        match event {
            Event::Created {
                title,
                question,
                settings,
                themes,
                details,
                follow_ups,
                at_ms,
                lang,
            } => {
                self.lang = *lang;
                self.title.clone_from(title);
                self.question.clone_from(question);
                self.settings = settings.clone();
                self.themes.clone_from(themes);
                for theme in themes {
                    self.next_theme = self.next_theme.max(theme.id.0 + 1);
                }
                self.details.clone_from(details);
                self.follow_ups.clone_from(follow_ups);
                self.created_ms = *at_ms;
            }
            Event::Imported { workshop } => *self = (**workshop).clone(),
            Event::SettingsChanged { settings } => self.settings = settings.clone(),
            Event::DetailsChanged { details } => self.details.clone_from(details),
            Event::LanguageSet {
                lang,
                themes,
                follow_ups,
            } => {
                self.lang = *lang;
                self.themes.clone_from(themes);
                self.follow_ups.clone_from(follow_ups);
            }
            Event::FollowUpsSet { questions } => self.follow_ups.clone_from(questions),
            Event::SynthesisSet { text } => self.synthesis.clone_from(text),
            Event::Joined { participant } => {
                self.next_participant = self.next_participant.max(participant.id.0 + 1);
                self.participants
                    .insert(participant.id, participant.clone());
            }
            Event::DoorSet { closed } => self.door_closed = *closed,
            Event::ParticipantRemoved { participant } => self.remove_participant(*participant),
            Event::CoreValueSet { participant, value } => {
                if let Some(p) = self.participants.get_mut(participant) {
                    p.core_value.clone_from(value);
                }
            }
            Event::PhaseChanged {
                phase,
                timer,
                at_ms,
            } => {
                self.phase = *phase;
                self.phase_log.push(PhaseEntry {
                    phase: *phase,
                    at_ms: *at_ms,
                });
                self.timer.clone_from(timer);
                if *phase != Phase::Plenary {
                    self.presenting = None;
                }
                if let Some(round) = phase.round() {
                    if !self.rounds_played.contains(&round) {
                        self.rounds_played.push(round);
                    }
                }
            }
            Event::TimerChanged { timer } => self.timer.clone_from(timer),
            Event::CardAdded { card } => {
                self.next_card = self.next_card.max(card.id.0 + 1);
                self.cards.insert(card.id, card.clone());
            }
            Event::CardMoved { card, x, y } => {
                let placed = self.phase >= super::Phase::Plenary;
                if let Some(card) = self.cards.get_mut(card) {
                    card.x = *x;
                    card.y = *y;
                    card.placed |= placed;
                }
            }
            Event::CardEdited { card, text } => {
                if let Some(card) = self.cards.get_mut(card) {
                    if card.first_text.is_none() && card.text != *text {
                        card.first_text = Some(std::mem::take(&mut card.text));
                    }
                    card.text.clone_from(text);
                }
            }
            Event::CardArchived { card, archive } => {
                if let Some(c) = self.cards.get_mut(card) {
                    c.archived = Some(*archive);
                }
                // A sticker on a card that left play goes back to its owner.
                self.stickers.retain(|_, s| s.card != *card);
            }
            Event::CardRestored { card } => {
                if let Some(card) = self.cards.get_mut(card) {
                    card.archived = None;
                }
            }
            Event::CardKept { card, round, kept } => {
                if let Some(card) = self.cards.get_mut(card) {
                    match round {
                        Round::Pairs => card.kept_in_pair = *kept,
                        Round::Fours => card.kept_in_four = *kept,
                    }
                }
            }
            Event::CardsMerged { card } => {
                self.next_card = self.next_card.max(card.id.0 + 1);
                for origin in &card.origin {
                    if let Some(c) = self.cards.get_mut(origin) {
                        c.archived = Some(Archive::Merged { into: card.id });
                    }
                }
                for sticker in self.stickers.values_mut() {
                    if card.origin.contains(&sticker.card) {
                        sticker.card = card.id;
                    }
                }
                self.cards.insert(card.id, card.clone());
            }
            Event::GroupsSet { round, groups } => {
                self.groups.retain(|g| g.round != *round);
                // Pairs come before fours, so each round keeps its own order.
                let at = match round {
                    Round::Pairs => 0,
                    Round::Fours => self.groups.len(),
                };
                self.groups.splice(at..at, groups.iter().cloned());
                for group in groups {
                    self.next_group = self.next_group.max(group.id.0 + 1);
                }
            }
            Event::GroupQuotaSet { group, quota } => {
                if let Some(g) = self.groups.iter_mut().find(|g| g.id == *group) {
                    g.quota = *quota;
                    // The target moved: the group checks its keeps again.
                    g.done = false;
                }
            }
            Event::GroupDone { group, done } => {
                if let Some(g) = self.groups.iter_mut().find(|g| g.id == *group) {
                    g.done = *done;
                }
            }
            Event::GroupsOrdered { groups } => {
                // Sort the named groups into the given order; others keep their place.
                let rank = |id| groups.iter().position(|g| *g == id);
                let mut ordered: Vec<_> = self
                    .groups
                    .iter()
                    .filter(|g| rank(g.id).is_some())
                    .cloned()
                    .collect();
                ordered.sort_by_key(|g| rank(g.id));
                let mut ordered = ordered.into_iter();
                for slot in self.groups.iter_mut() {
                    if rank(slot.id).is_some() {
                        if let Some(next) = ordered.next() {
                            *slot = next;
                        }
                    }
                }
            }
            Event::PanelLaidOut { placements } => {
                for placement in placements {
                    if let Some(card) = self.cards.get_mut(&placement.card) {
                        card.x = placement.x;
                        card.y = placement.y;
                        card.placed = true;
                    }
                }
            }
            Event::ThemeAdded { theme } => {
                self.next_theme = self.next_theme.max(theme.id.0 + 1);
                self.themes.push(theme.clone());
            }
            Event::ThemeRenamed { theme, title } => {
                if let Some(t) = self.themes.iter_mut().find(|t| t.id == *theme) {
                    t.title.clone_from(title);
                }
            }
            Event::ThemeMoved { theme, index } => {
                if let Some(from) = self.themes.iter().position(|t| t.id == *theme) {
                    let moved = self.themes.remove(from);
                    let to = (*index as usize).min(self.themes.len());
                    self.themes.insert(to, moved);
                }
            }
            Event::ThemeRemoved { theme } => {
                self.themes.retain(|t| t.id != *theme);
                for card in self.cards.values_mut() {
                    if card.theme == Some(*theme) {
                        card.theme = None;
                    }
                }
            }
            Event::ThemeAreaSet { theme, area } => {
                if let Some(t) = self.themes.iter_mut().find(|t| t.id == *theme) {
                    t.area = Some(*area);
                }
            }
            Event::Presenting { group } => self.presenting = *group,
            Event::CardThemed { card, theme } => {
                if let Some(card) = self.cards.get_mut(card) {
                    card.theme = *theme;
                }
            }
            Event::StickerPlaced { sticker } => {
                self.next_sticker = self.next_sticker.max(sticker.id.0 + 1);
                self.stickers.insert(sticker.id, sticker.clone());
            }
            Event::StickerMoved { sticker, card } => {
                if let Some(sticker) = self.stickers.get_mut(sticker) {
                    sticker.card = *card;
                }
            }
            Event::StickerRemoved { sticker } => {
                self.stickers.remove(sticker);
            }
        }
        if let Some(before) = areas_before {
            self.carry_cards(&before);
        }
    }

    /// Takes a participant off the board: they stay on its record (their name is on the
    /// cards their groups kept), but their ideas no one else has seen yet and their
    /// stickers go with them.
    fn remove_participant(&mut self, id: super::ParticipantId) {
        let Some(person) = self.participants.get_mut(&id) else {
            return;
        };
        person.removed = true;
        // Nobody else has seen an idea before the groups first form, unless a skipped
        // round already brought it onto the panel (and the workshop went back since).
        let unseen = self.phase <= Phase::Ideas && self.groups.is_empty();
        for card in self.cards.values_mut() {
            if unseen
                && !card.placed
                && card.is_live()
                && card.created_in == Phase::Ideas
                && card.first_author() == Some(id)
            {
                card.archived = Some(Archive::Removed);
            }
        }
        let cards = &self.cards;
        self.stickers
            .retain(|_, s| s.owner != id && cards.get(&s.card).is_some_and(|c| c.is_live()));
    }
}
