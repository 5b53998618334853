//! Pairs and fours: how groups are formed, which cards each group works on (its pool),
//! and how many it must keep (its quota).

use super::{Card, Group, Phase, Round, Workshop};
use crate::ids::{GroupId, ParticipantId};
use serde::{Deserialize, Serialize};

/// How the facilitator asks for groups to be formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMethod {
    /// Shuffled.
    Random,
    /// In the order people joined.
    JoinOrder,
}

/// The cards a group works on in a round, with its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool<'a> {
    pub group: &'a Group,
    pub cards: Vec<&'a Card>,
    pub kept: usize,
    pub quota: usize,
}

impl Workshop {
    /// Whether `card` is in play in `round`: every live idea in the pairs; in the fours,
    /// what the pairs kept plus cards merged in the fours.
    pub fn in_pool(&self, card: &Card, round: Round) -> bool {
        if !card.is_live() {
            return false;
        }
        match round {
            Round::Pairs => card.created_in <= Phase::Pairs,
            Round::Fours => {
                card.created_in == Phase::Fours
                    || (card.created_in <= Phase::Pairs && self.passes(card, Round::Pairs))
            }
        }
    }

    /// Whether `card` is on the panel: kept through the rounds, or written in the plenary.
    pub fn on_panel(&self, card: &Card) -> bool {
        card.is_live()
            && (card.created_in >= Phase::Plenary
                || (self.in_pool(card, Round::Fours) && self.passes(card, Round::Fours)))
    }

    /// The cards of the panel, in id order.
    pub fn panel(&self) -> impl Iterator<Item = &Card> + '_ {
        self.cards.values().filter(|c| self.on_panel(c))
    }

    /// Kept in `round`, or the round was skipped (then everything goes through).
    fn passes(&self, card: &Card, round: Round) -> bool {
        card.is_kept(round) || !self.rounds_played.contains(&round)
    }

    /// The group whose pool `card` is in, in `round`: the group of its first author.
    pub fn pool_group(&self, card: &Card, round: Round) -> Option<&Group> {
        if !self.in_pool(card, round) {
            return None;
        }
        self.group_of(round, card.first_author()?)
    }

    /// The pool of one group with its kept count and quota.
    pub fn pool<'a>(&'a self, group: &'a Group) -> Pool<'a> {
        let cards: Vec<&Card> = self
            .cards
            .values()
            .filter(|c| {
                self.in_pool(c, group.round)
                    && c.first_author().is_some_and(|a| group.members.contains(&a))
            })
            .collect();
        let kept = cards.iter().filter(|c| c.is_kept(group.round)).count();
        let quota = self.target_quota(group).min(cards.len());
        Pool {
            group,
            cards,
            kept,
            quota,
        }
    }

    /// The quota before it is capped by the pool's size: the facilitator's, or the
    /// round's scaled to the group's size, rounded up (a trio keeps 6 of its 9 ideas).
    pub fn target_quota(&self, group: &Group) -> usize {
        if let Some(quota) = group.quota {
            return usize::from(quota);
        }
        let base = usize::from(match group.round {
            Round::Pairs => self.settings.pair_keep,
            Round::Fours => self.settings.four_keep,
        });
        (base * group.members.len()).div_ceil(group.round.nominal_size())
    }

    /// The groups of `round` formed from everyone who joined, with ids from `first_id`.
    /// The fours are made of the pairs when there are pairs.
    pub(super) fn form_groups(
        &self,
        round: Round,
        method: super::GroupMethod,
        seed: u64,
        first_id: u32,
    ) -> Vec<Group> {
        let mut rng = SplitMix(seed);
        let mut people: Vec<ParticipantId> = self
            .participants
            .values()
            .filter(|p| !p.removed)
            .map(|p| p.id)
            .collect();
        if method == GroupMethod::Random {
            rng.shuffle(&mut people);
        }
        let units: Vec<Vec<ParticipantId>> = match round {
            Round::Pairs => people.into_iter().map(|p| vec![p]).collect(),
            Round::Fours => {
                let mut pairs: Vec<Vec<ParticipantId>> = self
                    .groups_of(Round::Pairs)
                    .map(|g| g.members.clone())
                    .collect();
                if pairs.is_empty() {
                    pairs = split(people.into_iter().map(|p| vec![p]).collect(), 2);
                } else {
                    // Latecomers with no pair still get a four.
                    let paired: Vec<ParticipantId> = pairs.concat();
                    pairs.extend(
                        people
                            .into_iter()
                            .filter(|p| !paired.contains(p))
                            .map(|p| vec![p]),
                    );
                }
                if method == GroupMethod::Random {
                    rng.shuffle(&mut pairs);
                }
                pairs
            }
        };
        split(units, 2)
            .into_iter()
            .enumerate()
            .map(|(i, members)| Group {
                id: GroupId(first_id + i as u32),
                round,
                members,
                done: false,
                quota: None,
            })
            .collect()
    }
}

/// Puts units (people, or pairs) two by two; an odd one out joins the last group, which
/// makes a trio of people or a four of three pairs. One unit alone makes one group.
fn split(units: Vec<Vec<ParticipantId>>, size: usize) -> Vec<Vec<ParticipantId>> {
    let count = (units.len() / size).max(1);
    let mut groups: Vec<Vec<ParticipantId>> = vec![Vec::new(); count.min(units.len())];
    for (i, unit) in units.into_iter().enumerate() {
        let slot = (i / size).min(groups.len() - 1);
        groups[slot].extend(unit);
    }
    groups
}

/// A small deterministic generator: the seed comes with the command (the server's clock),
/// and the event records the resulting groups, so replay never depends on it.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
