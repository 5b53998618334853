//! Ideas are private until the phase closes, limited per person, and their authors edit
//! or withdraw them while writing. Nothing is ever deleted.

use super::*;

#[test]
fn ideas_are_written_in_the_ideas_phase_up_to_the_quota() {
    let mut s = Script::with_people(2);
    s.refused(p(0), add("too early"), Code::WrongPhase);
    // The refusal says when, in numbers every language can say.
    let early = s.step(p(0), add("too early")).unwrap_err();
    assert_eq!(
        early.detail,
        Some(Detail::OnlyDuring {
            from: Phase::Ideas,
            to: Phase::Ideas
        })
    );
    assert_eq!(
        early.message,
        "not now: this is done during the “Ideas (alone)” phase"
    );
    s.phase(Phase::Ideas);
    s.check(vec![
        (p(0), add("Shared stand at trade fairs"), Accepted),
        (p(0), add("Joint website"), Accepted),
        (proxy(0), add("Common label"), Accepted),
        (p(0), add("A fourth"), Refused(Code::QuotaExceeded)),
        (FAC, add("Facilitator idea"), Refused(Code::WrongPhase)),
        (WALL, add("x"), Refused(Code::NotAllowed)),
        (GUEST, add("x"), Refused(Code::NotJoined)),
        (p(7), add("x"), Refused(Code::NotJoined)),
        (p(1), add(""), Refused(Code::Invalid)),
        (
            p(1),
            add(&"a".repeat(MAX_CARD_TEXT + 1)),
            Refused(Code::Invalid),
        ),
        (
            p(1),
            Command::AddCard {
                text: "x".into(),
                x: -1.0,
                y: 0.0,
            },
            Refused(Code::Invalid),
        ),
        (
            p(1),
            Command::AddCard {
                text: "x".into(),
                x: f32::NAN,
                y: 0.0,
            },
            Refused(Code::Invalid),
        ),
    ]);
    let card = &s.workshop.cards[&c(2)];
    assert_eq!(card.authors, vec![pid(0)]);
    assert!(card.proxied, "written by the facilitator for Ana");
    // Withdrawing one frees a slot; the withdrawn card stays archived.
    s.ok(p(0), Command::WithdrawCard { card: c(0) });
    s.ok(p(0), add("A fourth, now"));
    assert_eq!(s.workshop.cards[&c(0)].archived, Some(Archive::Withdrawn));
    assert_eq!(s.workshop.ideas_of(pid(0)).count(), 3);
}

#[test]
fn ideas_stay_private_until_the_phase_closes() {
    let mut s = Script::with_people(3);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder)); // {0, 1, 2}: one trio
    for viewer in [p(0), p(1), p(2), WALL, GUEST, FAC] {
        s.watch(viewer);
    }
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Ana's secret"));
    s.ok(p(1), add("Bruno's secret"));
    let seen = |s: &Script, viewer: Actor| -> Vec<CardId> {
        s.workshop.view_for(&viewer).cards.keys().copied().collect()
    };
    assert_eq!(seen(&s, p(0)), vec![c(0)]);
    assert_eq!(seen(&s, p(1)), vec![c(1)]);
    assert!(seen(&s, p(2)).is_empty());
    assert!(seen(&s, WALL).is_empty());
    assert_eq!(seen(&s, FAC), vec![c(0), c(1)]);
    // Another participant cannot even learn that the card exists.
    s.refused(p(1), mv(c(0), 1.0, 1.0), Code::UnknownCard);
    s.refused(p(1), edit(c(0), "mine now"), Code::UnknownCard);
    // The reveal: the pair sees its pooled cards; the wall still sees none.
    s.phase(Phase::Pairs);
    assert_eq!(seen(&s, p(2)), vec![c(0), c(1)]);
    assert!(seen(&s, WALL).is_empty());
    // Going back hides them again.
    s.phase(Phase::Ideas);
    assert!(seen(&s, p(2)).is_empty());
}

#[test]
fn a_withdrawn_idea_stays_private_to_its_author_forever() {
    let mut s = Script::with_people(2);
    s.watch(p(1));
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Second thoughts"));
    s.ok(p(0), Command::WithdrawCard { card: c(0) });
    s.refused(p(0), Command::WithdrawCard { card: c(0) }, Code::Invalid);
    for phase in [Phase::Pairs, Phase::Plenary, Phase::Results] {
        s.phase(phase);
        assert!(s.workshop.view_for(&p(1)).cards.is_empty(), "{phase:?}");
        assert_eq!(s.workshop.view_for(&p(0)).cards.len(), 1);
    }
}

#[test]
fn authors_edit_and_move_their_own_ideas_while_writing() {
    let mut s = Script::with_people(2);
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Draft"));
    s.check(vec![
        (p(0), edit(c(0), "Better wording"), Accepted),
        (p(0), mv(c(0), 800.0, 450.0), Accepted),
        (p(0), mv(c(0), BOARD_WIDTH, BOARD_HEIGHT), Accepted),
        (
            p(0),
            mv(c(0), 0.0, BOARD_HEIGHT + 0.5),
            Refused(Code::Invalid),
        ),
        (p(0), mv(c(9), 1.0, 1.0), Refused(Code::UnknownCard)),
        (p(0), edit(c(0), " "), Refused(Code::Invalid)),
        (FAC, edit(c(0), "Fixed a typo"), Accepted),
        (WALL, mv(c(0), 1.0, 1.0), Refused(Code::NotAllowed)),
        (
            p(1),
            Command::WithdrawCard { card: c(0) },
            Refused(Code::UnknownCard),
        ),
    ]);
    let card = &s.workshop.cards[&c(0)];
    assert_eq!(card.text, "Fixed a typo");
    assert_eq!((card.x, card.y), (BOARD_WIDTH, BOARD_HEIGHT));
    s.phase(Phase::Plenary);
    s.refused(p(0), Command::WithdrawCard { card: c(0) }, Code::WrongPhase);
    s.refused(p(0), edit(c(0), "late"), Code::WrongPhase);
}

#[test]
fn the_facilitator_removes_and_restores_cards_until_the_vote() {
    let mut s = Script::with_people(2);
    s.write_ideas(1);
    s.phase(Phase::Plenary);
    s.check(vec![
        (FAC, add("Written on the panel"), Accepted),
        (
            p(0),
            Command::RestoreCard { card: c(0) },
            Refused(Code::NotAllowed),
        ),
        (
            FAC,
            Command::RestoreCard { card: c(0) },
            Refused(Code::Invalid),
        ),
        (FAC, Command::WithdrawCard { card: c(2) }, Accepted),
        (FAC, Command::RestoreCard { card: c(2) }, Accepted),
        (FAC, Command::WithdrawCard { card: c(0) }, Accepted),
    ]);
    assert_eq!(s.workshop.cards[&c(0)].archived, Some(Archive::Removed));
    assert_eq!(s.workshop.cards.len(), 3, "nothing is deleted");
    s.phase(Phase::Vote);
    s.refused(FAC, Command::WithdrawCard { card: c(1) }, Code::WrongPhase);
    s.refused(FAC, Command::RestoreCard { card: c(0) }, Code::WrongPhase);
}

#[test]
fn withdrawn_ideas_never_fill_the_board_and_one_person_cannot_churn_for_ever() {
    let mut s = Script::with_people(2);
    s.phase(Phase::Ideas);
    // Writing and withdrawing over and over: each withdrawn idea frees its place.
    for _ in 0..crate::model::MAX_IDEAS_WRITTEN {
        let events = s.ok(p(0), add("churn"));
        let Event::CardAdded { card } = &events[0] else {
            panic!("{events:?}")
        };
        s.ok(p(0), Command::WithdrawCard { card: card.id });
    }
    // Then this person has written as much as one may; the others write on.
    s.refused(p(0), add("once more"), Code::QuotaExceeded);
    s.ok(p(1), add("still room"));
}

/// Found by `cargo xtask fuzz`: an idea withdrawn by the facilitator, its author writing
/// another in its place, then the first restored, made one idea too many.
#[test]
fn a_restored_idea_needs_room_among_its_authors_ideas() {
    let mut s = Script::new(Settings {
        ideas_per_person: 1,
        ..Settings::default()
    });
    s.ok(GUEST, join("Ana"));
    s.phase(Phase::Ideas);
    s.ok(p(0), add("First"));
    s.ok(FAC, Command::WithdrawCard { card: c(0) });
    s.ok(p(0), add("Second"));
    s.refused(
        FAC,
        Command::RestoreCard { card: c(0) },
        Code::QuotaExceeded,
    );
    s.ok(p(0), Command::WithdrawCard { card: c(1) });
    s.ok(FAC, Command::RestoreCard { card: c(0) });
}
