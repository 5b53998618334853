//! Phases move only by the facilitator, in any direction; the countdown is state; the
//! settings change only in the lobby; the round table records core values.

use super::*;

#[test]
fn only_the_facilitator_moves_phases_forward_back_and_skipping() {
    let mut s = Script::with_people(2);
    let to = |phase| Command::SetPhase { phase };
    s.check(vec![
        (p(0), to(Phase::RoundTable), Refused(Code::NotAllowed)),
        (proxy(0), to(Phase::RoundTable), Refused(Code::NotAllowed)),
        (GUEST, to(Phase::RoundTable), Refused(Code::NotAllowed)),
        (WALL, to(Phase::RoundTable), Refused(Code::NotAllowed)),
        (FAC, to(Phase::Lobby), Refused(Code::Invalid)),
        (FAC, to(Phase::RoundTable), Accepted),
        (FAC, to(Phase::Plenary), Accepted),
        (FAC, to(Phase::Ideas), Accepted),
        (FAC, to(Phase::Results), Accepted),
        (FAC, to(Phase::Lobby), Accepted),
    ]);
    assert_eq!(s.workshop.phase, Phase::Lobby);
    for phase in Phase::ALL {
        assert_eq!(
            phase.next().and_then(Phase::previous),
            phase.next().map(|_| phase)
        );
    }
}

#[test]
fn a_phase_change_resets_the_countdown_to_the_phase_default() {
    let mut s = Script::with_people(1);
    s.phase(Phase::Ideas);
    let timer = s
        .workshop
        .timer
        .clone()
        .expect("ideas have a default countdown");
    assert_eq!(timer.duration_ms, 600_000);
    assert!(!timer.is_running(), "it waits for the facilitator");
    s.phase(Phase::Plenary);
    assert_eq!(
        s.workshop.timer, None,
        "the plenary has no default countdown"
    );
}

#[test]
fn the_countdown_starts_pauses_resumes_gains_time_and_clears() {
    let mut s = Script::with_people(1);
    s.phase(Phase::Ideas);
    s.check(vec![
        (
            p(0),
            Command::StartTimer { seconds: None },
            Refused(Code::NotAllowed),
        ),
        (WALL, Command::PauseTimer, Refused(Code::NotAllowed)),
        (FAC, Command::ResumeTimer, Accepted),
        (FAC, Command::ResumeTimer, Refused(Code::NoTimer)),
        (
            FAC,
            Command::StartTimer { seconds: Some(0) },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::StartTimer {
                seconds: Some(MAX_TIMER_SECONDS + 1),
            },
            Refused(Code::Invalid),
        ),
        (FAC, Command::StartTimer { seconds: Some(300) }, Accepted),
    ]);
    let started = s.now;
    let timer = s.workshop.timer.clone().unwrap();
    assert_eq!(timer.remaining_ms(started), 300_000);
    assert_eq!(timer.remaining_ms(started + 10_000), 290_000);
    // One step later (1 s on the script's clock) the pause freezes what is left.
    s.ok(FAC, Command::PauseTimer);
    let paused = s.workshop.timer.clone().unwrap();
    assert_eq!(paused.remaining_ms(s.now + 3_600_000), 299_000);
    s.check(vec![
        (FAC, Command::PauseTimer, Refused(Code::NoTimer)),
        (FAC, Command::AddTime { seconds: 60 }, Accepted),
        (FAC, Command::AddTime { seconds: 0 }, Refused(Code::Invalid)),
        (FAC, Command::ResumeTimer, Accepted),
    ]);
    let resumed = s.workshop.timer.clone().unwrap();
    assert_eq!(resumed.remaining_ms(s.now), 359_000);
    assert_eq!(resumed.remaining_ms(s.now + 1_000_000), 0, "never negative");
    s.ok(
        FAC,
        Command::AddTime {
            seconds: -(MAX_TIMER_SECONDS as i32),
        },
    );
    s.refused(
        FAC,
        Command::AddTime {
            seconds: -(MAX_TIMER_SECONDS as i32) - 1,
        },
        Code::Invalid,
    );
    assert_eq!(s.workshop.timer.as_ref().unwrap().duration_ms, 0);
    s.ok(FAC, Command::ClearTimer);
    s.refused(FAC, Command::ClearTimer, Code::NoTimer);
    s.refused(FAC, Command::AddTime { seconds: 5 }, Code::NoTimer);
    s.phase(Phase::Plenary);
    s.refused(FAC, Command::StartTimer { seconds: None }, Code::Invalid);
}

#[test]
fn settings_change_only_in_the_lobby_and_only_by_the_facilitator() {
    let mut s = Script::with_people(1);
    let update = |ideas| Command::UpdateSettings {
        settings: Settings {
            ideas_per_person: ideas,
            ..Settings::default()
        },
    };
    s.check(vec![
        (p(0), update(5), Refused(Code::NotAllowed)),
        (FAC, update(0), Refused(Code::Invalid)),
        (FAC, update(21), Refused(Code::Invalid)),
        (FAC, update(5), Accepted),
    ]);
    assert_eq!(s.workshop.settings.ideas_per_person, 5);
    s.phase(Phase::RoundTable);
    s.refused(FAC, update(2), Code::WrongPhase);
}

#[test]
fn the_round_table_records_core_values_for_people_and_proxies() {
    let mut s = Script::with_people(2);
    let value = |v: &str| Command::SetCoreValue { value: v.into() };
    s.phase(Phase::RoundTable);
    s.check(vec![
        (
            FAC,
            Command::AddProxy {
                name: "Pietro".into(),
                organisation: "Frantoio".into(),
            },
            Accepted,
        ),
        (p(0), value("Quality of the raw material"), Accepted),
        (proxy(2), value("Family tradition"), Accepted),
        (proxy(9), value("x"), Refused(Code::UnknownParticipant)),
        (FAC, value("x"), Refused(Code::NotAllowed)),
        (GUEST, value("x"), Refused(Code::NotJoined)),
        (WALL, value("x"), Refused(Code::NotAllowed)),
        (
            p(1),
            value(&"v".repeat(MAX_CORE_VALUE + 1)),
            Refused(Code::Invalid),
        ),
    ]);
    let people = &s.workshop.participants;
    assert_eq!(people[&pid(0)].core_value, "Quality of the raw material");
    assert_eq!(people[&pid(2)].core_value, "Family tradition");
    assert!(people[&pid(2)].proxy);
    assert!(!people[&pid(0)].proxy);
}

#[test]
fn joining_by_role_and_bounds() {
    let mut s = Script::new(Settings::default());
    s.check(vec![
        (GUEST, join("Ana"), Accepted),
        (p(0), join("Ana again"), Refused(Code::AlreadyJoined)),
        (proxy(0), join("Ana again"), Refused(Code::AlreadyJoined)),
        (FAC, join("Fac"), Refused(Code::NotAllowed)),
        (WALL, join("Wall"), Refused(Code::NotAllowed)),
        (GUEST, join("   "), Refused(Code::Invalid)),
        (GUEST, join(&"é".repeat(MAX_NAME)), Accepted),
        (
            GUEST,
            join(&"é".repeat(MAX_NAME + 1)),
            Refused(Code::Invalid),
        ),
        (GUEST, join("tab\u{7}bell"), Refused(Code::Invalid)),
        (
            p(0),
            Command::AddProxy {
                name: "X".into(),
                organisation: String::new(),
            },
            Refused(Code::NotAllowed),
        ),
    ]);
    assert_eq!(s.workshop.participants.len(), 2);
    // People may arrive late, in any phase.
    s.phase(Phase::Vote);
    s.ok(GUEST, join("Late"));
}
