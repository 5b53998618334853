//! The panel: themes as areas, a card's theme following where it lies, reshaped areas
//! carrying their cards, and the fours presenting from the tray.

use super::*;
use crate::model::{Area, AREA_TITLE, UNTHEMED_WIDTH};

/// Three people whose ideas all reach the plenary (the rounds skipped), brought onto the
/// panel at once.
fn panel_of_six() -> (Script, Vec<CardId>) {
    let mut s = Script::with_people(3);
    s.watch(WALL);
    s.watch(p(0));
    s.write_ideas(2);
    s.phase(Phase::Plenary);
    s.ok(FAC, Command::Present { group: None });
    let cards = s.workshop.panel().map(|c| c.id).collect();
    (s, cards)
}

fn area(x: f32, y: f32, w: f32, h: f32) -> Area {
    Area { x, y, w, h }
}

fn lies_in(s: &Script, card: CardId) -> Option<ThemeId> {
    let c = &s.workshop.cards[&card];
    s.workshop.theme_at(c.x, c.y, c.height())
}

#[test]
fn the_default_layout_is_a_column_per_theme_beside_the_no_theme_area() {
    let mut s = Script::new(Settings::default());
    let areas = s.workshop.theme_areas();
    assert_eq!(areas.len(), 3);
    let mut left = UNTHEMED_WIDTH;
    for (_, a) in &areas {
        assert!(
            (a.x - left).abs() < 0.01,
            "side by side, no gap, no overlap"
        );
        assert!(a.is_valid());
        assert_eq!((a.y, a.h), (0.0, BOARD_HEIGHT));
        left += a.w;
    }
    assert!((left - BOARD_WIDTH).abs() < 0.01, "they share the board");
    // Past six themes the columns wrap onto a second row; every area still holds a card.
    for i in 0..5 {
        s.ok(
            FAC,
            Command::AddTheme {
                title: format!("Theme {i}"),
            },
        );
    }
    let areas = s.workshop.theme_areas();
    assert_eq!(areas.len(), 8);
    assert!(areas.iter().all(|(_, a)| a.is_valid()));
    assert_eq!(areas[6].1.y, BOARD_HEIGHT / 2.0);
}

#[test]
fn a_card_takes_the_theme_of_the_area_it_is_dropped_in() {
    let (mut s, cards) = panel_of_six();
    assert!(cards.iter().all(|c| lies_in(&s, *c).is_none()));
    let second = s.workshop.theme_area(t(1)).unwrap();
    // Its centre decides: dropped straddling two areas, it goes where most of it is.
    s.ok(FAC, mv(cards[0], second.x - 40.0, 300.0));
    assert_eq!(s.workshop.cards[&cards[0]].theme, Some(t(1)));
    s.ok(FAC, mv(cards[0], second.x - 160.0, 300.0));
    assert_eq!(s.workshop.cards[&cards[0]].theme, Some(t(0)));
    // Back in the "no theme yet" area: no theme.
    s.ok(FAC, mv(cards[0], 10.0, 300.0));
    assert_eq!(s.workshop.cards[&cards[0]].theme, None);
    // A participant placing their own card themes it the same way.
    let own = *cards
        .iter()
        .find(|c| s.workshop.cards[c].authors == vec![pid(0)])
        .unwrap();
    s.ok(p(0), mv(own, second.x + 20.0, 100.0));
    assert_eq!(s.workshop.cards[&own].theme, Some(t(1)));
}

#[test]
fn a_theme_chosen_by_name_moves_the_card_into_its_area() {
    let (mut s, cards) = panel_of_six();
    for (i, card) in cards.iter().enumerate() {
        let theme = t(i as u32 % 2);
        s.ok(
            FAC,
            Command::SetCardTheme {
                card: *card,
                theme: Some(theme),
            },
        );
        assert_eq!(lies_in(&s, *card), Some(theme), "card {i}");
    }
    // Three cards in one area take three different places.
    let mut spots: Vec<(i32, i32)> = cards
        .iter()
        .map(|c| (s.workshop.cards[c].x as i32, s.workshop.cards[c].y as i32))
        .collect();
    spots.sort();
    spots.dedup();
    assert_eq!(spots.len(), 6);
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: cards[0],
            theme: None,
        },
    );
    assert_eq!(lies_in(&s, cards[0]), None);
    assert!(s.workshop.cards[&cards[0]].x < UNTHEMED_WIDTH);
}

#[test]
fn reshaping_an_area_carries_its_cards_and_is_checked() {
    let (mut s, cards) = panel_of_six();
    for card in &cards[..3] {
        s.ok(
            FAC,
            Command::SetCardTheme {
                card: *card,
                theme: Some(t(2)),
            },
        );
    }
    let moved = area(300.0, 400.0, 700.0, 480.0);
    s.ok(
        FAC,
        Command::SetThemeArea {
            theme: t(2),
            area: moved,
        },
    );
    assert_eq!(s.workshop.theme_area(t(2)), Some(moved));
    for card in &cards[..3] {
        let c = &s.workshop.cards[card];
        assert!(moved.contains(c.x, c.y), "{card} came along");
        assert!(c.y >= moved.y + AREA_TITLE, "{card} stays below the name");
        assert_eq!(c.theme, Some(t(2)));
    }
    // Adding a theme narrows the default columns; their cards stay inside.
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: cards[3],
            theme: Some(t(0)),
        },
    );
    s.ok(
        FAC,
        Command::AddTheme {
            title: "New".into(),
        },
    );
    assert_eq!(lies_in(&s, cards[3]), Some(t(0)));
    s.check(vec![
        (
            FAC,
            Command::SetThemeArea {
                theme: t(0),
                area: area(1500.0, 0.0, 300.0, 300.0),
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::SetThemeArea {
                theme: t(0),
                area: area(0.0, 0.0, 50.0, 50.0),
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::SetThemeArea {
                theme: t(0),
                area: area(f32::NAN, 0.0, 300.0, 300.0),
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::SetThemeArea {
                theme: t(9),
                area: area(0.0, 0.0, 300.0, 300.0),
            },
            Refused(Code::UnknownTheme),
        ),
        (
            p(0),
            Command::SetThemeArea {
                theme: t(0),
                area: area(0.0, 0.0, 300.0, 300.0),
            },
            Refused(Code::NotAllowed),
        ),
        (
            WALL,
            Command::SetThemeArea {
                theme: t(0),
                area: area(0.0, 0.0, 300.0, 300.0),
            },
            Refused(Code::NotAllowed),
        ),
    ]);
}

#[test]
fn the_fours_present_one_by_one_from_the_tray() {
    let mut s = Script::with_people(8);
    s.watch(WALL);
    s.watch(GUEST);
    s.write_ideas(2);
    s.phase(Phase::Pairs);
    s.finish_round();
    s.phase(Phase::Fours);
    s.finish_round();
    s.refused(FAC, Command::Present { group: None }, Code::WrongPhase);
    s.phase(Phase::Plenary);
    let fours: Vec<GroupId> = s.workshop.presenting_groups().collect();
    assert_eq!(fours.len(), 2);
    assert_eq!(s.workshop.tray().len(), 2, "both fours wait");
    let pair = s.groups(Round::Pairs)[0].id;
    s.refused(FAC, Command::Present { group: Some(pair) }, Code::Invalid);
    s.refused(
        FAC,
        Command::Present { group: Some(g(99)) },
        Code::UnknownGroup,
    );
    s.refused(
        p(0),
        Command::Present {
            group: Some(fours[0]),
        },
        Code::NotAllowed,
    );

    s.ok(
        FAC,
        Command::Present {
            group: Some(fours[1]),
        },
    );
    assert_eq!(s.workshop.presenting, Some(fours[1]));
    let (waiting, cards) = &s.workshop.tray()[0];
    assert_eq!(*waiting, Some(fours[0]), "the other four still waits");
    let waiting: Vec<CardId> = cards.iter().map(|c| c.id).collect();
    for card in s.workshop.panel() {
        let presented = s.workshop.presenter_of(card) == Some(fours[1]);
        assert_eq!(card.placed, presented);
        if presented {
            assert!(card.x < UNTHEMED_WIDTH, "arrives in the no-theme area");
        }
    }
    // Stickers go on the panel only once the vote opens, which brings whatever waits.
    s.phase(Phase::Vote);
    assert!(s.workshop.tray().is_empty());
    assert_eq!(s.workshop.presenting, None);
    assert!(waiting.iter().all(|c| s.workshop.cards[c].placed));
    s.ok(p(0), green(waiting[0]));
}

#[test]
fn cards_written_or_merged_on_the_panel_take_the_theme_where_they_lie() {
    let (mut s, cards) = panel_of_six();
    let first = s.workshop.theme_area(t(0)).unwrap();
    s.ok(
        FAC,
        Command::AddCard {
            text: "Written on the panel".into(),
            x: first.x + 20.0,
            y: first.y + 60.0,
        },
    );
    assert_eq!(s.workshop.cards[&s.last_card()].theme, Some(t(0)));
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: cards[1],
            theme: Some(t(2)),
        },
    );
    // Merged, the card takes the first one's place, and so its theme.
    s.ok(FAC, merge(cards[0], cards[1], "Both"));
    let merged = &s.workshop.cards[&s.last_card()];
    assert_eq!(merged.theme, None);
    assert_eq!(lies_in(&s, merged.id), None);
}

/// Whether two placed cards' rectangles overlap.
fn overlap(a: &Card, b: &Card) -> bool {
    (a.x - b.x).abs() < CARD_WIDTH && a.y < b.y + b.height() && b.y < a.y + a.height()
}

#[test]
fn cards_arriving_together_keep_clear_of_each_other_however_long_their_text() {
    let mut s = Script::with_people(4);
    s.phase(Phase::Ideas);
    let texts = [
        "Stand",
        "One quality label for every member",
        "A directory of the members' services, with their prices and who to call",
        "Joint training days for grooms",
    ];
    let people: Vec<ParticipantId> = s.workshop.participants.keys().copied().collect();
    for (id, text) in people.iter().zip(texts) {
        s.ok(Actor::Participant { id: *id }, add(text));
    }
    s.phase(Phase::Plenary);
    s.ok(FAC, Command::Present { group: None });
    let placed: Vec<Card> = s.workshop.panel().filter(|c| c.placed).cloned().collect();
    assert_eq!(placed.len(), 4);
    let heights: Vec<f32> = placed.iter().map(|c| c.height()).collect();
    assert!(heights.iter().any(|h| *h > CARD_HEIGHT), "{heights:?}");
    for (i, a) in placed.iter().enumerate() {
        assert!(a.x < UNTHEMED_WIDTH && a.y + a.height() <= BOARD_HEIGHT);
        for b in &placed[i + 1..] {
            assert!(!overlap(a, b), "{:?} and {:?} overlap", a.text, b.text);
        }
    }
    // Given a theme by name one after the other, they find free places in its area.
    let theme = s.workshop.themes[0].id;
    for card in &placed {
        s.ok(
            FAC,
            Command::SetCardTheme {
                card: card.id,
                theme: Some(theme),
            },
        );
    }
    let themed: Vec<Card> = s.workshop.panel().cloned().collect();
    for (i, a) in themed.iter().enumerate() {
        assert_eq!(lies_in(&s, a.id), Some(theme));
        for b in &themed[i + 1..] {
            assert!(!overlap(a, b), "{:?} and {:?} overlap", a.text, b.text);
        }
    }
}

#[test]
fn a_full_area_fans_its_cards_out_rather_than_stacking_them() {
    let mut s = Script::with_people(7);
    s.phase(Phase::Ideas);
    let people: Vec<ParticipantId> = s.workshop.participants.keys().copied().collect();
    for (i, id) in people.iter().enumerate() {
        s.ok(
            Actor::Participant { id: *id },
            add(&format!("One quality label for member {i:02}")),
        );
    }
    s.phase(Phase::Plenary);
    s.ok(FAC, Command::Present { group: None });
    let mut tops: Vec<f32> = s.workshop.panel().map(|c| c.y).collect();
    assert_eq!(tops.len(), 7);
    tops.sort_by(f32::total_cmp);
    // More than the strip holds: they overlap, but each shows at least its first line.
    for pair in tops.windows(2) {
        assert!(pair[1] - pair[0] >= 40.0, "{tops:?}");
    }
}
