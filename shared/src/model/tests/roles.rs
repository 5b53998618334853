//! Every command against every role, and every participant command against every phase.

use super::*;

const ROLES: [&str; 5] = ["facilitator", "proxy", "participant", "guest", "wall"];

fn roles() -> [Actor; 5] {
    [FAC, proxy(0), p(0), GUEST, WALL]
}

/// Four people in pairs {0, 1} and {2, 3}, still in the lobby.
fn lobby() -> Script {
    let mut s = Script::with_people(4);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s
}

/// The lobby, then one idea each: card `i` is participant `i`'s.
fn ideas() -> Script {
    let mut s = lobby();
    s.phase(Phase::Ideas);
    for i in 0..4 {
        s.ok(p(i), add(&format!("Idea of {i}")));
    }
    s
}

fn pairs() -> Script {
    let mut s = ideas();
    s.phase(Phase::Pairs);
    s
}

fn pairs_kept() -> Script {
    let mut s = pairs();
    s.ok(FAC, keep(c(0), true));
    s.ok(FAC, keep(c(1), true));
    s
}

fn fours_formed() -> Script {
    let mut s = lobby();
    s.ok(FAC, form(Round::Fours, GroupMethod::JoinOrder));
    s
}

fn timing() -> Script {
    let mut s = ideas();
    s.ok(FAC, Command::StartTimer { seconds: None });
    s
}

fn results() -> Script {
    let mut s = lobby();
    s.phase(Phase::Results);
    s
}

fn withdrawn() -> Script {
    let mut s = ideas();
    s.ok(p(0), Command::WithdrawCard { card: c(0) });
    s
}

/// Every idea on the panel (the rounds were skipped).
fn plenary() -> Script {
    let mut s = ideas();
    s.phase(Phase::Plenary);
    s
}

/// The vote, with participant 0's green sticker 0 on card 0.
fn vote() -> Script {
    let mut s = plenary();
    s.phase(Phase::Vote);
    s.ok(p(0), green(c(0)));
    s
}

/// A command, the board it is tried on, and the outcome for each of [`ROLES`].
type Row = (&'static str, fn() -> Script, Command, [Expect; 5]);

#[test]
fn every_command_against_every_role() {
    use Code::*;
    const OK: Expect = Accepted;
    const NA: Expect = Refused(NotAllowed);
    const NJ: Expect = Refused(NotJoined);
    const FACILITATOR_ONLY: [Expect; 5] = [OK, NA, NA, NA, NA];
    const PARTICIPANT_WORK: [Expect; 5] = [OK, OK, OK, NJ, NA];
    const STICKERS: [Expect; 5] = [NA, OK, OK, NJ, NA];
    let rows: Vec<Row> = vec![
        (
            "join",
            lobby,
            join("New"),
            [NA, Refused(AlreadyJoined), Refused(AlreadyJoined), OK, NA],
        ),
        (
            "add proxy",
            lobby,
            Command::AddProxy {
                name: "Pietro".into(),
                organisation: String::new(),
            },
            FACILITATOR_ONLY,
        ),
        (
            "close the door",
            lobby,
            Command::SetDoor { closed: true },
            FACILITATOR_ONLY,
        ),
        (
            "remove a participant",
            pairs,
            Command::RemoveParticipant {
                participant: ParticipantId(3),
            },
            FACILITATOR_ONLY,
        ),
        (
            "core value",
            lobby,
            Command::SetCoreValue {
                value: "Trust".into(),
            },
            [NA, OK, OK, NJ, NA],
        ),
        (
            "settings",
            lobby,
            Command::UpdateSettings {
                settings: Settings::default(),
            },
            FACILITATOR_ONLY,
        ),
        (
            "details",
            ideas,
            Command::UpdateDetails {
                details: Details {
                    place: "Bras".into(),
                    ..Details::default()
                },
            },
            FACILITATOR_ONLY,
        ),
        (
            "follow-ups",
            pairs,
            Command::SetFollowUps {
                questions: vec!["Who runs the network?".into()],
            },
            FACILITATOR_ONLY,
        ),
        (
            "language",
            ideas,
            Command::SetLanguage { lang: Lang::It },
            FACILITATOR_ONLY,
        ),
        (
            "synthesis",
            results,
            Command::SetSynthesis {
                text: "Rich exchanges.".into(),
            },
            FACILITATOR_ONLY,
        ),
        (
            "phase",
            lobby,
            Command::SetPhase {
                phase: Phase::RoundTable,
            },
            FACILITATOR_ONLY,
        ),
        (
            "start timer",
            ideas,
            Command::StartTimer { seconds: None },
            FACILITATOR_ONLY,
        ),
        ("pause timer", timing, Command::PauseTimer, FACILITATOR_ONLY),
        (
            "resume timer",
            ideas,
            Command::ResumeTimer,
            FACILITATOR_ONLY,
        ),
        (
            "add time",
            ideas,
            Command::AddTime { seconds: 60 },
            FACILITATOR_ONLY,
        ),
        ("clear timer", ideas, Command::ClearTimer, FACILITATOR_ONLY),
        (
            "idea",
            ideas,
            add("Another"),
            [Refused(WrongPhase), OK, OK, NJ, NA],
        ),
        (
            "panel card",
            plenary,
            add("On the panel"),
            [OK, Refused(WrongPhase), Refused(WrongPhase), NJ, NA],
        ),
        ("move", ideas, mv(c(0), 5.0, 5.0), PARTICIPANT_WORK),
        ("edit", ideas, edit(c(0), "Reworded"), PARTICIPANT_WORK),
        (
            "withdraw",
            ideas,
            Command::WithdrawCard { card: c(0) },
            PARTICIPANT_WORK,
        ),
        (
            "restore",
            withdrawn,
            Command::RestoreCard { card: c(0) },
            FACILITATOR_ONLY,
        ),
        (
            "form groups",
            lobby,
            form(Round::Pairs, GroupMethod::Random),
            FACILITATOR_ONLY,
        ),
        (
            "move member",
            lobby,
            Command::MoveMember {
                round: Round::Pairs,
                participant: pid(3),
                group: Some(g(0)),
            },
            FACILITATOR_ONLY,
        ),
        (
            "group quota",
            lobby,
            Command::SetGroupQuota {
                group: g(0),
                quota: Some(2),
            },
            FACILITATOR_ONLY,
        ),
        ("keep", pairs, keep(c(0), true), PARTICIPANT_WORK),
        (
            "merge",
            pairs,
            merge(c(0), c(1), "Together"),
            PARTICIPANT_WORK,
        ),
        (
            "done",
            pairs_kept,
            Command::SetDone {
                done: true,
                group: Some(g(0)),
            },
            PARTICIPANT_WORK,
        ),
        (
            "order groups",
            fours_formed,
            Command::OrderGroups { groups: vec![g(2)] },
            FACILITATOR_ONLY,
        ),
        (
            "add theme",
            plenary,
            Command::AddTheme {
                title: "Governance".into(),
            },
            FACILITATOR_ONLY,
        ),
        (
            "rename theme",
            plenary,
            Command::RenameTheme {
                theme: t(0),
                title: "Marketing".into(),
            },
            FACILITATOR_ONLY,
        ),
        (
            "move theme",
            plenary,
            Command::MoveTheme {
                theme: t(0),
                index: 2,
            },
            FACILITATOR_ONLY,
        ),
        (
            "remove theme",
            plenary,
            Command::RemoveTheme { theme: t(0) },
            FACILITATOR_ONLY,
        ),
        (
            "card theme",
            plenary,
            Command::SetCardTheme {
                card: c(0),
                theme: Some(t(1)),
            },
            FACILITATOR_ONLY,
        ),
        ("place sticker", vote, green(c(1)), STICKERS),
        (
            "move sticker",
            vote,
            Command::MoveSticker {
                sticker: st(0),
                card: c(1),
            },
            STICKERS,
        ),
        (
            "remove sticker",
            vote,
            Command::RemoveSticker { sticker: st(0) },
            STICKERS,
        ),
    ];
    for (name, setup, command, expected) in rows {
        for ((actor, role), expect) in roles().into_iter().zip(ROLES).zip(expected) {
            let mut s = setup();
            let got = match s.step(actor, command.clone()) {
                Ok(_) => Accepted,
                Err(rejection) => Refused(rejection.code),
            };
            assert_eq!(got, expect, "{name} by the {role}");
        }
    }
}

/// Participant 0's idea (card 0), kept by the pair and the four, against each phase.
#[test]
fn every_participant_command_against_every_phase() {
    use Code::WrongPhase;
    const OK: Expect = Accepted;
    const WP: Expect = Refused(WrongPhase);
    let table: [(Phase, [Expect; 5]); 8] = [
        //                 add, edit, move, keep, sticker
        (Phase::Lobby, [WP, WP, WP, WP, WP]),
        (Phase::RoundTable, [WP, WP, WP, WP, WP]),
        (Phase::Ideas, [OK, OK, OK, WP, WP]),
        (Phase::Pairs, [WP, OK, OK, OK, WP]),
        (Phase::Fours, [WP, OK, OK, OK, WP]),
        (Phase::Plenary, [WP, WP, OK, WP, WP]),
        (Phase::Vote, [WP, WP, WP, WP, OK]),
        (Phase::Results, [WP, WP, WP, WP, WP]),
    ];
    for (phase, expected) in table {
        let commands = [
            add("Another idea"),
            edit(c(0), "Reworded"),
            mv(c(0), 20.0, 20.0),
            keep(c(0), true),
            green(c(0)),
        ];
        for (command, expect) in commands.into_iter().zip(expected) {
            let mut s = Script::with_people(2);
            s.phase(Phase::Ideas);
            s.ok(p(0), add("Idea"));
            s.phase(Phase::Pairs);
            s.ok(FAC, keep(c(0), true));
            s.phase(Phase::Fours);
            s.ok(FAC, keep(c(0), true));
            if phase != Phase::Fours {
                s.phase(phase);
            }
            let got = match s.step(p(0), command.clone()) {
                Ok(_) => Accepted,
                Err(rejection) => Refused(rejection.code),
            };
            assert_eq!(got, expect, "{command:?} in {phase:?}");
        }
    }
}
