//! The meeting Panneau is modelled on: nine people from five companies, one of them
//! without a device, from the lobby to the results.

use super::*;

const PEOPLE: [(&str, &str); 8] = [
    ("Giulia", "Oleificio Rossi"),
    ("Marco", "Oleificio Rossi"),
    ("Sara", "Cantina Bianchi"),
    ("Luca", "Cantina Bianchi"),
    ("Elena", "Apicoltura Verdi"),
    ("Paolo", "Apicoltura Verdi"),
    ("Chiara", "Caseificio Neri"),
    ("Davide", "Pastificio Gallo"),
];

#[test]
fn nine_people_run_the_whole_snowball() {
    let mut s = Script::new(Settings::default());
    for viewer in [p(0), p(3), p(8), WALL] {
        s.watch(viewer);
    }
    for (name, organisation) in PEOPLE {
        s.ok(
            GUEST,
            Command::Join {
                name: name.into(),
                organisation: organisation.into(),
            },
        );
    }
    s.ok(
        FAC,
        Command::AddProxy {
            name: "Pietro".into(),
            organisation: "Pastificio Gallo".into(),
        },
    );
    let pietro = proxy(8);

    // Round table: everyone gives a core value; the facilitator types Pietro's.
    s.phase(Phase::RoundTable);
    for i in 0..8 {
        s.ok(
            p(i),
            Command::SetCoreValue {
                value: format!("Value {i}"),
            },
        );
    }
    s.ok(
        pietro,
        Command::SetCoreValue {
            value: "Craft".into(),
        },
    );
    assert!(s
        .workshop
        .participants
        .values()
        .all(|p| !p.core_value.is_empty()));

    // Alone: three ideas each, private.
    s.phase(Phase::Ideas);
    s.ok(FAC, Command::StartTimer { seconds: None });
    for i in 0..8 {
        for k in 0..3 {
            s.ok(p(i), add(&format!("{} idea {k}", PEOPLE[i as usize].0)));
        }
    }
    for k in 0..3 {
        s.ok(pietro, add(&format!("Pietro idea {k}")));
    }
    s.refused(pietro, add("A fourth"), Code::QuotaExceeded);
    assert_eq!(s.workshop.cards.len(), 27);
    for viewer in 0..9 {
        let view = s.workshop.view_for(&p(viewer));
        assert!(
            view.cards.values().all(|c| c.authors == vec![pid(viewer)]),
            "participant {viewer} sees only their own ideas"
        );
        assert_eq!(view.cards.len(), 3);
    }
    assert!(s.workshop.view_for(&WALL).cards.is_empty());

    // Pairs by arrival: {0,1} {2,3} {4,5} {6,7,8}; the trio keeps 6.
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s.phase(Phase::Pairs);
    let pairs = s.groups(Round::Pairs);
    let quotas: Vec<usize> = pairs.iter().map(|g| s.workshop.pool(g).quota).collect();
    assert_eq!(quotas, [4, 4, 4, 6]);
    assert_eq!(
        s.workshop.view_for(&p(0)).cards.len(),
        6,
        "a pair pools its 6 ideas"
    );
    assert_eq!(
        s.workshop.view_for(&p(8)).cards.len(),
        9,
        "the trio pools 9"
    );
    // Pietro's pair merges two similar ideas, on his behalf.
    let trio = s
        .workshop
        .pool(&pairs[3])
        .cards
        .iter()
        .map(|c| c.id)
        .collect::<Vec<_>>();
    s.ok(pietro, merge(trio[0], trio[8], "Shared export desk"));
    s.finish_round();
    assert!(s.groups(Round::Pairs).iter().all(|g| g.done));

    // Fours: {0..3} and {4..8}.
    s.ok(FAC, form(Round::Fours, GroupMethod::JoinOrder));
    s.phase(Phase::Fours);
    let fours = s.groups(Round::Fours);
    let quotas: Vec<usize> = fours.iter().map(|g| s.workshop.pool(g).quota).collect();
    assert_eq!(quotas, [6, 8]);
    assert_eq!(
        s.workshop.view_for(&p(3)).cards.len(),
        12,
        "two pairs' ideas"
    );
    s.finish_round();

    // Plenary: 14 actions reach the panel, group by group, and everyone sees them.
    s.phase(Phase::Plenary);
    let panel: Vec<CardId> = s.workshop.panel().map(|c| c.id).collect();
    assert_eq!(panel.len(), 14);
    assert_eq!(s.workshop.view_for(&WALL).panel().count(), 14);
    // The wall sees the panel and nothing else: none of the 13 ideas dropped on the way.
    assert_eq!(s.workshop.view_for(&WALL).cards.len(), 14);
    assert!(s.workshop.view_for(&p(0)).cards.len() > 14);
    // A card taken off the panel leaves the wall's copy too, and comes back restored.
    s.ok(FAC, Command::WithdrawCard { card: panel[13] });
    assert_eq!(s.workshop.view_for(&WALL).cards.len(), 13);
    s.ok(FAC, Command::RestoreCard { card: panel[13] });
    for (i, card) in panel.iter().enumerate() {
        s.ok(
            FAC,
            Command::SetCardTheme {
                card: *card,
                theme: Some(t((i % 3) as u32)),
            },
        );
    }

    // Vote: every participant uses 3 green and 1 red, Pietro through the facilitator.
    s.phase(Phase::Vote);
    for i in 0..9u32 {
        let actor = if i == 8 { pietro } else { p(i) };
        for k in 0..3 {
            s.ok(actor, green(panel[(i as usize + k) % 4]));
        }
        s.ok(actor, red(panel[i as usize % 5]));
        s.refused(actor, green(panel[0]), Code::BudgetExhausted);
    }

    s.phase(Phase::Results);
    let results = s.workshop.results();
    assert_eq!(results.cards.len(), 14);
    let greens: u32 = results.cards.iter().map(|c| c.green).sum();
    assert_eq!(greens, 27);
    let commitments: usize = results.cards.iter().map(|c| c.committed.len()).sum();
    assert_eq!(commitments, 9);
    assert!(results.cards.windows(2).all(|w| w[0].green >= w[1].green));
    assert_eq!(
        results.cards.iter().filter(|c| c.no_commitment).count(),
        14 - 5
    );
    assert_eq!(results.themes.len(), 3);
}
