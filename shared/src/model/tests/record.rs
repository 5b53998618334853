//! What the report is made of: the meeting's details, follow-up questions and synthesis,
//! the timeline of the phases, the counts, the provenance of actions, dropped ideas, and
//! the people of a follow-up workshop becoming themselves again by joining.

use super::*;

#[test]
fn details_are_checked_and_trimmed() {
    let mut s = Script::with_people(1);
    let details = |date: &str, zone: &str| Command::UpdateDetails {
        details: Details {
            date: date.into(),
            place: "  Bras  ".into(),
            organiser: "CCI France-Italie".into(),
            facilitator: "Anna".into(),
            time_zone: zone.into(),
        },
    };
    s.ok(FAC, details("2026-03-23", "Europe/Paris"));
    assert_eq!(s.workshop.details.place, "Bras");
    assert_eq!(s.workshop.details.date, "2026-03-23");
    for (date, zone) in [
        ("23/03/2026", "Europe/Paris"),
        ("2026-02-30", ""),
        ("", "Europe/Paris<script>"),
        ("", "Europe Paris"),
    ] {
        s.refused(FAC, details(date, zone), Code::Invalid);
    }
    s.ok(FAC, details("", ""));
    s.refused(
        FAC,
        Command::UpdateDetails {
            details: Details {
                place: "x".repeat(MAX_DETAIL + 1),
                ..Details::default()
            },
        },
        Code::Invalid,
    );
}

#[test]
fn follow_up_questions_default_drop_blanks_and_are_bounded() {
    let mut s = Script::with_people(1);
    assert_eq!(s.workshop.follow_ups, Lang::En.default_follow_ups());
    s.ok(
        FAC,
        Command::SetFollowUps {
            questions: vec!["  Who governs the label? ".into(), "   ".into(), "".into()],
        },
    );
    assert_eq!(s.workshop.follow_ups, ["Who governs the label?"]);
    s.refused(
        FAC,
        Command::SetFollowUps {
            questions: vec!["Q".into(); MAX_FOLLOW_UPS + 1],
        },
        Code::Invalid,
    );
    s.refused(
        FAC,
        Command::SetFollowUps {
            questions: vec!["q".repeat(MAX_FOLLOW_UP + 1)],
        },
        Code::Invalid,
    );
    s.ok(FAC, Command::SetFollowUps { questions: vec![] });
    assert!(s.workshop.follow_ups.is_empty());
}

#[test]
fn the_synthesis_is_written_in_the_results() {
    let mut s = Script::with_people(1);
    let write = |text: &str| Command::SetSynthesis { text: text.into() };
    for phase in Phase::ALL {
        if phase != Phase::Results {
            if s.workshop.phase != phase {
                s.phase(phase);
            }
            s.refused(FAC, write("Too early"), Code::WrongPhase);
        }
    }
    s.phase(Phase::Results);
    s.ok(
        FAC,
        write("Rich exchanges.\n\nThe members want to act together."),
    );
    assert!(s.workshop.synthesis.contains("\n\n"));
    s.refused(FAC, write(&"é".repeat(MAX_SYNTHESIS + 1)), Code::Invalid);
    // The longest synthesis, in three-byte characters, still fits in one message.
    let longest = Command::SetSynthesis {
        text: "€".repeat(MAX_SYNTHESIS),
    };
    let json = crate::protocol::ClientMsg::Command {
        op_id: "x".repeat(crate::protocol::MAX_OP_ID),
        command: longest,
        on_behalf_of: None,
    }
    .to_json();
    assert!(json.len() <= crate::protocol::MAX_CLIENT_MESSAGE_BYTES);
}

#[test]
fn the_timeline_adds_up_each_phase_from_the_results_back() {
    let mut s = Script::with_people(2);
    let start = s.now;
    let at = |s: &mut Script, minutes: u64, phase: Phase| {
        s.now = start + minutes * 60_000 - 1000;
        s.phase(phase);
    };
    at(&mut s, 30, Phase::RoundTable);
    at(&mut s, 40, Phase::Ideas);
    at(&mut s, 50, Phase::Pairs);
    // Back to the ideas for five minutes, then on: both visits count.
    at(&mut s, 60, Phase::Ideas);
    at(&mut s, 65, Phase::Pairs);
    at(&mut s, 80, Phase::Plenary);
    at(&mut s, 120, Phase::Vote);
    assert_eq!(s.workshop.timeline().end_ms, None, "the vote is still open");
    at(&mut s, 130, Phase::Results);
    let timeline = s.workshop.timeline();
    assert_eq!(timeline.start_ms, Some(start + 30 * 60_000));
    assert_eq!(timeline.end_ms, Some(start + 130 * 60_000));
    let minutes: Vec<(Phase, u64)> = timeline
        .phases
        .iter()
        .map(|span| (span.phase, span.duration_ms / 60_000))
        .collect();
    assert_eq!(
        minutes,
        [
            (Phase::RoundTable, 10),
            (Phase::Ideas, 15),
            (Phase::Pairs, 25),
            (Phase::Plenary, 40),
            (Phase::Vote, 10),
        ]
    );
    assert_eq!(timeline.phases[1].started_ms, start + 40 * 60_000);
}

#[test]
fn a_log_without_times_gives_no_timeline() {
    let mut w = Workshop::default();
    w.apply(&Event::PhaseChanged {
        phase: Phase::Ideas,
        timer: None,
        at_ms: 0,
    });
    w.apply(&Event::PhaseChanged {
        phase: Phase::Results,
        timer: None,
        at_ms: 0,
    });
    assert_eq!(w.timeline(), Timeline::default());
}

/// Four people; pairs keep 1 of 2; fours keep 1. Returns the script in the plenary.
fn a_small_snowball() -> Script {
    let mut s = Script::new(Settings {
        ideas_per_person: 1,
        pair_keep: 1,
        four_keep: 1,
        ..Settings::default()
    });
    s.join_many(4);
    s.ok(
        FAC,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    for i in 0..4 {
        s.ok(p(i), add(&format!("Idea of {i}")));
    }
    // Person 3 withdraws and writes again: the withdrawn idea is nobody's business.
    s.ok(p(3), Command::WithdrawCard { card: c(3) });
    s.ok(p(3), add("Second idea of 3"));
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s.phase(Phase::Pairs);
    // Pair {0, 1} merges its two ideas and keeps the merge; pair {2, 3} keeps 2's idea.
    s.ok(p(0), merge(c(0), c(1), "Ideas of 0 and 1"));
    let merged = s.last_card();
    s.ok(p(0), keep(merged, true));
    s.ok(p(2), keep(c(2), true));
    s.ok(p(2), edit(c(2), "Idea of 2, reworded"));
    s.ok(FAC, form(Round::Fours, GroupMethod::JoinOrder));
    s.phase(Phase::Fours);
    s.ok(p(0), keep(merged, true));
    s.phase(Phase::Plenary);
    s
}

#[test]
fn counts_sources_and_dropped_ideas_follow_the_snowball() {
    let mut s = a_small_snowball();
    let tally = s.workshop.tally();
    assert_eq!(tally.people, 4);
    assert_eq!(tally.organisations, 1);
    assert_eq!(tally.ideas, 4, "the withdrawn idea does not count");
    assert_eq!(tally.kept_in_pairs, Some(2));
    assert_eq!(tally.kept_in_fours, Some(1));
    assert_eq!(tally.panel, 1);

    let action = s.workshop.panel().next().unwrap().id;
    let sources: Vec<CardId> = s.workshop.sources(action).iter().map(|c| c.id).collect();
    assert_eq!(sources, [c(0), c(1)], "the action came from ideas 0 and 1");
    assert_eq!(
        s.workshop.sources(c(2)).len(),
        1,
        "an unmerged card is its own source"
    );
    assert_eq!(
        s.workshop.cards[&c(2)].first_text.as_deref(),
        Some("Idea of 2"),
        "rewording keeps the first words"
    );

    let dropped: Vec<(Dropped, CardId)> = s
        .workshop
        .dropped()
        .into_iter()
        .map(|(stage, card)| (stage, card.id))
        .collect();
    assert_eq!(
        dropped,
        [(Dropped::InPairs, c(4)), (Dropped::InFours, c(2))],
        "3's second idea left in the pairs, 2's in the fours; the withdrawn one is not listed"
    );

    // The facilitator removes the action from the panel: it is listed as removed.
    s.ok(FAC, Command::WithdrawCard { card: action });
    assert!(s
        .workshop
        .dropped()
        .iter()
        .any(|(stage, card)| *stage == Dropped::Removed && card.id == action));
}

#[test]
fn skipped_rounds_keep_everything_and_count_as_skipped() {
    let mut s = Script::with_people(2);
    s.write_ideas(2);
    s.phase(Phase::Plenary);
    let tally = s.workshop.tally();
    assert_eq!((tally.kept_in_pairs, tally.kept_in_fours), (None, None));
    assert_eq!(tally.panel, 4);
    assert!(s.workshop.dropped().is_empty());
}

#[test]
fn a_guest_becomes_the_expected_person_with_the_same_name_in_the_lobby_only() {
    let mut s = Script::with_people(0);
    s.ok(
        FAC,
        Command::AddProxy {
            name: "Élodie Roux".into(),
            organisation: "Provenç'Ânes".into(),
        },
    );
    // Another organisation: a different person.
    s.ok(
        GUEST,
        Command::Join {
            name: "Élodie Roux".into(),
            organisation: "Elsewhere".into(),
        },
    );
    assert_eq!(s.workshop.participants.len(), 2);
    // Case and spaces aside, the same person: no new participant.
    let events = s.ok(
        GUEST,
        Command::Join {
            name: " élodie  ROUX".into(),
            organisation: "provenç'ânes".into(),
        },
    );
    assert!(
        matches!(&events[..], [Event::Joined { participant }] if participant.id == pid(0) && !participant.proxy)
    );
    assert_eq!(s.workshop.participants.len(), 2);
    assert_eq!(s.workshop.participants[&pid(0)].name, "Élodie Roux");

    // Once the workshop has started, a proxy stays the facilitator's to act for.
    s.ok(
        FAC,
        Command::AddProxy {
            name: "Pierre".into(),
            organisation: String::new(),
        },
    );
    s.phase(Phase::RoundTable);
    s.ok(
        GUEST,
        Command::Join {
            name: "Pierre".into(),
            organisation: String::new(),
        },
    );
    assert_eq!(s.workshop.participants.len(), 4);
    assert!(s.workshop.participants[&pid(2)].proxy);
}

#[test]
fn the_language_carries_the_defaults_nobody_changed() {
    let mut s = Script::with_people(1);
    assert_eq!(s.workshop.lang, Lang::En);
    s.ok(
        FAC,
        Command::RenameTheme {
            theme: t(1),
            title: "Our own training theme".into(),
        },
    );
    s.ok(FAC, Command::SetLanguage { lang: Lang::Fr });
    let titles: Vec<&str> = s.workshop.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            Lang::Fr.default_themes()[0],
            "Our own training theme",
            Lang::Fr.default_themes()[2]
        ]
    );
    assert_eq!(s.workshop.follow_ups, Lang::Fr.default_follow_ups());
    s.refused(FAC, Command::SetLanguage { lang: Lang::Fr }, Code::Invalid);
    // Questions of one's own stay as written.
    s.ok(
        FAC,
        Command::SetFollowUps {
            questions: vec!["Qui fait quoi ?".into()],
        },
    );
    s.ok(FAC, Command::SetLanguage { lang: Lang::It });
    assert_eq!(s.workshop.follow_ups, ["Qui fait quoi ?"]);
    assert_eq!(s.workshop.themes[0].title, Lang::It.default_themes()[0]);
}

#[test]
fn a_workshop_created_in_a_language_starts_with_its_defaults() {
    for lang in Lang::ALL {
        let created = Workshop::create(
            &NewWorkshop {
                title: "Rete".into(),
                lang,
                ..NewWorkshop::default()
            },
            0,
        )
        .unwrap();
        let w = Workshop::replay([&created]);
        assert_eq!(w.lang, lang);
        let titles: Vec<&str> = w.themes.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, lang.default_themes());
        assert_eq!(w.follow_ups, lang.default_follow_ups());
    }
}
