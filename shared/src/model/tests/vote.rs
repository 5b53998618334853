//! The sticker vote: budgets, stacking, moving and taking back, hidden stickers, and the
//! ranked results with commitments.

use super::*;

/// Two people, three panel cards (ids 0..3), in the vote.
fn in_vote(settings: Settings) -> Script {
    let mut s = Script::new(settings);
    s.join_many(2);
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Shared stand at trade fairs"));
    s.ok(p(0), add("Quality label"));
    s.ok(p(1), add("Training on export"));
    s.phase(Phase::Plenary);
    s.phase(Phase::Vote);
    s
}

#[test]
fn stickers_only_in_the_vote_on_panel_cards() {
    let mut s = Script::with_people(1);
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Idea"));
    s.refused(p(0), green(c(0)), Code::WrongPhase);
    s.phase(Phase::Vote);
    s.ok(p(0), green(c(0)));
    s.phase(Phase::Results);
    s.refused(p(0), green(c(0)), Code::WrongPhase);
    s.refused(
        p(0),
        Command::RemoveSticker { sticker: st(0) },
        Code::WrongPhase,
    );
}

#[test]
fn budgets_are_enforced_and_stickers_move_and_come_back() {
    let mut s = in_vote(Settings::default());
    s.check(vec![
        (p(0), green(c(0)), Accepted),
        (p(0), green(c(0)), Accepted), // several greens on one card are allowed
        (p(0), green(c(1)), Accepted),
        (p(0), green(c(2)), Refused(Code::BudgetExhausted)),
        (p(0), red(c(2)), Accepted),
        (p(0), red(c(1)), Refused(Code::BudgetExhausted)),
        (proxy(1), red(c(0)), Accepted),
        (FAC, green(c(0)), Refused(Code::NotAllowed)),
        (WALL, green(c(0)), Refused(Code::NotAllowed)),
        (GUEST, green(c(0)), Refused(Code::NotJoined)),
        (p(1), green(c(9)), Refused(Code::UnknownCard)),
        // Moving and taking back.
        (
            p(0),
            Command::MoveSticker {
                sticker: st(3),
                card: c(1),
            },
            Accepted,
        ),
        (
            p(1),
            Command::MoveSticker {
                sticker: st(0),
                card: c(1),
            },
            Refused(Code::NotAllowed),
        ),
        (
            p(0),
            Command::MoveSticker {
                sticker: st(9),
                card: c(1),
            },
            Refused(Code::UnknownSticker),
        ),
        (p(0), Command::RemoveSticker { sticker: st(1) }, Accepted),
        (p(0), green(c(2)), Accepted),
        (
            p(1),
            Command::RemoveSticker { sticker: st(0) },
            Refused(Code::NotAllowed),
        ),
    ]);
    assert!(
        s.workshop.stickers[&st(4)].proxied,
        "placed by the facilitator for Bruno"
    );
    assert_eq!(
        s.workshop.stickers_of(pid(0), StickerColor::Green).count(),
        3
    );
    assert_eq!(s.workshop.stickers_of(pid(0), StickerColor::Red).count(), 1);
    // Someone else's sticker: the refusal says whose stickers one may move.
    let theirs = Command::MoveSticker {
        sticker: st(0),
        card: c(1),
    };
    assert_eq!(
        s.step(p(1), theirs).unwrap_err().detail,
        Some(Detail::OwnOnly {
            what: crate::rejection::Owned::Stickers
        })
    );
}

#[test]
fn red_never_stacks_and_green_stacks_unless_forbidden() {
    let mut s = in_vote(Settings {
        red: 2,
        multiple_greens_per_card: false,
        ..Settings::default()
    });
    s.check(vec![
        (p(0), green(c(0)), Accepted),
        (p(0), green(c(0)), Refused(Code::DuplicateSticker)),
        (p(0), green(c(1)), Accepted),
        (
            p(0),
            Command::MoveSticker {
                sticker: st(1),
                card: c(0),
            },
            Refused(Code::DuplicateSticker),
        ),
        (
            p(0),
            Command::MoveSticker {
                sticker: st(1),
                card: c(1),
            },
            Accepted,
        ),
        (p(0), red(c(2)), Accepted),
        (p(0), red(c(2)), Refused(Code::DuplicateSticker)),
        (p(1), green(c(0)), Accepted), // someone else's green is no duplicate
    ]);
}

#[test]
fn hidden_stickers_reach_only_their_owner_until_the_vote_closes() {
    let mut s = in_vote(Settings {
        stickers_visible_during_vote: false,
        ..Settings::default()
    });
    for viewer in [p(0), p(1), WALL, FAC] {
        s.watch(viewer);
    }
    s.ok(p(0), green(c(0)));
    s.ok(p(1), red(c(0)));
    let count = |s: &Script, viewer: Actor| s.workshop.view_for(&viewer).stickers.len();
    assert_eq!(count(&s, p(0)), 1);
    assert_eq!(count(&s, p(1)), 1);
    assert_eq!(count(&s, WALL), 0);
    assert_eq!(count(&s, FAC), 2);
    s.ok(
        p(0),
        Command::MoveSticker {
            sticker: st(0),
            card: c(2),
        },
    );
    s.ok(p(0), Command::RemoveSticker { sticker: st(0) });
    s.ok(p(0), green(c(1)));
    s.phase(Phase::Results);
    assert_eq!(count(&s, WALL), 2);
    assert_eq!(count(&s, p(1)), 2);
}

#[test]
fn results_rank_by_green_and_list_who_committed() {
    let mut s = in_vote(Settings::default());
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: c(0),
            theme: Some(t(0)),
        },
    );
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: c(2),
            theme: Some(t(1)),
        },
    );
    for cmd in [green(c(2)), green(c(2)), green(c(0)), red(c(2))] {
        s.ok(p(0), cmd);
    }
    for cmd in [green(c(2)), green(c(1)), red(c(2))] {
        s.ok(p(1), cmd);
    }
    s.phase(Phase::Results);
    let results = s.workshop.results();
    let ranked: Vec<(CardId, u32, Vec<ParticipantId>, bool)> = results
        .cards
        .iter()
        .map(|r| (r.card, r.green, r.committed.clone(), r.no_commitment))
        .collect();
    assert_eq!(
        ranked,
        vec![
            (c(2), 3, vec![pid(0), pid(1)], false),
            (c(0), 1, vec![], true),
            (c(1), 1, vec![], true),
        ]
    );
    let themes: Vec<(Option<ThemeId>, u32, usize)> = results
        .themes
        .iter()
        .map(|t| (t.theme, t.green, t.cards.len()))
        .collect();
    assert_eq!(
        themes,
        vec![
            (Some(t(0)), 1, 1),
            (Some(t(1)), 3, 1),
            (Some(t(2)), 0, 0),
            (None, 1, 1),
        ]
    );
    // The cards left without a theme are named in the workshop's language.
    assert_eq!(results.themes[3].title, "No theme");
    s.ok(FAC, Command::SetLanguage { lang: Lang::It });
    assert_eq!(s.workshop.results().themes[3].title, "Senza tema");
}

#[test]
fn a_card_leaving_the_panel_gives_its_stickers_back() {
    let mut s = in_vote(Settings::default());
    s.ok(p(0), green(c(0)));
    s.ok(p(0), green(c(1)));
    s.phase(Phase::Plenary);
    s.ok(FAC, Command::WithdrawCard { card: c(0) });
    assert_eq!(s.workshop.stickers.len(), 1);
    s.ok(FAC, merge(c(1), c(2), "Merged"));
    let merged = s.last_card();
    assert_eq!(
        s.workshop.stickers[&st(1)].card,
        merged,
        "stickers follow a merge"
    );
}

#[test]
fn themes_are_added_renamed_reordered_and_removed() {
    let mut s = in_vote(Settings::default());
    s.phase(Phase::Plenary);
    s.check(vec![
        (
            FAC,
            Command::AddTheme {
                title: "Governance".into(),
            },
            Accepted,
        ),
        (
            FAC,
            Command::AddTheme { title: " ".into() },
            Refused(Code::Invalid),
        ),
        (
            p(0),
            Command::AddTheme {
                title: "Mine".into(),
            },
            Refused(Code::NotAllowed),
        ),
        (
            FAC,
            Command::RenameTheme {
                theme: t(3),
                title: "Network governance".into(),
            },
            Accepted,
        ),
        (
            FAC,
            Command::RenameTheme {
                theme: t(9),
                title: "x".into(),
            },
            Refused(Code::UnknownTheme),
        ),
        (
            FAC,
            Command::MoveTheme {
                theme: t(3),
                index: 0,
            },
            Accepted,
        ),
        (
            FAC,
            Command::MoveTheme {
                theme: t(3),
                index: 4,
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::SetCardTheme {
                card: c(0),
                theme: Some(t(3)),
            },
            Accepted,
        ),
        (
            FAC,
            Command::SetCardTheme {
                card: c(0),
                theme: Some(t(9)),
            },
            Refused(Code::UnknownTheme),
        ),
        (
            p(0),
            Command::SetCardTheme {
                card: c(0),
                theme: None,
            },
            Refused(Code::NotAllowed),
        ),
        (FAC, Command::RemoveTheme { theme: t(3) }, Accepted),
    ]);
    assert_eq!(s.workshop.themes.len(), 3);
    assert_eq!(s.workshop.cards[&c(0)].theme, None);
    s.phase(Phase::Results);
    s.refused(
        FAC,
        Command::AddTheme {
            title: "Late".into(),
        },
        Code::WrongPhase,
    );
}
