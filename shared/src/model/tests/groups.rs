//! Pairs and fours: formation (odd counts, tiny and large rooms), pools, keeping exactly
//! the quota, merging, rewording, finishing, and moving people by hand.

use super::*;

fn sizes(groups: &[Group]) -> Vec<usize> {
    groups.iter().map(|g| g.members.len()).collect()
}

/// For each room size: the pair sizes and quotas, then the four sizes and quotas, when
/// everyone wrote 3 ideas and every group kept its quota.
#[test]
fn group_sizes_and_quotas_for_every_room_size() {
    type Row = (
        u32,
        &'static [usize],
        &'static [usize],
        &'static [usize],
        &'static [usize],
    );
    let table: &[Row] = &[
        // people, pair sizes, pair quotas, four sizes, four quotas
        (1, &[1], &[2], &[1], &[2]),
        (2, &[2], &[4], &[2], &[3]),
        (3, &[3], &[6], &[3], &[5]),
        (4, &[2, 2], &[4, 4], &[4], &[6]),
        (5, &[2, 3], &[4, 6], &[5], &[8]),
        (6, &[2, 2, 2], &[4, 4, 4], &[6], &[9]),
        (7, &[2, 2, 3], &[4, 4, 6], &[7], &[11]),
        (9, &[2, 2, 2, 3], &[4, 4, 4, 6], &[4, 5], &[6, 8]),
        (40, &[2; 20], &[4; 20], &[4; 10], &[6; 10]),
    ];
    for &(people, pair_sizes, pair_quotas, four_sizes, four_quotas) in table {
        let mut s = Script::with_people(people);
        s.write_ideas(3);
        s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
        s.phase(Phase::Pairs);
        let pairs = s.groups(Round::Pairs);
        assert_eq!(sizes(&pairs), pair_sizes, "{people} people: pairs");
        let quotas: Vec<usize> = pairs.iter().map(|g| s.workshop.pool(g).quota).collect();
        assert_eq!(quotas, pair_quotas, "{people} people: pair quotas");
        s.finish_round();
        s.ok(FAC, form(Round::Fours, GroupMethod::JoinOrder));
        s.phase(Phase::Fours);
        let fours = s.groups(Round::Fours);
        assert_eq!(sizes(&fours), four_sizes, "{people} people: fours");
        let quotas: Vec<usize> = fours.iter().map(|g| s.workshop.pool(g).quota).collect();
        assert_eq!(quotas, four_quotas, "{people} people: four quotas");
        // Two pairs make each four: nobody is split from their pair.
        for pair in &pairs {
            let four = s.workshop.group_of(Round::Fours, pair.members[0]).unwrap();
            assert!(pair.members.iter().all(|m| four.members.contains(m)));
        }
        s.finish_round();
        s.phase(Phase::Plenary);
        let expected: usize = four_quotas.iter().sum();
        assert_eq!(
            s.workshop.panel().count(),
            expected,
            "{people} people: panel"
        );
        let in_tray = s.workshop.panel().all(|c| s.workshop.in_tray(c));
        assert!(in_tray, "{people} people: every card waits for its four");
        for four in fours {
            s.ok(
                FAC,
                Command::Present {
                    group: Some(four.id),
                },
            );
        }
        let all_placed = s.workshop.panel().all(|c| c.placed);
        assert!(
            all_placed,
            "{people} people: every four presented its cards"
        );
    }
}

#[test]
fn random_groups_are_a_shuffle_of_everyone() {
    let mut s = Script::with_people(9);
    s.phase(Phase::Pairs); // entering the round forms random pairs
    let pairs = s.groups(Round::Pairs);
    assert_eq!(sizes(&pairs), [2, 2, 2, 3]);
    let mut everyone: Vec<ParticipantId> = pairs.iter().flat_map(|g| g.members.clone()).collect();
    everyone.sort();
    assert_eq!(everyone, (0..9).map(pid).collect::<Vec<_>>());
    s.phase(Phase::Fours);
    assert_eq!(sizes(&s.groups(Round::Fours)).iter().sum::<usize>(), 9);
}

#[test]
fn a_group_keeps_exactly_its_quota_to_finish() {
    let mut s = Script::with_people(2);
    let ideas = s.write_ideas(3);
    s.phase(Phase::Pairs);
    let [a, b] = [&ideas[0], &ideas[1]];
    s.check(vec![
        (p(0), done(true), Refused(Code::QuotaNotMet)),
        (p(0), keep(a[0], true), Accepted),
        (p(1), keep(a[1], true), Accepted),
        (p(0), keep(b[0], true), Accepted),
        (p(0), done(true), Refused(Code::QuotaNotMet)),
        (p(1), keep(b[1], true), Accepted),
        (p(0), keep(b[2], true), Refused(Code::QuotaExceeded)),
        (p(0), keep(b[1], true), Accepted), // already kept: no change, no refusal
        (p(1), done(true), Accepted),
        (p(0), keep(b[1], false), Refused(Code::GroupDone)),
        (p(0), edit(b[1], "Reworded"), Refused(Code::GroupDone)),
        (p(0), mv(b[1], 10.0, 10.0), Accepted),
        (p(0), done(false), Accepted),
        (p(0), keep(b[1], false), Accepted),
        (p(0), keep(b[2], true), Accepted),
        (p(0), done(true), Accepted),
    ]);
    // The facilitator lowers the quota: the group reopens and must drop one.
    let pair = s.groups(Round::Pairs)[0].id;
    s.ok(
        FAC,
        Command::SetGroupQuota {
            group: pair,
            quota: Some(3),
        },
    );
    assert!(!s.groups(Round::Pairs)[0].done);
    s.refused(p(0), done(true), Code::QuotaExceeded);
    s.ok(p(0), keep(b[2], false));
    s.ok(p(0), done(true));
    s.check(vec![
        (
            FAC,
            Command::SetGroupQuota {
                group: pair,
                quota: Some(0),
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::SetGroupQuota {
                group: g(99),
                quota: None,
            },
            Refused(Code::UnknownGroup),
        ),
        (
            p(0),
            Command::SetGroupQuota {
                group: pair,
                quota: None,
            },
            Refused(Code::NotAllowed),
        ),
    ]);
    // Into the fours: the dropped ideas are archived by the round, never deleted.
    s.phase(Phase::Fours);
    let four = s.groups(Round::Fours)[0].clone();
    assert_eq!(s.workshop.pool(&four).cards.len(), 3);
    assert_eq!(s.workshop.cards.len(), 6);
}

#[test]
fn a_quota_larger_than_the_pool_is_capped_by_it() {
    let mut s = Script::with_people(2);
    s.phase(Phase::Ideas);
    s.ok(p(0), add("Only idea"));
    s.phase(Phase::Pairs);
    let pair = s.groups(Round::Pairs)[0].clone();
    assert_eq!(s.workshop.target_quota(&pair), 4);
    assert_eq!(s.workshop.pool(&pair).quota, 1);
    s.ok(p(1), keep(c(0), true));
    s.ok(p(1), done(true));
}

#[test]
fn groups_work_only_on_their_own_pool() {
    let mut s = Script::with_people(4);
    let ideas = s.write_ideas(3);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder)); // {0,1} {2,3}
    s.watch(p(0));
    s.watch(p(2));
    s.watch(WALL);
    s.phase(Phase::Pairs);
    let theirs = ideas[2][0];
    s.check(vec![
        (p(0), keep(theirs, true), Refused(Code::UnknownCard)),
        (
            p(0),
            merge(ideas[0][0], theirs, "x"),
            Refused(Code::UnknownCard),
        ),
        (FAC, keep(theirs, true), Accepted), // the facilitator helps any group
        (FAC, done(true), Refused(Code::Invalid)),
        (
            FAC,
            Command::SetDone {
                done: true,
                group: Some(g(99)),
            },
            Refused(Code::UnknownGroup),
        ),
        (
            p(0),
            Command::SetDone {
                done: false,
                group: Some(g(1)),
            },
            Refused(Code::NotAllowed),
        ),
        (p(0), add("New idea"), Refused(Code::WrongPhase)),
        (WALL, keep(ideas[0][0], true), Refused(Code::NotAllowed)),
    ]);
    let view = s.workshop.view_for(&p(0));
    let seen: Vec<CardId> = view.cards.keys().copied().collect();
    let mut expected: Vec<CardId> = ideas[0].iter().chain(&ideas[1]).copied().collect();
    expected.sort();
    assert_eq!(seen, expected, "a pair sees its own pool only");
    // A latecomer is in no group until the facilitator places them.
    s.ok(GUEST, join("Late"));
    s.refused(p(4), done(true), Code::NotInGroup);
    s.ok(
        FAC,
        Command::MoveMember {
            round: Round::Pairs,
            participant: pid(4),
            group: Some(g(0)),
        },
    );
    assert_eq!(
        s.groups(Round::Pairs)[0].members,
        vec![pid(0), pid(1), pid(4)]
    );
}

#[test]
fn merging_two_cards_keeps_the_originals_and_their_authors() {
    let mut s = Script::with_people(2);
    let ideas = s.write_ideas(3);
    s.phase(Phase::Pairs);
    let (a, b) = (ideas[0][0], ideas[1][0]);
    s.ok(p(0), keep(a, true));
    s.check(vec![
        (p(0), merge(a, a, "x"), Refused(Code::Invalid)),
        (p(0), merge(a, b, ""), Refused(Code::Invalid)),
        (p(0), merge(a, b, "Joint trade-fair stand"), Accepted),
    ]);
    let merged = s.workshop.cards[&s.last_card()].clone();
    assert_eq!(merged.origin, vec![a, b]);
    assert_eq!(merged.authors, vec![pid(0), pid(1)]);
    assert!(merged.kept_in_pair, "keeps the keep mark of an original");
    assert_eq!(
        s.workshop.cards[&a].archived,
        Some(Archive::Merged { into: merged.id })
    );
    assert_eq!(
        s.workshop.cards[&b].archived,
        Some(Archive::Merged { into: merged.id })
    );
    s.refused(p(0), merge(a, ideas[0][1], "again"), Code::Invalid);
    // Reword a pooled card of the partner.
    s.ok(p(0), edit(ideas[1][1], "Reworded by the pair"));
    let pair = s.groups(Round::Pairs)[0].clone();
    assert_eq!(s.workshop.pool(&pair).cards.len(), 5);
    assert_eq!(s.workshop.pool(&pair).kept, 1);
}

#[test]
fn the_fours_merge_too_and_only_the_facilitator_merges_on_the_panel() {
    let mut s = Script::with_people(4);
    s.write_ideas(3);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s.phase(Phase::Pairs);
    s.finish_round();
    s.phase(Phase::Fours);
    let four = s.groups(Round::Fours)[0].clone();
    let pool: Vec<CardId> = s.workshop.pool(&four).cards.iter().map(|c| c.id).collect();
    assert_eq!(pool.len(), 8);
    s.ok(p(3), merge(pool[0], pool[7], "Across the pairs"));
    let merged = s.last_card();
    assert_eq!(s.workshop.cards[&merged].created_in, Phase::Fours);
    assert_eq!(s.workshop.pool(&four).cards.len(), 7);
    s.finish_round();
    s.phase(Phase::Plenary);
    let panel: Vec<CardId> = s.workshop.panel().map(|c| c.id).collect();
    assert_eq!(panel.len(), 6);
    s.check(vec![
        (
            p(0),
            merge(panel[0], panel[1], "x"),
            Refused(Code::NotAllowed),
        ),
        (
            FAC,
            merge(panel[0], panel[1], "Merged on the panel"),
            Accepted,
        ),
    ]);
    assert_eq!(s.workshop.panel().count(), 5);
    s.phase(Phase::Vote);
    s.refused(FAC, merge(panel[2], panel[3], "x"), Code::WrongPhase);
}

#[test]
fn moving_people_by_hand_reshapes_groups() {
    let mut s = Script::with_people(5);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder)); // {0,1} {2,3,4}
    let mv_to = |participant, group| Command::MoveMember {
        round: Round::Pairs,
        participant: pid(participant),
        group,
    };
    s.check(vec![
        (p(0), mv_to(4, Some(g(0))), Refused(Code::NotAllowed)),
        (FAC, mv_to(4, Some(g(0))), Accepted),
        (FAC, mv_to(4, Some(g(0))), Refused(Code::Invalid)),
        (FAC, mv_to(9, Some(g(0))), Refused(Code::UnknownParticipant)),
        (FAC, mv_to(0, Some(g(7))), Refused(Code::UnknownGroup)),
        (FAC, mv_to(1, None), Accepted),
    ]);
    assert_eq!(sizes(&s.groups(Round::Pairs)), [2, 2, 1]);
    // Emptying a group removes it.
    s.ok(FAC, mv_to(1, Some(g(0))));
    assert_eq!(sizes(&s.groups(Round::Pairs)), [3, 2]);
    s.phase(Phase::Fours);
    s.refused(FAC, mv_to(0, None), Code::WrongPhase);
    s.refused(
        FAC,
        form(Round::Pairs, GroupMethod::Random),
        Code::WrongPhase,
    );
}

#[test]
fn the_facilitator_orders_the_fours_for_the_plenary() {
    let mut s = Script::with_people(8);
    s.refused(FAC, Command::OrderGroups { groups: vec![] }, Code::Invalid);
    s.ok(FAC, form(Round::Pairs, GroupMethod::JoinOrder));
    s.ok(FAC, form(Round::Fours, GroupMethod::JoinOrder));
    let fours: Vec<GroupId> = s.groups(Round::Fours).iter().map(|g| g.id).collect();
    let reversed: Vec<GroupId> = fours.iter().rev().copied().collect();
    s.check(vec![
        (
            p(0),
            Command::OrderGroups {
                groups: reversed.clone(),
            },
            Refused(Code::NotAllowed),
        ),
        (
            FAC,
            Command::OrderGroups {
                groups: vec![fours[0]],
            },
            Refused(Code::Invalid),
        ),
        (
            FAC,
            Command::OrderGroups {
                groups: reversed.clone(),
            },
            Accepted,
        ),
    ]);
    let now: Vec<GroupId> = s.groups(Round::Fours).iter().map(|g| g.id).collect();
    assert_eq!(now, reversed);
    assert_eq!(s.workshop.group_name(reversed[0]), "Four 1");
    assert_eq!(s.groups(Round::Pairs).len(), 4, "pairs untouched");
}

#[test]
fn skipping_the_rounds_puts_every_idea_on_the_panel() {
    let mut s = Script::with_people(3);
    s.write_ideas(2);
    s.phase(Phase::Plenary);
    assert_eq!(s.workshop.panel().count(), 6);
    // Without groups, the tray holds them all; the facilitator brings them at once, in
    // the "no theme yet" area, inside the board and without overlapping in a small room.
    assert_eq!(s.workshop.tray().len(), 1);
    s.ok(FAC, Command::Present { group: None });
    assert!(s.workshop.tray().is_empty());
    let mut spots: Vec<(i32, i32)> = s
        .workshop
        .panel()
        .map(|c| (c.x as i32, c.y as i32))
        .collect();
    spots.sort();
    spots.dedup();
    assert_eq!(spots.len(), 6);
    for card in s.workshop.panel() {
        assert!(card.x + CARD_WIDTH <= BOARD_WIDTH && card.y + card.height() <= BOARD_HEIGHT);
        assert_eq!(s.workshop.theme_at(card.x, card.y, card.height()), None);
    }
}
