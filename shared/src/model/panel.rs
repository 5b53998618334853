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
/// The rows at which a free place for a card is looked for.
const SLOT_STEP: f32 = 10.0;
/// How much of a card a pile leaves showing: its first line of text.
const FIRST_LINE: f32 = 48.0;

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

    /// The range of the top-left corner of a card `height` tall inside the area, below its
    /// title: `(x0, x1, y0, y1)`. A card wider than the area starts at its left edge.
    fn card_range(&self, height: f32) -> (f32, f32, f32, f32) {
        let x0 = self.x + GAP.min((self.w - CARD_WIDTH).max(0.0) / 2.0);
        let y0 = self.y + AREA_TITLE;
        let x1 = (self.x + self.w - CARD_WIDTH - GAP).max(x0);
        let y1 = (self.y + self.h - height - GAP).max(y0);
        (x0, x1, y0, y1.min(BOARD_HEIGHT - height).max(0.0))
    }

    /// Where a card `height` tall at `(x, y)` in `from` goes when the area becomes `self`:
    /// the same relative place, so the room's arrangement inside the area survives.
    pub fn carry(&self, from: &Area, x: f32, y: f32, height: f32) -> (f32, f32) {
        let (fx0, fx1, fy0, fy1) = from.card_range(height);
        let (x0, x1, y0, y1) = self.card_range(height);
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

/// Centre of a card `height` tall whose top-left corner is at `(x, y)`.
fn centre(x: f32, y: f32, height: f32) -> (f32, f32) {
    (x + CARD_WIDTH / 2.0, y + height / 2.0)
}

/// The first place in `area`, row by row from the top, where a card `height` tall overlaps
/// none of `others` (`(x, y, height)`); when there is none, the place where it covers the
/// least of them, so that a full area fans its cards out rather than stacking one right
/// on another. With how much it covers there (0 when free).
fn free_place(area: &Area, height: f32, others: &[(f32, f32, f32)]) -> ((f32, f32), f32) {
    let (x0, x1, y0, y1) = area.card_range(height);
    let step_x = CARD_WIDTH + GAP;
    let columns = (((x1 - x0) / step_x).floor() as usize + 1).max(1);
    // Cards stand at different heights: candidate rows every few units, not per card.
    let rows = (((y1 - y0) / SLOT_STEP).floor() as usize + 1).max(1);
    // The area of the others this card would cover, each counted with a margin so that
    // cards side by side keep a gap.
    let covered = |x: f32, y: f32| -> f32 {
        let margin = GAP / 2.0;
        others
            .iter()
            .map(|(cx, cy, ch)| {
                let w = (CARD_WIDTH + margin - (cx - x).abs()).max(0.0);
                let h = ((y + height + margin).min(cy + ch + margin) - y.max(*cy)).max(0.0);
                w * h
            })
            .sum()
    };
    let mut best = ((x0, y0), f32::INFINITY);
    for row in 0..rows {
        for column in 0..columns {
            let place = (x0 + column as f32 * step_x, y0 + row as f32 * SLOT_STEP);
            let cover = covered(place.0, place.1);
            if cover < best.1 {
                best = (place, cover);
                if cover == 0.0 {
                    return best;
                }
            }
        }
    }
    best
}

/// Cards of these heights in a column down `area`, below the tops of the cards already in
/// it (`others`, `(x, y, height)`, of which the first line stays visible), drawn closer
/// than their heights when they do not fit.
fn fan(area: &Area, heights: &[f32], others: &[(f32, f32, f32)]) -> Vec<(f32, f32)> {
    let tallest = heights.iter().copied().fold(CARD_HEIGHT, f32::max);
    let (x0, _, y0, y1) = area.card_range(tallest);
    let below = others
        .iter()
        .filter(|(x, y, h)| {
            let (cx, cy) = centre(*x, *y, *h);
            area.contains(cx, cy)
        })
        .map(|(_, y, _)| y + FIRST_LINE)
        .fold(y0, f32::max)
        .min(y1);
    let natural: f32 = heights[..heights.len().saturating_sub(1)]
        .iter()
        .map(|h| h + GAP)
        .sum();
    let squeeze = if natural > y1 - below {
        (y1 - below) / natural
    } else {
        1.0
    };
    let mut y = below;
    heights
        .iter()
        .map(|h| {
            let place = (x0, y);
            y += (h + GAP) * squeeze;
            place
        })
        .collect()
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

    /// The theme of a card `height` tall dropped with its top-left corner at `(x, y)`: the
    /// area under its centre. Areas drawn later lie on top, so the last one that holds it
    /// wins.
    pub fn theme_at(&self, x: f32, y: f32, height: f32) -> Option<ThemeId> {
        let (cx, cy) = centre(x, y, height);
        self.theme_areas()
            .into_iter()
            .rev()
            .find_map(|(id, area)| area.contains(cx, cy).then_some(id))
    }

    /// A place in `area` for one more card, `height` tall: the first free place from the
    /// top, row by row, or, when none is free, the place where it covers the least of the
    /// others.
    /// `moving` (the card being placed, if it is on the panel already) is not in the way.
    pub fn free_slot(&self, area: &Area, moving: Option<CardId>, height: f32) -> (f32, f32) {
        free_place(area, height, &self.placed_except(moving)).0
    }

    /// Places for cards of these heights arriving together in `area`: one after the other in
    /// free places (see [`Workshop::free_slot`]), each keeping clear of the ones before.
    /// When they do not all fit, the whole batch is fanned out down the area instead, each
    /// card below the last and drawn closer, so that every one shows at least its top (a
    /// pile on paper); the room then takes them to their themes.
    pub(crate) fn arrivals(&self, area: &Area, heights: &[f32]) -> Vec<(f32, f32)> {
        let mut others = self.placed_except(None);
        let mut places = Vec::with_capacity(heights.len());
        for height in heights {
            let ((x, y), covered) = free_place(area, *height, &others);
            if covered > 0.0 {
                return fan(area, heights, &self.placed_except(None));
            }
            others.push((x, y, *height));
            places.push((x, y));
        }
        places
    }

    /// The cards lying on the panel, but `moving`, as `(x, y, height)`.
    fn placed_except(&self, moving: Option<CardId>) -> Vec<(f32, f32, f32)> {
        self.panel()
            .filter(|c| c.placed && Some(c.id) != moving)
            .map(|c| (c.x, c.y, c.height()))
            .collect()
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
                    let height = card.height();
                    (card.x, card.y) = area.carry(old, card.x, card.y, height);
                }
            }
        }
    }
}
