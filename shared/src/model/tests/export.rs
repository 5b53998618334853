//! The workshop as a file: export, import as a copy or a follow-up, and every way a file
//! can be wrong.

use super::*;
use crate::export::{Export, ImportMode, EXPORT_VERSION};

/// A board that went through every round, with a merge, a rewording, themes, stickers,
/// details, follow-ups and a synthesis.
fn finished_board() -> Workshop {
    let mut s = Script::with_people(4);
    s.ok(
        FAC,
        Command::UpdateDetails {
            details: Details {
                date: "2026-03-23".into(),
                place: "Bras".into(),
                organiser: "CCI".into(),
                facilitator: "Anna".into(),
                time_zone: "Europe/Paris".into(),
            },
        },
    );
    s.write_ideas(2);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s.phase(Phase::Pairs);
    s.ok(p(0), merge(c(0), c(1), "Merged idea"));
    s.ok(p(2), edit(c(4), "Reworded idea"));
    s.finish_round();
    s.phase(Phase::Fours);
    s.finish_round();
    s.phase(Phase::Plenary);
    let panel: Vec<CardId> = s.workshop.panel().map(|c| c.id).collect();
    s.ok(
        FAC,
        Command::SetCardTheme {
            card: panel[0],
            theme: Some(t(1)),
        },
    );
    s.phase(Phase::Vote);
    for i in 0..4 {
        s.ok(p(i), green(panel[i as usize % panel.len()]));
        s.ok(p(i), red(panel[0]));
    }
    s.phase(Phase::Results);
    s.ok(
        FAC,
        Command::SetSynthesis {
            text: "Rich exchanges.".into(),
        },
    );
    s.workshop
}

fn reimport(json: &str, mode: ImportMode) -> Result<Workshop, Rejection> {
    Export::parse(json)?.into_workshop(mode, 1_800_000_000_000)
}

#[test]
fn export_then_import_gives_the_same_board() {
    let board = finished_board();
    let json = serde_json::to_string_pretty(&board.export("ABC234")).unwrap();
    let copy = reimport(&json, ImportMode::Copy).unwrap();
    assert_eq!(
        copy, board,
        "the copy is the same board, id counters included"
    );
    let again = serde_json::to_string_pretty(&copy.export("XYZ789")).unwrap();
    assert_eq!(again.replace("XYZ789", "ABC234"), json);
    // The copy goes on like the original: the next card gets the next id.
    let event = Workshop::replay([&Event::Imported {
        workshop: Box::new(copy),
    }]);
    assert_eq!(event, board);
}

#[test]
fn a_follow_up_starts_in_the_lobby_with_the_people_and_the_plan() {
    let board = finished_board();
    let json = serde_json::to_string(&board.export("ABC234")).unwrap();
    let next = reimport(&json, ImportMode::FollowUp).unwrap();
    assert_eq!(next.phase, Phase::Lobby);
    assert_eq!(next.title, board.title);
    assert_eq!(next.themes, board.themes);
    assert_eq!(next.follow_ups, board.follow_ups);
    assert_eq!(next.details.place, "Bras");
    assert_eq!(next.details.date, "", "the follow-up happens another day");
    assert_eq!(next.created_ms, 1_800_000_000_000);
    assert!(next.synthesis.is_empty() && next.stickers.is_empty() && next.groups.is_empty());
    assert!(next.phase_log.is_empty() && next.rounds_played.is_empty());
    assert_eq!(next.participants.len(), 4);
    assert!(next.participants.values().all(|p| p.proxy));
    // The plan, in rank order, is the new panel: public at once, placed, themed.
    let plan: Vec<String> = board.results().cards.into_iter().map(|c| c.text).collect();
    let panel: Vec<String> = next.panel().map(|c| c.text.clone()).collect();
    assert_eq!(panel, plan);
    assert!(next
        .panel()
        .all(|c| c.placed && c.created_in == Phase::Plenary));
    assert_eq!(
        next.panel().next().unwrap().theme,
        board.results().cards[0].theme
    );
    assert_eq!(next.view_for(&WALL).panel().count(), plan.len());

    // Its people become themselves by joining with their names.
    let mut follow = Workshop::replay([&Event::Imported {
        workshop: Box::new(next),
    }]);
    let name = follow.participants[&pid(1)].name.clone();
    let events = follow
        .decide(&GUEST, &join(&name), 0)
        .expect("joining is allowed");
    for event in &events {
        follow.apply(event);
    }
    assert_eq!(follow.participants.len(), 4);
    assert!(!follow.participants[&pid(1)].proxy);
    // New cards get fresh ids after the imported ones.
    follow.apply(&Event::PhaseChanged {
        phase: Phase::Plenary,
        timer: None,
        at_ms: 1,
    });
    let added = follow.decide(&FAC, &add("One more"), 0).unwrap();
    let Event::CardAdded { card } = &added[0] else {
        panic!("a card");
    };
    assert_eq!(card.id.0 as usize, plan.len());
}

#[test]
fn files_that_are_not_exports_or_too_new_are_refused_clearly() {
    let board = finished_board();
    let mut value = serde_json::to_value(board.export("ABC234")).unwrap();
    let cases: Vec<(String, &str)> = vec![
        ("{".into(), "not a Panneau export"),
        ("[]".into(), "not a Panneau export"),
        (r#"{"title": "x"}"#.into(), "not a Panneau export"),
        (
            r#"{"format": "panneau-workshop", "version": 99}"#.into(),
            "newer Panneau (format version 99)",
        ),
        (
            r#"{"format": "panneau-workshop", "version": 0}"#.into(),
            "unknown export format version 0",
        ),
        (
            r#"{"format": "panneau-workshop", "version": 1, "title": "x"}"#.into(),
            "damaged",
        ),
        ("x".repeat(crate::export::MAX_EXPORT_BYTES + 1), "too large"),
    ];
    for (json, expected) in cases {
        let err = reimport(&json, ImportMode::Copy).unwrap_err();
        assert_eq!(err.code, Code::Invalid);
        assert!(
            err.message.contains(expected),
            "{}: {}",
            &json[..json.len().min(60)],
            err.message
        );
    }
    value["version"] = EXPORT_VERSION.into();
    value["surprise"] = 1.into();
    let err = reimport(&value.to_string(), ImportMode::Copy).unwrap_err();
    assert!(err.message.contains("surprise"), "{}", err.message);
}

/// Each change breaks one rule the board's own commands would have enforced.
#[test]
fn files_that_break_a_rule_of_the_board_are_refused() {
    let board = finished_board();
    let original = serde_json::to_value(board.export("ABC234")).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: Vec<(&str, Edit)> = vec![
        ("empty title", |v| v["title"] = "".into()),
        ("bad date", |v| v["details"]["date"] = "31/12/2026".into()),
        ("control characters", |v| {
            v["cards"][0]["text"] = "a\u{7}b".into()
        }),
        ("card off the board", |v| v["cards"][0]["x"] = 5000.0.into()),
        ("unknown author", |v| {
            v["cards"][0]["authors"] = serde_json::json!([77])
        }),
        ("duplicate card", |v| {
            let first = v["cards"][0].clone();
            v["cards"].as_array_mut().unwrap().push(first);
        }),
        ("merged from a younger card", |v| {
            let last = v["cards"].as_array().unwrap().len() - 1;
            v["cards"][0]["origin"] = serde_json::json!([last]);
        }),
        ("unknown theme", |v| v["cards"][0]["theme"] = 40.into()),
        ("sticker owner unknown", |v| {
            v["stickers"][0]["owner"] = 99.into()
        }),
        ("sticker off the panel", |v| {
            v["stickers"][0]["card"] = 0.into()
        }),
        ("over the sticker budget", |v| {
            let reds: Vec<serde_json::Value> = (0..2)
                .map(|i| {
                    let mut s = v["stickers"][0].clone();
                    s["id"] = (100 + i).into();
                    s["color"] = "red".into();
                    s
                })
                .collect();
            v["stickers"].as_array_mut().unwrap().extend(reds);
        }),
        ("group with an unknown member", |v| {
            v["groups"][0]["members"] = serde_json::json!([0, 42])
        }),
        ("bad settings", |v| v["settings"]["green"] = 200.into()),
    ];
    for (what, edit) in edits {
        let mut value = original.clone();
        edit(&mut value);
        let outcome = reimport(&value.to_string(), ImportMode::Copy);
        assert!(
            matches!(&outcome, Err(r) if r.code == Code::Invalid),
            "{what}: {outcome:?}"
        );
    }
    assert!(reimport(&original.to_string(), ImportMode::FollowUp).is_ok());
}
