//! Random command sequences from every role never break an invariant: budgets, quotas,
//! ideas per person, private cards, ids in order, and replay (checked by `Script::push`
//! after every step, with the filtered copies of every viewer).

use super::*;
use proptest::prelude::*;

const PEOPLE: u32 = 5;

fn any_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        3 => Just(FAC),
        1 => (0..PEOPLE).prop_map(proxy),
        6 => (0..PEOPLE + 1).prop_map(p),
        1 => Just(GUEST),
        1 => Just(WALL),
    ]
}

fn any_phase() -> impl Strategy<Value = Phase> {
    (0..Phase::ALL.len()).prop_map(|i| Phase::ALL[i])
}

fn any_round() -> impl Strategy<Value = Round> {
    prop_oneof![Just(Round::Pairs), Just(Round::Fours)]
}

fn any_command() -> impl Strategy<Value = Command> {
    let card = || (0u32..24).prop_map(CardId);
    let xy = || (-10.0f32..1700.0, -10.0f32..1000.0);
    let text = || {
        prop_oneof![
            Just("An idea".to_string()),
            Just(String::new()),
            "[a-z ]{0,12}"
        ]
    };
    prop_oneof![
        4 => any_phase().prop_map(|phase| Command::SetPhase { phase }),
        1 => Just(join("Someone")),
        1 => any::<bool>().prop_map(|closed| Command::SetDoor { closed }),
        1 => (0..PEOPLE).prop_map(|id| Command::RemoveParticipant {
            participant: ParticipantId(id),
        }),
        6 => (text(), xy()).prop_map(|(text, (x, y))| Command::AddCard { text, x, y }),
        2 => (card(), xy()).prop_map(|(card, (x, y))| Command::MoveCard { card, x, y }),
        2 => (card(), text()).prop_map(|(card, text)| Command::EditCard { card, text }),
        1 => card().prop_map(|card| Command::WithdrawCard { card }),
        1 => card().prop_map(|card| Command::RestoreCard { card }),
        2 => (any_round(), prop_oneof![Just(GroupMethod::Random), Just(GroupMethod::JoinOrder)])
            .prop_map(|(round, method)| Command::FormGroups { round, method }),
        1 => (any_round(), 0..PEOPLE, proptest::option::of((0u32..6).prop_map(GroupId)))
            .prop_map(|(round, id, group)| Command::MoveMember {
                round,
                participant: ParticipantId(id),
                group,
            }),
        1 => ((0u32..6).prop_map(GroupId), proptest::option::of(0u8..5))
            .prop_map(|(group, quota)| Command::SetGroupQuota { group, quota }),
        8 => (card(), any::<bool>()).prop_map(|(card, keep)| Command::Keep { card, keep }),
        2 => (card(), card()).prop_map(|(a, b)| Command::MergeCards {
            cards: [a, b],
            text: "Merged".into(),
        }),
        4 => (any::<bool>(), proptest::option::of((0u32..6).prop_map(GroupId)))
            .prop_map(|(done, group)| Command::SetDone { done, group }),
        1 => (card(), proptest::option::of((0u32..4).prop_map(ThemeId)))
            .prop_map(|(card, theme)| Command::SetCardTheme { card, theme }),
        1 => (0u32..4).prop_map(|t| Command::RemoveTheme { theme: ThemeId(t) }),
        6 => (card(), prop_oneof![Just(StickerColor::Green), Just(StickerColor::Red)])
            .prop_map(|(card, color)| Command::PlaceSticker { card, color }),
        2 => ((0u32..12).prop_map(StickerId), card())
            .prop_map(|(sticker, card)| Command::MoveSticker { sticker, card }),
        2 => (0u32..12).prop_map(|s| Command::RemoveSticker { sticker: StickerId(s) }),
        1 => prop_oneof![
            Just(Command::StartTimer { seconds: Some(60) }),
            Just(Command::PauseTimer),
            Just(Command::ResumeTimer),
            Just(Command::AddTime { seconds: -30 }),
        ],
    ]
}

fn check_invariants(w: &Workshop) {
    for id in w.participants.keys() {
        for color in [StickerColor::Green, StickerColor::Red] {
            assert!(
                w.stickers_of(*id, color).count() <= usize::from(w.budget(color)),
                "{id} exceeds the {color:?} budget"
            );
        }
        let mut reds: Vec<CardId> = w
            .stickers_of(*id, StickerColor::Red)
            .map(|s| s.card)
            .collect();
        let count = reds.len();
        reds.sort();
        reds.dedup();
        assert_eq!(reds.len(), count, "two reds of {id} on one card");
        assert!(w.ideas_of(*id).count() <= usize::from(w.settings.ideas_per_person));
    }
    for sticker in w.stickers.values() {
        assert!(w.participants.contains_key(&sticker.owner));
        assert!(w.cards.get(&sticker.card).is_some_and(|c| c.is_live()));
    }
    for group in &w.groups {
        assert!(!group.members.is_empty(), "an empty group");
        if group.done {
            let pool = w.pool(group);
            // A done group kept exactly its quota, unless its pool changed under it
            // (the facilitator moved a card out or a round before was reopened).
            assert!(pool.kept <= pool.cards.len());
        }
    }
    for round in [Round::Pairs, Round::Fours] {
        let mut members: Vec<ParticipantId> =
            w.groups_of(round).flat_map(|g| g.members.clone()).collect();
        let count = members.len();
        members.sort();
        members.dedup();
        assert_eq!(members.len(), count, "someone in two groups of one round");
    }
    // Nobody sees another's ideas while they are being written.
    if w.phase <= Phase::Ideas {
        for viewer in 0..PEOPLE {
            let view = w.view_for(&p(viewer));
            for card in view.cards.values() {
                assert!(
                    card.authors.contains(&pid(viewer)) || card.created_in >= Phase::Plenary,
                    "participant {viewer} sees a private idea"
                );
            }
        }
        assert!(w
            .view_for(&WALL)
            .cards
            .values()
            .all(|c| c.created_in >= Phase::Plenary));
    }
    // The wall and a guest see the panel and nothing else: no dropped idea, at any phase.
    for viewer in [WALL, GUEST] {
        for card in w.view_for(&viewer).cards.values() {
            assert!(
                w.on_panel(card),
                "{viewer:?} sees {} off the panel",
                card.id
            );
        }
    }
    let ids: Vec<CardId> = w.cards.keys().copied().collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: crate::fuzz_cases(192),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sessions_keep_every_invariant(
        steps in proptest::collection::vec((any_actor(), any_command()), 1..120),
        settings in (1u8..4, 1u8..4, any::<bool>(), any::<bool>()).prop_map(
            |(ideas, green, stack, visible)| Settings {
                ideas_per_person: ideas,
                green,
                multiple_greens_per_card: stack,
                stickers_visible_during_vote: visible,
                ..Settings::default()
            },
        ),
        in_plenary in any::<bool>(),
    ) {
        let ideas = u32::from(settings.ideas_per_person);
        let mut s = Script::new(settings);
        s.join_many(PEOPLE);
        for viewer in [p(0), p(1), p(2), WALL, GUEST, FAC] {
            s.watch(viewer);
        }
        // Half the sessions start with a panel to play on, as a real plenary does.
        if in_plenary {
            s.write_ideas(ideas);
            for round in [Phase::Pairs, Phase::Fours] {
                s.phase(round);
                s.finish_round();
            }
            s.phase(Phase::Plenary);
            check_invariants(&s.workshop);
        }
        for (actor, command) in steps {
            let before_done: Vec<(GroupId, bool)> =
                s.workshop.groups.iter().map(|g| (g.id, g.done)).collect();
            let outcome = s.step(actor, command.clone());
            check_invariants(&s.workshop);
            // Declaring done is only ever accepted at exactly the quota.
            if let (Ok(_), Command::SetDone { done: true, .. }) = (&outcome, &command) {
                for group in &s.workshop.groups {
                    let was_done = before_done.iter().any(|(id, d)| *id == group.id && *d);
                    if group.done && !was_done {
                        let pool = s.workshop.pool(group);
                        prop_assert_eq!(pool.kept, pool.quota);
                    }
                }
            }
            // Only the facilitator changes phases.
            if let (Ok(_), Command::SetPhase { .. }) = (&outcome, &command) {
                prop_assert_eq!(actor, FAC);
            }
        }
    }
}
