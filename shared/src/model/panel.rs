//! The panel's geometry: the themes as areas of the board, the theme under a dropped card,
//! and where cards go when a group presents or a card is given a theme by name.
//!
//! The rule, kept here once: **a card on the panel belongs to the theme whose area holds
//! its centre, as of its last move**. A move (by drag, keys or a theme chosen by name) sets
//! both the place and the theme, in the same decision; reshaping an area carries its cards
//! along, so a themed card stays inside its theme's area.

use super::{Card, Phase, Workshop, BOARD_HEIGHT, BOARD_WIDTH, CARD_HEIGHT, CARD_WIDTH};
use crate::ids::{CardId, GroupId, ThemeId};
use serde::{Deserialize, Serialize};

/// Width of the "no theme yet" area along the left edge, where cards arrive.
pub const UNTHEMED_WIDTH: f32 = 240.0;
/// The band at the top of an area that holds its name; cards are laid out below it.
pub const AREA_TITLE: f32 = 64.0;
/// Smallest area: one card and its title.
pub const AREA_MIN_WIDTH: f32 = CARD_WIDTH + 20.0;
pub const AREA_MIN_HEIGHT: f32 = CARD_HEIGHT + AREA_TITLE + 10.0;
/// Theme areas per row in the default layout.
const DEFAULT_COLUMNS: usize = 6;
/// Space between cards laid out in an area.
const GAP: f32 = 10.0;

/// A rectangle of the board, in logical units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    /// Whether the point lies inside (edges included on the top-left only, so that two
    /// areas side by side never both hold it).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }

    /// Whether it lies on the board and is at least the smallest area.
    pub fn is_valid(&self) -> bool {
        [self.x, self.y, self.w, self.h]
            .iter()
            .all(|v| v.is_finite())
            && self.x >= 0.0
            && self.y >= 0.0
            && self.w >= AREA_MIN_WIDTH
            && self.h >= AREA_MIN_HEIGHT
            && self.x + self.w <= BOARD_WIDTH + 0.5
            && self.y + self.h <= BOARD_HEIGHT + 0.5
    }

    /// The range of a card's top-left corner inside the area, below its title: `(x0, x1,
    /// y0, y1)`. A card wider than the area starts at its left edge.
    fn card_range(&self) -> (f32, f32, f32, f32) {
        let x0 = self.x + GAP.min((self.w - CARD_WIDTH).max(0.0) / 2.0);
        let y0 = self.y + AREA_TITLE;
        let x1 = (self.x + self.w - CARD_WIDTH - GAP).max(x0);
        let y1 = (self.y + self.h - CARD_HEIGHT - GAP).max(y0);
        (x0, x1, y0, y1.min(BOARD_HEIGHT - CARD_HEIGHT))
    }

    /// Where a card at `(x, y)` in `from` goes when the area becomes `self`: the same
    /// relative place, so the room's arrangement inside the area survives.
    pub fn carry(&self, from: &Area, x: f32, y: f32) -> (f32, f32) {
        let (fx0, fx1, fy0, fy1) = from.card_range();
        let (x0, x1, y0, y1) = self.card_range();
        let along = |v: f32, a: f32, b: f32| {
            if b > a {
                ((v - a) / (b - a)).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        (
            x0 + along(x, fx0, fx1) * (x1 - x0),
            y0 + along(y, fy0, fy1) * (y1 - y0),
        )
    }
}

/// Centre of a card whose top-left corner is at `(x, y)`.
fn centre(x: f32, y: f32) -> (f32, f32) {
    (x + CARD_WIDTH / 2.0, y + CARD_HEIGHT / 2.0)
}

/// Where cards arrive on the panel before they are given a theme: the left edge.
pub const UNTHEMED_AREA: Area = Area {
    x: 0.0,
    y: 0.0,
    w: UNTHEMED_WIDTH,
    h: BOARD_HEIGHT,
};

impl Workshop {
    /// Every theme's area, in theme order: the one the facilitator gave it, or its column
    /// of the default layout (the board right of the "no theme yet" area, shared out in up
    /// to six columns a row).
    pub fn theme_areas(&self) -> Vec<(ThemeId, Area)> {
        let count = self.themes.len();
        let columns = count.clamp(1, DEFAULT_COLUMNS);
        let rows = count.div_ceil(DEFAULT_COLUMNS).max(1);
        let width = (BOARD_WIDTH - UNTHEMED_WIDTH) / columns as f32;
        let height = BOARD_HEIGHT / rows as f32;
        self.themes
            .iter()
            .enumerate()
            .map(|(i, theme)| {
                let area = theme.area.unwrap_or(Area {
                    x: UNTHEMED_WIDTH + (i % columns) as f32 * width,
                    y: (i / columns) as f32 * height,
                    w: width,
                    h: height,
                });
                (theme.id, area)
            })
            .collect()
    }

    /// The area of one theme.
    pub fn theme_area(&self, theme: ThemeId) -> Option<Area> {
        self.theme_areas()
            .into_iter()
            .find_map(|(id, area)| (id == theme).then_some(area))
    }

    /// The theme of a card dropped with its top-left corner at `(x, y)`: the area under its
    /// centre. Areas drawn later lie on top, so the last one that holds it wins.
    pub fn theme_at(&self, x: f32, y: f32) -> Option<ThemeId> {
        let (cx, cy) = centre(x, y);
        self.theme_areas()
            .into_iter()
            .rev()
            .find_map(|(id, area)| area.contains(cx, cy).then_some(id))
    }

    /// A place for one more card in `area`: the first free slot of its grid, or, when the
    /// grid is full, the slot that overlaps the fewest cards.
    pub(crate) fn free_slot(&self, area: &Area, moving: CardId) -> (f32, f32) {
        let (x0, x1, y0, y1) = area.card_range();
        let step_x = CARD_WIDTH + GAP;
        let step_y = CARD_HEIGHT + GAP;
        let columns = (((x1 - x0) / step_x).floor() as usize + 1).max(1);
        let rows = (((y1 - y0) / step_y).floor() as usize + 1).max(1);
        let overlaps = |x: f32, y: f32| {
            self.panel()
                .filter(|c| c.placed && c.id != moving)
                .filter(|c| (c.x - x).abs() < CARD_WIDTH && (c.y - y).abs() < CARD_HEIGHT)
                .count()
        };
        (0..rows)
            .flat_map(|row| (0..columns).map(move |column| (column, row)))
            .map(|(column, row)| (x0 + column as f32 * step_x, y0 + row as f32 * step_y))
            .min_by_key(|(x, y)| overlaps(*x, *y))
            .unwrap_or((x0, y0))
    }

    /// Places for `count` cards arriving together in `area`: a column from the top, drawn
    /// closer (overlapping like a fanned pile) when they do not all fit.
    pub(crate) fn pile(&self, area: &Area, count: usize) -> Vec<(f32, f32)> {
        let (x0, _, y0, y1) = area.card_range();
        let step = if count > 1 {
            ((y1 - y0) / (count - 1) as f32).min(CARD_HEIGHT + GAP)
        } else {
            0.0
        };
        (0..count).map(|i| (x0, y0 + i as f32 * step)).collect()
    }

    /// The cards of the panel still waiting in the tray (not yet brought onto the panel),
    /// with the four (or pair) they come from, in presentation order.
    pub fn tray(&self) -> Vec<(Option<GroupId>, Vec<&Card>)> {
        let mut groups: Vec<(Option<GroupId>, Vec<&Card>)> = self
            .presenting_groups()
            .map(|g| (Some(g), Vec::new()))
            .collect();
        let mut others = Vec::new();
        for card in self.panel().filter(|c| !c.placed) {
            let group = self.presenter_of(card);
            match groups
                .iter_mut()
                .find(|(g, _)| *g == group && group.is_some())
            {
                Some((_, cards)) => cards.push(card),
                None => others.push(card),
            }
        }
        groups.retain(|(_, cards)| !cards.is_empty());
        if !others.is_empty() {
            groups.push((None, others));
        }
        groups
    }

    /// The groups that present in the plenary, in order: the fours, or the pairs when the
    /// fours were skipped.
    pub fn presenting_groups(&self) -> impl Iterator<Item = GroupId> + '_ {
        let round = if self.groups_of(super::Round::Fours).next().is_some() {
            super::Round::Fours
        } else {
            super::Round::Pairs
        };
        self.groups_of(round).map(|g| g.id)
    }

    /// The group that presents `card`: the presenting group of its first author.
    pub fn presenter_of(&self, card: &Card) -> Option<GroupId> {
        let author = card.first_author()?;
        self.presenting_groups()
            .find(|g| self.group(*g).is_some_and(|g| g.members.contains(&author)))
    }

    /// Whether a card waits in the tray rather than lying on the panel.
    pub fn in_tray(&self, card: &Card) -> bool {
        self.phase >= Phase::Plenary && self.on_panel(card) && !card.placed
    }

    /// Moves the placed cards of every theme whose area changed from `before` to the same
    /// relative place in its new area.
    pub(crate) fn carry_cards(&mut self, before: &[(ThemeId, Area)]) {
        for (theme, area) in self.theme_areas() {
            let Some((_, old)) = before.iter().find(|(id, _)| *id == theme) else {
                continue;
            };
            if *old == area {
                continue;
            }
            for card in self.cards.values_mut() {
                if card.placed && card.theme == Some(theme) {
                    (card.x, card.y) = area.carry(old, card.x, card.y);
                }
            }
        }
    }
}
