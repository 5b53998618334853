//! The record of how the meeting ran, for the report: when each phase ran, the counts of
//! people, ideas and stickers along the snowball, where each action came from, and which
//! ideas were dropped on the way. Computed from the state, never stored.

use super::{Archive, Card, Phase, Round, StickerColor, Workshop};
use crate::ids::CardId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One phase change as it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseEntry {
    pub phase: Phase,
    /// When (ms since the Unix epoch; 0 when the log predates the recording of times).
    pub at_ms: u64,
}

/// The time spent in one phase; a phase visited twice adds both visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseSpan {
    pub phase: Phase,
    /// When it was first entered.
    pub started_ms: u64,
    pub duration_ms: u64,
}

/// When the meeting ran.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// When the workshop first left the lobby.
    pub start_ms: Option<u64>,
    /// When the vote closed (the results were last opened); `None` before that.
    pub end_ms: Option<u64>,
    /// Every phase between the lobby and the results that was entered, in the order of
    /// the workshop, with the time spent in it.
    pub phases: Vec<PhaseSpan>,
}

/// The counts along the snowball.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub people: usize,
    /// People who took part through the facilitator (no device).
    pub proxies: usize,
    /// Distinct organisations (ignoring case and spaces), empty ones not counted.
    pub organisations: usize,
    /// Ideas written alone and not withdrawn.
    pub ideas: usize,
    /// Cards the pairs kept; `None` when the pairs were skipped.
    pub kept_in_pairs: Option<usize>,
    /// Cards the fours kept; `None` when the fours were skipped.
    pub kept_in_fours: Option<usize>,
    /// Actions on the panel.
    pub panel: usize,
    pub green: usize,
    pub red: usize,
}

/// Where a card left the snowball.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dropped {
    /// Its pair did not keep it.
    InPairs,
    /// Its four did not keep it.
    InFours,
    /// The facilitator took it off the board.
    Removed,
}

impl Workshop {
    /// When each phase ran, from the phase changes of the log. Changes recorded without
    /// a time (logs older than the field) are left out.
    pub fn timeline(&self) -> Timeline {
        let mut timeline = Timeline::default();
        let timed = |e: &&super::PhaseEntry| e.at_ms > 0;
        timeline.start_ms = self
            .phase_log
            .iter()
            .filter(timed)
            .find(|e| e.phase != Phase::Lobby)
            .map(|e| e.at_ms);
        if self.phase == Phase::Results {
            timeline.end_ms = self
                .phase_log
                .iter()
                .rev()
                .find(|e| e.phase == Phase::Results)
                .filter(timed)
                .map(|e| e.at_ms);
        }
        for pair in self.phase_log.windows(2) {
            let (entry, next) = (pair[0], pair[1]);
            if matches!(entry.phase, Phase::Lobby | Phase::Results)
                || entry.at_ms == 0
                || next.at_ms < entry.at_ms
            {
                continue;
            }
            let duration = next.at_ms - entry.at_ms;
            match timeline.phases.iter_mut().find(|s| s.phase == entry.phase) {
                Some(span) => span.duration_ms += duration,
                None => timeline.phases.push(PhaseSpan {
                    phase: entry.phase,
                    started_ms: entry.at_ms,
                    duration_ms: duration,
                }),
            }
        }
        timeline.phases.sort_by_key(|s| s.phase);
        timeline
    }

    /// The counts of the report.
    pub fn tally(&self) -> Tally {
        let present = || self.participants.values().filter(|p| !p.removed);
        let organisations: BTreeSet<String> = present()
            .map(|p| {
                p.organisation
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .map(|o| o.to_lowercase())
            .filter(|o| !o.is_empty())
            .collect();
        let kept = |round: Round| {
            self.rounds_played.contains(&round).then(|| {
                self.cards
                    .values()
                    .filter(|c| self.kept_after(c, round))
                    .count()
            })
        };
        let stickers = |color| self.stickers.values().filter(|s| s.color == color).count();
        Tally {
            people: present().count(),
            proxies: present().filter(|p| p.proxy).count(),
            organisations: organisations.len(),
            ideas: self
                .cards
                .values()
                .filter(|c| c.created_in == Phase::Ideas && c.archived != Some(Archive::Withdrawn))
                .count(),
            kept_in_pairs: kept(Round::Pairs),
            kept_in_fours: kept(Round::Fours),
            panel: self.panel().count(),
            green: stickers(StickerColor::Green),
            red: stickers(StickerColor::Red),
        }
    }

    /// Whether `card` came out of `round` kept, as itself: kept by its group, and not
    /// merged into another card during that round or before.
    fn kept_after(&self, card: &Card, round: Round) -> bool {
        if !card.is_kept(round) || card.created_in > round.phase() {
            return false;
        }
        match card.archived {
            None => true,
            Some(Archive::Merged { into }) => self
                .cards
                .get(&into)
                .is_some_and(|merged| merged.created_in > round.phase()),
            Some(Archive::Withdrawn | Archive::Removed) => false,
        }
    }

    /// The ideas an action came from: the cards with no origin at the end of its merges,
    /// in the order they were merged. A card that was never merged is its own source.
    pub fn sources(&self, card: CardId) -> Vec<&Card> {
        let mut sources = Vec::new();
        let mut stack = vec![card];
        // Merges form a tree (a card only merges cards older than itself); the bound
        // guards against a corrupt import all the same.
        let mut budget = self.cards.len() + 1;
        while let Some(id) = stack.pop() {
            budget = budget.saturating_sub(1);
            let Some(card) = self.cards.get(&id) else {
                continue;
            };
            if card.origin.is_empty() || budget == 0 {
                sources.push(card);
            } else {
                stack.extend(card.origin.iter().rev());
            }
        }
        sources
    }

    /// The cards that left the snowball on the way, with where; withdrawn ideas (taken
    /// back by their authors) are not among them.
    pub fn dropped(&self) -> Vec<(Dropped, &Card)> {
        // A round's leftovers are dropped once the workshop has moved past it.
        let played =
            |round: Round| self.rounds_played.contains(&round) && self.phase > round.phase();
        let mut dropped: Vec<(Dropped, &Card)> = self
            .cards
            .values()
            .filter_map(|card| {
                let stage = if card.archived == Some(Archive::Removed) {
                    Dropped::Removed
                } else if !card.is_live() || card.created_in >= Phase::Plenary {
                    return None;
                } else if played(Round::Pairs)
                    && self.in_pool(card, Round::Pairs)
                    && !card.kept_in_pair
                {
                    Dropped::InPairs
                } else if played(Round::Fours)
                    && self.in_pool(card, Round::Fours)
                    && !card.kept_in_four
                {
                    Dropped::InFours
                } else {
                    return None;
                };
                Some((stage, card))
            })
            .collect();
        dropped.sort_by_key(|(stage, card)| (*stage, card.id));
        dropped
    }
}
